// The built portal for the scenarios that measure it over HTTP (the dashboard, the send API).
import { spawn } from "node:child_process";
import path from "node:path";
import { PROJECT_ROOT } from "@/scripts/lib/database";
import { freePort } from "@/scripts/lib/test-stack";
import { waitFor } from "./support";

export interface Portal {
  base: string;
  /** The `next start` process (its CPU is read with its children's). */
  pid: number;
  stop(): Promise<void>;
}

/**
 * `next start` of this checkout's build, on a free port, ready once it serves public/ (the static
 * file the scenarios measure against); stop() when done.
 */
export async function startPortal(env: Record<string, string>): Promise<Portal> {
  const port = await freePort();
  const base = `http://localhost:${port}`;
  const server = spawn(
    path.join(PROJECT_ROOT, "node_modules", ".bin", "next"),
    ["start", "--port", String(port), "--hostname", "localhost"],
    {
      cwd: PROJECT_ROOT,
      env: { ...process.env, ...env, APP_URL: base, PORT: String(port), NODE_ENV: "production" },
      stdio: ["ignore", "ignore", "pipe"],
    },
  );
  const errors: string[] = [];
  server.stderr?.on("data", (chunk: Buffer) => errors.push(chunk.toString("utf8")));
  const exited = new Promise<void>((resolve) => server.once("exit", () => resolve()));
  const stop = async () => {
    server.kill("SIGTERM");
    const timer = setTimeout(() => server.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(timer);
  };
  try {
    await waitFor(
      async () => {
        if (server.exitCode !== null) throw new Error(`next start exited: ${errors.join("").slice(-800)}`);
        return fetch(`${base}/bench-static.html`).then(
          (r) => r.status === 200,
          () => false,
        );
      },
      "next start to answer",
      60_000,
      200,
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return { base, pid: server.pid!, stop };
}
