import "server-only";
// Runs the job handlers (lib/jobs/registry.ts) on graphile-worker: jobs are claimed with SKIP LOCKED and announced with
// LISTEN/NOTIFY, so any number of worker processes can share one PostgreSQL.
import { EventEmitter } from "node:events";
import {
  parseCronItems,
  run,
  runMigrations,
  type JobHelpers,
  type Runner,
  type TaskList,
  type WorkerEvents,
} from "graphile-worker";
import { getDatabaseUrl } from "@/lib/env";
import { describeErrorForLog } from "@/lib/errors/user-error";
import { logFor } from "@/lib/log";
import { holdPoolLiveness, SWEEP_INTERVAL_MS, type PoolLiveness } from "./pool-liveness";
import { schedule as defaultSchedule, type ScheduledTask } from "./schedule";
import { jobs } from "./contracts";
import { handlers } from "./registry";

const log = logFor("jobs.runner");

export interface WorkerOptions {
  connectionString?: string;
  concurrency?: number;
  schedule?: ScheduledTask[];
  pollInterval?: number;
  /** graphile-worker's event emitter (scripts/worker.ts learns its pool ids from it). */
  events?: WorkerEvents;
}

function taskList(): TaskList {
  return Object.fromEntries(
    (Object.keys(jobs) as (keyof typeof jobs)[]).map((name) => [
      name,
      async (payload, helpers) => {
        const parsed = jobs[name].payload.safeParse(payload ?? {});
        if (!parsed.success) {
          // Thrown, not swallowed: the job stays visible as failed with the reason.
          throw new Error(`Invalid payload for ${name}: ${parsed.error.issues.map((i) => i.message).join("; ")}`);
        }
        // The payload was just parsed with this job's own schema.
        await (handlers[name] as (payload: unknown, helpers: JobHelpers) => Promise<void>)(parsed.data, helpers);
      },
    ]),
  );
}

/** Installs or upgrades graphile-worker's own schema (graphile_worker.*); idempotent. */
export async function migrateJobQueue(connectionString = getDatabaseUrl()): Promise<void> {
  await runMigrations({ connectionString });
}

/**
 * Starts a worker pool; call `runner.stop()` for a graceful shutdown (running jobs finish first).
 * While it runs, the pool holds its liveness connection and sweeps every few seconds for the jobs
 * of pools that died without stopping (lib/jobs/pool-liveness.ts).
 */
export async function startWorker(options: WorkerOptions = {}): Promise<Runner> {
  const connectionString = options.connectionString ?? getDatabaseUrl();
  const events = options.events ?? (new EventEmitter() as WorkerEvents);
  const held: PoolLiveness[] = [];
  const onPool = ({ workerPool }: { workerPool: { id: string } }) =>
    held.push(holdPoolLiveness(workerPool.id, connectionString));
  events.on("pool:create", onPool);
  let runner: Runner;
  try {
    runner = await run({
      connectionString,
      concurrency: options.concurrency ?? 5,
      pollInterval: options.pollInterval ?? 2_000,
      // The process that starts the worker owns its signals (scripts/worker.ts), so shutdown is ordered.
      noHandleSignals: true,
      taskList: taskList(),
      parsedCronItems: parseCronItems(options.schedule ?? defaultSchedule),
      events,
    });
  } catch (error) {
    await Promise.all(held.map((liveness) => liveness.close()));
    throw error;
  } finally {
    events.off("pool:create", onPool);
  }
  const sweep = async () => {
    try {
      await held[0]?.sweep();
    } catch (error) {
      log.warn(describeErrorForLog(error), "sweep for the jobs of dead worker pools failed");
    }
  };
  const timer = setInterval(() => void sweep(), SWEEP_INTERVAL_MS);
  timer.unref();
  void runner.promise
    .catch(() => undefined)
    .finally(() => {
      clearInterval(timer);
      void Promise.all(held.map((liveness) => liveness.close()));
    });
  return runner;
}
