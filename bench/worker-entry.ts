// The worker the benchmark measures: the production runner and task registry (lib/jobs/runner.ts,
// lib/jobs/registry.ts) in its own process, exactly as `npm run worker` starts them, minus the crontab —
// the benchmark queues each periodic job itself, so a cron tick cannot land in the middle of a
// measurement and add Graph calls that belong to no scenario.
import { disconnectPrisma } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { startWorker } from "@/lib/jobs/runner";

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
