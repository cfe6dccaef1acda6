// `npm run worker`: the background worker process. Run as many as you like against one PostgreSQL.
import { EventEmitter } from "node:events";
import { makeWorkerUtils, type Runner, type WorkerEvents } from "graphile-worker";
import { disconnectPrisma } from "@/lib/db/client";
import { EnvError, getDatabaseUrl, getEnv } from "@/lib/env";
import { describeErrorForLog } from "@/lib/errors/user-error";
import { startWorker } from "@/lib/jobs/runner";
import { logFor } from "@/lib/log";

const log = logFor("worker");

try {
  getEnv(); // fail at start-up, naming every bad variable, rather than in the first job
} catch (error) {
  if (error instanceof EnvError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}

// The runner gives up when PostgreSQL goes away under it: marking a finished job done is a promise
// graphile-worker does not await, so its rejection is unhandled (Node would exit the process), and a
// runner that lost its database for longer than its own retries rejects. The process stays: it stops
// that runner, waits with a growing pause, starts a new runner once the database answers, and hands
// back the jobs the stopped runner still held — otherwise graphile-worker leaves them locked for 4
// hours. Jobs are locked under the worker *pool's* id (graphile-worker 0.17), not its workers' ids,
// so that is what is collected and unlocked. A handed-back job runs again; every task re-reads its
// state first (invitations.send reconciles with Graph before posting), so that is harmless.
// So a database restart never needs a worker restart.
const concurrency = Number(process.env.WORKER_CONCURRENCY ?? 5);
const events = new EventEmitter() as WorkerEvents;
let poolIds: string[] = [];
events.on("pool:create", ({ workerPool }) => poolIds.push(workerPool.id));
let runner: Runner | undefined;
let stopping = false;
let runnerBroke: (error: unknown) => void = () => {};
process.on("unhandledRejection", (reason) => runnerBroke(reason));

async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  log.info(`Guestpass worker: ${signal} received, finishing running jobs…`);
  await runner?.stop().catch(() => undefined);
  await disconnectPrisma();
  process.exit(0);
}
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void shutdown(signal));

for (let failures = 0; !stopping;) {
  const orphans = poolIds;
  poolIds = [];
  try {
    runner = await startWorker({ concurrency, events });
    if (orphans.length > 0) {
      const utils = await makeWorkerUtils({ connectionString: getDatabaseUrl() });
      await utils.forceUnlockWorkers(orphans).finally(() => utils.release());
      log.info(`Guestpass worker: reconnected; released the jobs of ${orphans.length} stopped worker pool(s)`);
    } else log.info("Guestpass worker started");
    failures = 0;
    await Promise.race([runner.promise, new Promise((_, reject) => (runnerBroke = reject))]);
    break;
  } catch (error) {
    if (stopping) break;
    runnerBroke = () => {};
    await runner?.stop().catch(() => undefined);
    poolIds = [...orphans, ...poolIds];
    failures += 1;
    const pauseMs = Math.min(30_000, 500 * 2 ** failures);
    log.error(describeErrorForLog(error), `job runner stopped; retrying in ${pauseMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
  }
}
