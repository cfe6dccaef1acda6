import "server-only";
// Queue a background job from app code. Pass the Prisma transaction client to make the job part of
// the same transaction as the row it belongs to: both commit, or neither does (graphile-worker's
// add_job is plain SQL and NOTIFYs the workers on commit). Only the jobs' contracts are imported
// here, never their handlers: queuing a job does not load the worker.
import { prisma } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { jobs, type JobInput, type JobName } from "./contracts";

export interface EnqueueOptions {
  /**
   * For jobs whose contract has a key: "replace" (default) updates the pending job;
   * "preserve_run_at" keeps its time; "unsafe_dedupe" keeps it whole.
   */
  jobKeyMode?: "replace" | "preserve_run_at" | "unsafe_dedupe";
  runAt?: Date;
  maxAttempts?: number;
  /** Jobs in one named queue run one at a time, in order. */
  queueName?: string;
  /** Lower runs sooner. */
  priority?: number;
}

type SqlExecutor = Pick<Prisma.TransactionClient, "$queryRaw">;

export async function enqueueJob<Name extends JobName>(
  name: Name,
  payload: JobInput<Name>,
  options: EnqueueOptions = {},
  db: SqlExecutor = prisma,
): Promise<{ jobId: string }> {
  const contract: { payload: { parse(input: unknown): unknown }; key?: (payload: never) => string } = jobs[name];
  const parsed = contract.payload.parse(payload);
  const jobKey = contract.key ? contract.key(parsed as never) : null;
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT id::text AS id FROM graphile_worker.add_job(
      identifier => ${name},
      payload => ${JSON.stringify(parsed)}::json,
      queue_name => ${options.queueName ?? null}::text,
      run_at => ${options.runAt ?? null}::timestamptz,
      max_attempts => ${options.maxAttempts ?? null}::int,
      job_key => ${jobKey}::text,
      priority => ${options.priority ?? null}::int,
      job_key_mode => ${options.jobKeyMode ?? "replace"}::text
    )`;
  const id = rows[0]?.id;
  if (id === undefined) throw new Error(`graphile_worker.add_job returned no job for ${name}`);
  return { jobId: id };
}
