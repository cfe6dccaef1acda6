// Usage: tsx scripts/with-db.ts <command> [args...]
// Runs a command with DATABASE_URL pointing at the operator's PostgreSQL, or at the embedded one
// (started here, or shared when another launcher already runs it), and stops what it started after.
import { spawn } from "node:child_process";
import os from "node:os";
import { loadDotEnv, prepareDatabase, PROJECT_ROOT } from "./lib/database";

const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error("usage: tsx scripts/with-db.ts <command> [args...]");
  process.exit(2);
}

loadDotEnv();
process.env.NEXT_TELEMETRY_DISABLED ??= "1";
const database = await prepareDatabase();

const child = spawn(command, args, {
  cwd: PROJECT_ROOT,
  env: { ...process.env, DATABASE_URL: database.url, PATH: `${PROJECT_ROOT}/node_modules/.bin:${process.env.PATH}` },
  stdio: "inherit",
});

// Forward termination to the child and let it shut down gracefully before the database stops.
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(signal, () => child.kill(signal));
}

const exitCode = await new Promise<number>((resolve) => {
  child.on("error", (error) => {
    console.error(`Could not start ${command}: ${error.message}`);
    resolve(127);
  });
  child.on("exit", (code, signal) => resolve(code ?? 128 + (signal ? (os.constants.signals[signal] ?? 1) : 1)));
});
await database.stop();
process.exit(exitCode);
