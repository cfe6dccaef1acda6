// A small control for fault tests of the e2e stack: stops and restarts the stack's own embedded
// PostgreSQL for real (same data dir, same port), over HTTP on localhost with a random bearer token
// that only the stack file (test-results/e2e-stack-<port>.json, mode 0600) carries. The portal and
// the worker never see it. A stopped database comes back by itself after `maxSeconds` (default
// 120), so a spec that dies mid-outage cannot leave the stack down for the specs after it.
import { randomBytes, timingSafeEqual } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { DatabaseOutageControl } from "./test-stack";

export interface DatabaseControlServer {
  url: string;
  token: string;
  close(): Promise<void>;
}

const DEFAULT_MAX_OUTAGE_SECONDS = 120;

function authorised(request: http.IncomingMessage, token: string): boolean {
  const given = Buffer.from(request.headers.authorization ?? "");
  const expected = Buffer.from(`Bearer ${token}`);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

async function readJson(request: http.IncomingMessage): Promise<Record<string, unknown>> {
  let body = "";
  for await (const chunk of request) body += String(chunk);
  if (!body) return {};
  const parsed: unknown = JSON.parse(body);
  return typeof parsed === "object" && parsed !== null ? (parsed as Record<string, unknown>) : {};
}

export async function startDatabaseControl(
  database: DatabaseOutageControl,
  log: (line: string) => void = console.log,
): Promise<DatabaseControlServer> {
  const token = randomBytes(24).toString("base64url");
  let autoRestart: NodeJS.Timeout | null = null;
  let stoppedAt: number | null = null;

  const state = () => ({
    running: database.running,
    stoppedAt: stoppedAt === null ? null : new Date(stoppedAt).toISOString(),
  });
  const start = async (why: string) => {
    if (autoRestart) clearTimeout(autoRestart);
    autoRestart = null;
    await database.start();
    if (stoppedAt !== null)
      log(`[e2e] database started again (${why}) after ${((Date.now() - stoppedAt) / 1000).toFixed(1)} s`);
    stoppedAt = null;
  };

  const server = http.createServer((request, response) => {
    const reply = (status: number, body: unknown) => {
      response.writeHead(status, { "Content-Type": "application/json", "Cache-Control": "no-store" });
      response.end(JSON.stringify(body));
    };
    if (!authorised(request, token)) return reply(401, { error: "unauthorised" });
    void (async () => {
      try {
        if (request.method === "GET" && request.url === "/database") return reply(200, state());
        if (request.method === "POST" && request.url === "/database/stop") {
          const body = await readJson(request);
          const maxSeconds =
            typeof body.maxSeconds === "number" && body.maxSeconds > 0 ? body.maxSeconds : DEFAULT_MAX_OUTAGE_SECONDS;
          await database.stop();
          stoppedAt ??= Date.now();
          log(`[e2e] database stopped (restarts by itself after ${maxSeconds} s at the latest)`);
          if (autoRestart) clearTimeout(autoRestart);
          autoRestart = setTimeout(
            () =>
              void start("time limit").catch((error: unknown) =>
                log(`[e2e] database restart failed: ${String(error)}`),
              ),
            maxSeconds * 1000,
          );
          autoRestart.unref();
          return reply(200, state());
        }
        if (request.method === "POST" && request.url === "/database/start") {
          await start("asked");
          return reply(200, state());
        }
        return reply(404, { error: "not_found" });
      } catch (error) {
        return reply(500, { error: "failed", message: error instanceof Error ? error.message : String(error) });
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    token,
    close: async () => {
      if (autoRestart) clearTimeout(autoRestart);
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
