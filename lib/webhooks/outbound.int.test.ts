// The SSRF guard against real sockets: a name that resolves to a loopback address is refused after
// resolution (no connection is made), a redirect to the metadata address is not followed, a
// receiver that hangs is cut off at the timeout (a 2xx whose body stalls stays a 2xx), and a huge
// answer is read only up to the cap.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWebhookReceiver, type WebhookReceiver } from "@/test/webhook-receiver";
import { postGuarded, RefusedUrlError } from "./outbound";

let receiver: WebhookReceiver;
beforeAll(async () => {
  receiver = await startWebhookReceiver();
});
afterAll(() => receiver.close());

const port = () => new URL(receiver.url).port;

describe("postGuarded", () => {
  it("refuses a host name resolving to 127.0.0.1 without the development setting, before connecting", async () => {
    const before = receiver.received.length;
    const attempt = postGuarded(`https://localhost:${port()}/hooks/guestpass`, "{}", {}, { allowLoopbackHttp: false });
    await expect(attempt).rejects.toBeInstanceOf(RefusedUrlError);
    await expect(attempt).rejects.toThrow(/loopback/);
    expect(receiver.received.length).toBe(before);
  });

  it("reaches the same receiver by name with the development setting", async () => {
    receiver.mode = { kind: "status", status: 202 };
    await expect(
      postGuarded(`https://localhost:${port()}/hooks/guestpass`, "{}", {}, { allowLoopbackHttp: true }),
    ).resolves.toMatchObject({ status: 202 });
  });

  it("does not follow a redirect to the metadata address", async () => {
    receiver.mode = { kind: "redirect", location: "http://169.254.169.254/latest/meta-data/" };
    const response = await postGuarded(receiver.url, "{}", {}, { allowLoopbackHttp: true });
    expect(response.status).toBe(302);
  });

  it("gives up on a receiver that does not answer in time", async () => {
    receiver.mode = { kind: "hang" };
    await expect(
      postGuarded(receiver.url, "{}", {}, { allowLoopbackHttp: true, timeoutMs: 300 }),
    ).rejects.toMatchObject({ code: "ETIMEDOUT" });
  });

  it("keeps a 2xx whose body then stalls: the status line is the answer, cut off at the timeout", async () => {
    receiver.mode = { kind: "large", bytes: 10 };
    const response = await postGuarded(receiver.url, "{}", {}, { allowLoopbackHttp: true, timeoutMs: 400 });
    expect(response).toMatchObject({ status: 200, body: "x".repeat(10) });
    expect(response.latencyMs).toBeGreaterThanOrEqual(390);
  });

  it("stops reading a 1 MB answer at 64 KB, without waiting for its end", async () => {
    receiver.mode = { kind: "large", bytes: 1024 * 1024 };
    const response = await postGuarded(receiver.url, "{}", {}, { allowLoopbackHttp: true, timeoutMs: 5_000 });
    expect(response.status).toBe(200);
    expect(Buffer.byteLength(response.body)).toBe(64 * 1024);
    // The receiver never ends its answer: only a read that stopped at the cap returns before the timeout.
    expect(response.latencyMs).toBeLessThan(5_000);
  });
});
