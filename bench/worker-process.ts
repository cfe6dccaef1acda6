// Starts the benchmark's worker as a separate process and watches its memory: VmHWM (the kernel's
// peak resident set) at the end is the peak for the whole life of the process, so each measured
// scenario gets a fresh worker and its peak is that scenario's, start-up included; `idleRss` (right
// after start) separates what loading the code costs from what the work costs. `usage()` asks the
// worker for its CPU time, statements and heap after a full collection (bench/worker-entry.ts).
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import readline from "node:readline";
import { PROJECT_ROOT } from "@/scripts/lib/database";
import { SERVER_CONDITION } from "@/scripts/lib/server-condition";
import { USAGE_LINE, workerUsageSchema, type WorkerUsage } from "./worker-usage";

export interface WorkerMemory {
  /** Resident set right after start-up (code loaded, nothing done yet), MiB. */
  idleRssMiB: number;
  /** Peak resident set over the process's life, MiB. */
  peakRssMiB: number;
  /** Heap still in use after a full collection when the worker stopped, MiB: what the work retained. */
  retainedHeapMiB?: number | null;
}

export interface BenchWorker {
  pid: number;
  memory(): WorkerMemory;
  /** The worker's CPU time and statements so far, and its heap after a full collection. */
  usage(): Promise<WorkerUsage>;
  /** Stops the worker; its memory with what it retained at the end. */
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
    [SERVER_CONDITION, "--expose-gc", ...profileArgs(), "--import", "tsx", path.join("bench", "worker-entry.ts")],
    {
      cwd: PROJECT_ROOT,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  const pid = child.pid;
  if (pid === undefined) throw new Error("the bench worker did not start");
  const tail: string[] = [];
  const usageWaiters: ((usage: WorkerUsage) => void)[] = [];
  let ready = () => {};
  const onLine = (line: string) => {
    if (line.startsWith(USAGE_LINE)) {
      const reading = workerUsageSchema.parse(JSON.parse(line.slice(USAGE_LINE.length)));
      for (const waiter of usageWaiters.splice(0)) waiter(reading);
      return;
    }
    if (line === "bench-worker-ready") ready();
    if (!line) return;
    tail.push(line);
    if (tail.length > 40) tail.shift();
    log(line);
  };
  // Whole lines: a chunk may end inside one.
  if (child.stdout) readline.createInterface({ input: child.stdout }).on("line", onLine);
  if (child.stderr) readline.createInterface({ input: child.stderr }).on("line", onLine);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));

  await new Promise<void>((resolve, reject) => {
    ready = resolve;
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

  const usage = () =>
    new Promise<WorkerUsage>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("the bench worker did not report its usage")), 30_000);
      usageWaiters.push((reading) => {
        clearTimeout(timer);
        resolve(reading);
      });
      child.kill("SIGUSR2");
    });

  return {
    pid,
    memory,
    usage,
    async stop() {
      // The peak first: the collection that measures what is retained must not be part of it.
      const peak = memory();
      const retainedHeapMiB = await usage().then(
        (reading) => reading.heapAfterGcMiB,
        () => null,
      );
      const final = { ...peak, retainedHeapMiB };
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
      await exited;
      clearTimeout(timer);
      return final;
    },
  };
}
