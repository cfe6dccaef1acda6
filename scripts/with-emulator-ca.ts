// Usage: tsx scripts/with-emulator-ca.ts <command> [args...]
// Node reads NODE_EXTRA_CA_CERTS only when a process starts, so test processes that talk to the
// emulator over HTTPS must be started with it already set. This makes sure the emulator's CA exists
// (npm run emulator:ca), then runs the command with NODE_EXTRA_CA_CERTS pointing at it.
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { PROJECT_ROOT } from "./lib/database";

const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error("usage: tsx scripts/with-emulator-ca.ts <command> [args...]");
  process.exit(2);
}

const env: NodeJS.ProcessEnv = {
  ...process.env,
  NEXT_TELEMETRY_DISABLED: "1",
  PATH: `${path.join(PROJECT_ROOT, "node_modules", ".bin")}${path.delimiter}${process.env.PATH}`,
};
if (fs.existsSync(path.join(PROJECT_ROOT, "emulator", "tls", "ensure-ca.ts"))) {
  const output = execFileSync(path.join(PROJECT_ROOT, "node_modules", ".bin", "tsx"), ["emulator/tls/ensure-ca.ts"], {
    cwd: PROJECT_ROOT,
    encoding: "utf8",
  });
  env.NODE_EXTRA_CA_CERTS = path.resolve(PROJECT_ROOT, output.trim().split("\n").at(-1) ?? ".emulator/ca.pem");
} else {
  console.warn(
    "emulator/tls/ensure-ca.ts is not there yet: running without the emulator's CA (emulator tests will fail).",
  );
}

const child = spawn(command, args, { cwd: PROJECT_ROOT, env, stdio: "inherit" });
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
child.on("error", (error) => {
  console.error(`Could not start ${command}: ${error.message}`);
  process.exit(127);
});
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
