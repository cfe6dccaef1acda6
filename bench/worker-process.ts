// Starts the benchmark's worker as a separate process and watches its memory: VmHWM (the kernel's
// peak resident set) at the end is the peak for the whole life of the process, so each measured
// scenario gets a fresh worker and its peak is that scenario's, start-up included; `idleRss` (right
// after start) separates what loading the code costs from what the work costs.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { PROJECT_ROOT } from "@/scripts/lib/database";
import { SERVER_CONDITION } from "@/scripts/lib/server-condition";

export interface WorkerMemory {
  /** Resident set right after start-up (code loaded, nothing done yet), MiB. */
  idleRssMiB: number;
  /** Peak resident set over the process's life, MiB. */
  peakRssMiB: number;
}

export interface BenchWorker {
  pid: number;
  memory(): WorkerMemory;
  stop(): Promise<WorkerMemory>;
}

function readStatusKiB(pid: number, field: "VmRSS" | "VmHWM"): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status);
  return match ? Number(match[1]) : 0;
}

const mib = (kib: number) => Math.round((kib / 1024) * 10) / 10;

/**
 * BENCH_WORKER_PROF=<dir>: each bench worker writes a V8 CPU profile there when it stops (open it in
 * Chrome's DevTools). Node refuses --cpu-prof in NODE_OPTIONS, so it goes on the command line.
 */
function profileArgs(): string[] {
  const dir = process.env.BENCH_WORKER_PROF;
  return dir ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(dir)}`] : [];
}

export async function startBenchWorker(
  env: Record<string, string>,
  log: (line: string) => void = () => {},
): Promise<BenchWorker> {
  // node --import tsx: one process (the tsx CLI would add a parent whose RSS is not the worker's).
  const child: ChildProcess = spawn(
    process.execPath,
    [SERVER_CONDITION, ...profileArgs(), "--import", "tsx", path.join("bench", "worker-entry.ts")],
    {
      cwd: PROJECT_ROOT,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  const pid = child.pid;
  if (pid === undefined) throw new Error("the bench worker did not start");
  const tail: string[] = [];
  const remember = (chunk: Buffer) => {
    for (const line of chunk.toString("utf8").split("\n").filter(Boolean)) {
      tail.push(line);
      if (tail.length > 40) tail.shift();
      log(line);
    }
  };
  child.stderr?.on("data", remember);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));

  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      remember(chunk);
      if (chunk.toString("utf8").includes("bench-worker-ready")) {
        child.stdout?.off("data", onData);
        child.stdout?.on("data", remember);
        resolve();
      }
    };
    child.stdout?.on("data", onData);
    void exited.then((code) =>
      reject(new Error(`bench worker exited (${code}) before it was ready:\n${tail.join("\n")}`)),
    );
  });
  const idleRssMiB = mib(readStatusKiB(pid, "VmRSS"));
  let last: WorkerMemory = { idleRssMiB, peakRssMiB: mib(readStatusKiB(pid, "VmHWM")) };
  const memory = () => {
    try {
      last = { idleRssMiB, peakRssMiB: mib(readStatusKiB(pid, "VmHWM")) };
    } catch {
      // the process is gone: keep the last reading
    }
    return last;
  };

  return {
    pid,
    memory,
    async stop() {
      const final = memory();
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
      await exited;
      clearTimeout(timer);
      return final;
    },
  };
}
