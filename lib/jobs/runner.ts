import "server-only";
// Runs the job handlers (lib/jobs/registry.ts) on graphile-worker: jobs are claimed with SKIP LOCKED and announced with
// LISTEN/NOTIFY, so any number of worker processes can share one PostgreSQL.
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
import { schedule as defaultSchedule, type ScheduledTask } from "./schedule";
import { jobs } from "./contracts";
import { handlers } from "./registry";

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

/** Starts a worker pool; call `runner.stop()` for a graceful shutdown (running jobs finish first). */
export function startWorker(options: WorkerOptions = {}): Promise<Runner> {
  return run({
    connectionString: options.connectionString ?? getDatabaseUrl(),
    concurrency: options.concurrency ?? 5,
    pollInterval: options.pollInterval ?? 2_000,
    // The process that starts the worker owns its signals (scripts/worker.ts), so shutdown is ordered.
    noHandleSignals: true,
    taskList: taskList(),
    parsedCronItems: parseCronItems(options.schedule ?? defaultSchedule),
    events: options.events,
  });
}
