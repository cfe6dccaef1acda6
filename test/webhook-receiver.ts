// A real webhook receiver for tests: an HTTPS server on 127.0.0.1 (certificate from the emulator's
// CA, which test processes trust through NODE_EXTRA_CA_CERTS) that verifies every delivery with the
// `standardwebhooks` library, exactly as the company's product would. Its behaviour can be switched
// mid-test: answer 2xx, answer an error, hang past the timeout, redirect, stream a large answer that
// never ends, or be down altogether.
import https from "node:https";
import type { AddressInfo } from "node:net";
import { Webhook, WebhookVerificationError } from "standardwebhooks";
import { ensureCertificateAuthority, ensureServerCertificate } from "@/emulator/tls/ca";

export interface ReceivedDelivery {
  id: string;
  timestamp: string;
  signature: string;
  body: string;
  type: string;
  verified: boolean;
  verificationError: string | null;
}

export type ReceiverMode =
  | { kind: "ok" }
  | { kind: "status"; status: number }
  | { kind: "hang" }
  | { kind: "redirect"; location: string }
  | { kind: "slow"; ms: number }
  /** 200 and `bytes` of "x", then the answer is held open: only a reader that stops early is done. */
  | { kind: "large"; bytes: number };

export interface WebhookReceiver {
  url: string;
  received: ReceivedDelivery[];
  /** Deliveries that passed verification, in arrival order. */
  verified(): ReceivedDelivery[];
  secrets: string[];
  mode: ReceiverMode;
  inFlight: number;
  maxInFlight: number;
  /** Stops listening (connections are refused) until start() again, on the same port. */
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

export async function startWebhookReceiver(path = "/hooks/guestpass"): Promise<WebhookReceiver> {
  const dataDir = process.env.EMULATOR_DATA_DIR ?? ".emulator";
  const ca = await ensureCertificateAuthority(dataDir);
  const leaf = await ensureServerCertificate(dataDir, ca);
  let port = 0;
  const receiver: WebhookReceiver = {
    url: "",
    received: [],
    verified: () => receiver.received.filter((delivery) => delivery.verified),
    secrets: [],
    mode: { kind: "ok" },
    inFlight: 0,
    maxInFlight: 0,
    stop: async () => {},
    start: async () => {},
    close: async () => {},
  };
  const server = https.createServer({ key: leaf.keyPem, cert: leaf.certPem }, (request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", async () => {
      receiver.inFlight += 1;
      receiver.maxInFlight = Math.max(receiver.maxInFlight, receiver.inFlight);
      const body = Buffer.concat(chunks).toString("utf8");
      const headers = {
        "webhook-id": String(request.headers["webhook-id"] ?? ""),
        "webhook-timestamp": String(request.headers["webhook-timestamp"] ?? ""),
        "webhook-signature": String(request.headers["webhook-signature"] ?? ""),
      };
      let verificationError: string | null = "no secret";
      for (const secret of receiver.secrets) {
        try {
          new Webhook(secret).verify(body, headers);
          verificationError = null;
          break;
        } catch (error) {
          verificationError = error instanceof WebhookVerificationError ? error.message : String(error);
        }
      }
      let type = "";
      try {
        type = (JSON.parse(body) as { type: string }).type;
      } catch {
        type = "(unparsable)";
      }
      receiver.received.push({
        id: headers["webhook-id"],
        timestamp: headers["webhook-timestamp"],
        signature: headers["webhook-signature"],
        body,
        type,
        verified: verificationError === null,
        verificationError,
      });
      const mode = receiver.mode;
      const finish = (status: number, extra: Record<string, string> = {}) => {
        receiver.inFlight -= 1;
        response.writeHead(status, { "content-type": "text/plain", ...extra });
        response.end(status < 300 ? "ok" : `receiver says ${status}`);
      };
      if (mode.kind === "hang") {
        request.socket.on("close", () => (receiver.inFlight -= 1));
        return;
      }
      if (mode.kind === "large") {
        request.socket.on("close", () => (receiver.inFlight -= 1));
        response.writeHead(200, { "content-type": "text/plain" });
        response.write(Buffer.alloc(mode.bytes, "x"));
        return;
      }
      if (mode.kind === "slow") await new Promise((resolve) => setTimeout(resolve, mode.ms));
      if (mode.kind === "status") return finish(mode.status);
      if (mode.kind === "redirect") return finish(302, { location: mode.location });
      finish(verificationError === null ? 204 : 401);
    });
  });
  const listen = () =>
    new Promise<void>((resolve) => {
      server.listen(port, "127.0.0.1", () => {
        port = (server.address() as AddressInfo).port;
        resolve();
      });
    });
  await listen();
  receiver.url = `https://127.0.0.1:${port}${path}`;
  receiver.stop = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  receiver.start = listen;
  receiver.close = receiver.stop;
  return receiver;
}
