// `npm run worker`'s script as a child process of a test (node + tsx directly, so SIGKILL reaches the
// worker itself, not an npm wrapper). Used by the tests that kill a worker mid-job and start another.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { SERVER_CONDITION } from "@/scripts/lib/server-condition";

const children: ChildProcess[] = [];

export function startWorkerProcess(): ChildProcess {
  const child = spawn(process.execPath, [SERVER_CONDITION, "--import", "tsx", path.join("scripts", "worker.ts")], {
    cwd: path.resolve(import.meta.dirname, ".."),
    env: { ...process.env, WORKER_CONCURRENCY: "2" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.resume();
  child.stderr?.resume();
  children.push(child);
  return child;
}

/** SIGKILL (no graceful shutdown), resolved once the process is gone. */
export function killWorkerProcess(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGKILL");
  });
}

/** Kills every worker this test file started (for afterEach). */
export async function killAllWorkerProcesses(): Promise<void> {
  for (const child of children.splice(0)) await killWorkerProcess(child);
}
