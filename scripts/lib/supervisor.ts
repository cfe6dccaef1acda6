// Starts the long-running processes of a local stack (portal, worker, emulator) and stops them in
// reverse order on Ctrl-C / SIGTERM, before the database they depend on goes away.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { PROJECT_ROOT } from "./database";

interface Supervised {
  name: string;
  child: ChildProcess;
  exited: Promise<void>;
}

export class Supervisor {
  private readonly children: Supervised[] = [];
  private stopping = false;

  constructor(private readonly onUnexpectedExit: (name: string, code: number | null) => void) {}

  start(
    name: string,
    bin: string,
    args: string[],
    env: NodeJS.ProcessEnv,
    options: { quiet?: boolean } = {},
  ): ChildProcess {
    const child = spawn(path.join(PROJECT_ROOT, "node_modules", ".bin", bin), args, {
      cwd: PROJECT_ROOT,
      env,
      stdio: ["ignore", options.quiet ? "ignore" : "pipe", "pipe"],
    });
    const prefix = `[${name}] `;
    const relay = (stream: NodeJS.WritableStream) => (chunk: Buffer) => {
      const lines = chunk.toString("utf8").replace(/\n$/, "").split("\n");
      stream.write(lines.map((line) => prefix + line).join("\n") + "\n");
    };
    child.stdout?.on("data", relay(process.stdout));
    child.stderr?.on("data", relay(process.stderr));
    const exited = new Promise<void>((resolve) => {
      child.on("exit", (code) => {
        if (!this.stopping) this.onUnexpectedExit(name, code);
        resolve();
      });
    });
    this.children.push({ name, child, exited });
    return child;
  }

  /** SIGTERM to each child, newest first; SIGKILL to any still running after `graceMs`. */
  async stopAll(graceMs = 10_000): Promise<void> {
    this.stopping = true;
    for (const { child, exited } of [...this.children].reverse()) {
      if (child.exitCode !== null || child.signalCode !== null) continue;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
      await exited;
      clearTimeout(timer);
    }
  }
}

/** Resolves when `url` answers (any HTTP status), or rejects after `timeoutMs`. */
export async function waitForHttp(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await fetch(url, { redirect: "manual", signal: AbortSignal.timeout(2_000) });
      return;
    } catch {
      if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}
