// A second portal (`next start` of the same build) on the run's stack, the same database, emulator
// and secrets, but with an operator setting of its own. The stack's portal runs with the
// development settings the other specs need (scripts/e2e-server.ts); a spec that must show what a
// production portal does starts one of these with the setting left out. Staff signed in on the
// stack's portal are signed in here too: the session cookie is the host's (localhost), not the
// port's, and names a session row in the shared database.
import { spawn } from "node:child_process";
import path from "node:path";
import { freePort } from "../../scripts/lib/free-port";
import { stackEnv } from "./stack";

export interface SecondPortal {
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts the portal with `without` removed from its environment and `set` added to it (an operator
 * switch turned on); resolves once it serves /signin.
 */
export async function startSecondPortal(
  without: readonly string[],
  set: Readonly<Record<string, string>> = {},
): Promise<SecondPortal> {
  const port = await freePort();
  const url = `http://localhost:${port}`;
  const env: NodeJS.ProcessEnv = { ...process.env, ...stackEnv(), ...set, PORT: String(port) };
  // The stack file also carries the database switch for fault specs: no portal gets that.
  for (const name of [...without, "E2E_DATABASE_CONTROL_URL", "E2E_DATABASE_CONTROL_TOKEN"]) delete env[name];
  const child = spawn(
    path.join("node_modules", ".bin", "next"),
    ["start", "--port", String(port), "--hostname", "localhost"],
    { env, stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  const keep = (chunk: Buffer) => (output = (output + chunk.toString("utf8")).slice(-4_000));
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(timer);
  };
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the second portal exited (${child.exitCode}):\n${output}`);
    const ready = await fetch(`${url}/signin`, { redirect: "manual", signal: AbortSignal.timeout(2_000) }).then(
      (response) => response.status === 200,
      () => false,
    );
    if (ready) return { url, stop };
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await stop();
  throw new Error(`the second portal did not serve /signin within 60 s:\n${output}`);
}
