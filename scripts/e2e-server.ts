// Playwright's webServer: a fresh database and emulator (scripts/lib/test-stack.ts), the worker and
// the built portal (`next start`) on E2E_PORT (3100). Stops everything on SIGTERM.
import fs from "node:fs";
import path from "node:path";
import { startDatabaseControl } from "./lib/database-control";
import { PROJECT_ROOT } from "./lib/database";
import { Supervisor } from "./lib/supervisor";
import { startTestStack } from "./lib/test-stack";
import { SERVER_CONDITION } from "./lib/server-condition";

const port = Number(process.env.E2E_PORT ?? 3100);
const appUrl = `http://localhost:${port}`;

if (!fs.existsSync(path.join(PROJECT_ROOT, ".next", "BUILD_ID"))) {
  console.error("No production build found: run `npx next build` first (npm run test:e2e does).");
  process.exit(1);
}

const stack = await startTestStack({ appUrl });
// Webhook specs run their receiver on this machine (https to 127.0.0.1): the development setting.
const env = { ...process.env, ...stack.env, PORT: String(port), WEBHOOK_ALLOW_LOOPBACK_HTTP: "true" };
// Fault specs stop and restart the stack's own PostgreSQL through this (not on an external server).
const databaseControl = stack.outage ? await startDatabaseControl(stack.outage) : null;
// Tests that need to reach the stack directly (control API, database) read it from here. Named by
// port: two runs in one checkout (on different E2E_PORTs) must not read each other's stack. The
// database control is only in this file, not in the portal's or the worker's environment.
const controls = databaseControl
  ? { E2E_DATABASE_CONTROL_URL: databaseControl.url, E2E_DATABASE_CONTROL_TOKEN: databaseControl.token }
  : {};
fs.mkdirSync(path.join(PROJECT_ROOT, "test-results"), { recursive: true });
fs.writeFileSync(
  path.join(PROJECT_ROOT, "test-results", `e2e-stack-${port}.json`),
  JSON.stringify({ ...stack.env, ...controls }, null, 2),
  { mode: 0o600 },
);
// The portal's and the worker's output also go to a file, so the canary spec can prove no secret
// or token was ever logged (e2e/security-canary.spec.ts).
const logFile = fs.createWriteStream(path.join(PROJECT_ROOT, "test-results", `e2e-stack-${port}.log`), { flags: "w" });
for (const stream of [process.stdout, process.stderr]) {
  const write = stream.write.bind(stream) as (chunk: string | Uint8Array) => boolean;
  stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    logFile.write(chunk);
    return (write as (...args: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof stream.write;
}

let shuttingDown = false;
async function shutdown(code: number) {
  if (shuttingDown) return;
  shuttingDown = true;
  await supervisor.stopAll();
  await databaseControl?.close();
  await stack.stop();
  process.exit(code);
}

const supervisor = new Supervisor((name, code) => {
  console.error(`[e2e] ${name} exited unexpectedly (code ${code}); stopping the stack.`);
  void shutdown(1);
});
supervisor.start("worker", "tsx", [SERVER_CONDITION, "scripts/worker.ts"], env);
supervisor.start("portal", "next", ["start", "--port", String(port), "--hostname", "localhost"], env);

for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void shutdown(0));
// Says when and why the stack goes away, so a spec that finds it gone can tell from the log.
process.on("exit", (code) => console.error(`[e2e] stack process exiting (code ${code})`));
process.on("SIGHUP", () => {
  console.error("[e2e] SIGHUP received; the stack keeps running");
});
