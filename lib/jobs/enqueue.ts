// Queue a background job from app code. Pass the Prisma transaction client to make the job part of
// the same transaction as the row it belongs to: both commit, or neither does (graphile-worker's
// add_job is plain SQL and NOTIFYs the workers on commit).
import { prisma } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { tasks, type TaskName, type TaskPayload } from "./tasks";

export interface EnqueueOptions {
  /** At most one pending job per key; a newer enqueue with the same key replaces (or keeps) it. */
  jobKey?: string;
  /** "replace" (default) updates the pending job; "preserve_run_at" keeps its time; "unsafe_dedupe" keeps it whole. */
  jobKeyMode?: "replace" | "preserve_run_at" | "unsafe_dedupe";
  runAt?: Date;
  maxAttempts?: number;
  /** Jobs in one named queue run one at a time, in order. */
  queueName?: string;
  /** Lower runs sooner. */
  priority?: number;
}

type SqlExecutor = Pick<Prisma.TransactionClient, "$queryRaw">;

export async function enqueueJob<Name extends TaskName>(
  name: Name,
  payload: TaskPayload<Name>,
  options: EnqueueOptions = {},
  db: SqlExecutor = prisma,
): Promise<{ jobId: string }> {
  const parsed: unknown = tasks[name].payload.parse(payload);
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT id::text AS id FROM graphile_worker.add_job(
      identifier => ${name},
      payload => ${JSON.stringify(parsed)}::json,
      queue_name => ${options.queueName ?? null}::text,
      run_at => ${options.runAt ?? null}::timestamptz,
      max_attempts => ${options.maxAttempts ?? null}::int,
      job_key => ${options.jobKey ?? null}::text,
      priority => ${options.priority ?? null}::int,
      job_key_mode => ${options.jobKeyMode ?? "replace"}::text
    )`;
  const id = rows[0]?.id;
  if (id === undefined) throw new Error(`graphile_worker.add_job returned no job for ${name}`);
  return { jobId: id };
}
