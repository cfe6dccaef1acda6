// The worker the benchmark measures: the production runner and task registry (lib/jobs/runner.ts,
// lib/jobs/registry.ts) in its own process, exactly as `npm run worker` starts them, minus the crontab —
// the benchmark queues each periodic job itself, so a cron tick cannot land in the middle of a
// measurement and add Graph calls that belong to no scenario.
//
// SIGUSR2 asks for the process's usage so far: CPU time, statements sent to PostgreSQL (Prisma's
// adapter and graphile-worker both talk through pg's Client), and, after a full collection, the heap
// still in use — what the work retained, as against the garbage a peak resident set also counts.
import { disconnectPrisma } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { startWorker } from "@/lib/jobs/runner";
import { watchStatements } from "./pg-statements";
import { USAGE_LINE, type WorkerUsage } from "./worker-usage";

let statements = 0;
watchStatements(() => {
  statements += 1;
});

function usage(): WorkerUsage {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const cpu = process.cpuUsage();
  return {
    cpuMs: Math.round((cpu.user + cpu.system) / 100) / 10,
    statements,
    heapAfterGcMiB: gc ? Math.round((process.memoryUsage().heapUsed / 1024 / 1024) * 10) / 10 : null,
  };
}
process.on("SIGUSR2", () => process.stdout.write(`${USAGE_LINE}${JSON.stringify(usage())}\n`));

getEnv();
const runner = await startWorker({
  schedule: [],
  concurrency: Number(process.env.WORKER_CONCURRENCY ?? 5),
  pollInterval: 1_000,
});
process.stdout.write("bench-worker-ready\n");

let stopping = false;
async function shutdown() {
  if (stopping) return;
  stopping = true;
  await runner.stop();
  await disconnectPrisma();
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown());
process.on("SIGINT", () => void shutdown());
await runner.promise;
