// The emulator writes its variables to `<dataDir>/demo.env` once it listens; the demo reads them to
// start the portal and the worker. A file that exists is not yet a file that is complete: the demo
// waits until it is newer than the emulator's start and names every variable the portal needs.
import fs from "node:fs";
import { parseEnv } from "node:util";

/** Without these the portal refuses to start (lib/env.ts), so a file lacking one is not ready yet. */
export const EMULATOR_ENV_REQUIRED = [
  "AZURE_TENANT_ID",
  "AZURE_CLIENT_ID",
  "MICROSOFT_AUTHORITY_HOST",
  "GRAPH_BASE_URL",
] as const;

function readIfComplete(file: string, since: number): { env: Record<string, string> | null; missing: string[] } {
  if (!fs.existsSync(file) || fs.statSync(file).mtimeMs < since)
    return { env: null, missing: [...EMULATOR_ENV_REQUIRED] };
  const env = parseEnv(fs.readFileSync(file, "utf8")) as Record<string, string>;
  const missing = EMULATOR_ENV_REQUIRED.filter((name) => !env[name]);
  return { env: missing.length === 0 ? env : null, missing };
}

export async function waitForEmulatorEnv(
  file: string,
  since: number,
  timeoutMs: number,
  pollMs = 200,
): Promise<Record<string, string>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { env, missing } = readIfComplete(file, since);
    if (env) return env;
    if (Date.now() > deadline)
      throw new Error(`${file} was not complete within ${timeoutMs} ms (missing: ${missing.join(", ")})`);
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
