import "server-only";
// graphile-worker leaves the jobs of a worker that died without stopping (kill -9, OOM, a lost
// machine) locked for 4 hours, and with a job its named queue: every later message to that mailbox
// would wait 4 hours behind one crash. Its own fix is forceUnlockWorkers for pools known to be dead,
// so each worker pool says it is alive by holding one PostgreSQL connection named after it
// (application_name). PostgreSQL drops a connection the moment its process dies, so a pool that holds
// locks and has no such connection is dead; any worker's sweep (every few seconds) hands its jobs
// back. A lock younger than the grace period is left alone: the pool that took it may still be
// opening its connection. A job handed back runs again; every task re-reads its state first (a send
// whose outcome is unknown is not repeated), so that is harmless.
import pg from "pg";
import { describeErrorForLog } from "@/lib/errors/user-error";
import { logFor } from "@/lib/log";

const log = logFor("jobs.liveness");

const NAME_PREFIX = "guestpass-pool:";
/** A lock this young is never taken back, whoever holds it. */
export const LOCK_GRACE_SECONDS = 15;
export const SWEEP_INTERVAL_MS = 5_000;
const RECONNECT_MS = 1_000;

export interface PoolLiveness {
  /** Runs the sweep on this pool's own connection; false when it is not connected right now. */
  sweep(): Promise<string[] | false>;
  close(): Promise<void>;
}

const SWEEP_SQL = `
WITH live AS (
  SELECT substr(application_name, ${NAME_PREFIX.length + 1}) AS pool_id FROM pg_stat_activity
  WHERE datname = current_database() AND application_name LIKE '${NAME_PREFIX}%'
), held AS (
  SELECT locked_by, locked_at FROM graphile_worker._private_jobs WHERE locked_by IS NOT NULL
  UNION ALL
  SELECT locked_by, locked_at FROM graphile_worker._private_job_queues WHERE locked_by IS NOT NULL
)
SELECT DISTINCT locked_by AS pool FROM held
WHERE locked_at < now() - interval '${LOCK_GRACE_SECONDS} seconds' AND locked_by NOT IN (SELECT pool_id FROM live)`;

/** Holds the pool's named connection (reconnecting if it drops) until close(). */
export function holdPoolLiveness(poolId: string, connectionString: string): PoolLiveness {
  let client: pg.Client | null = null;
  let connected = false;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;

  const connect = () => {
    if (closed) return;
    const next = new pg.Client({ connectionString, application_name: `${NAME_PREFIX}${poolId}` });
    client = next;
    const lost = () => {
      if (client !== next) return;
      connected = false;
      client = null;
      next.end().catch(() => undefined);
      if (!closed) retry = setTimeout(connect, RECONNECT_MS).unref();
    };
    next.on("error", lost);
    next.on("end", lost);
    next.connect().then(
      () => {
        connected = client === next;
      },
      (error: unknown) => {
        log.warn(describeErrorForLog(error), "pool liveness: cannot connect");
        lost();
      },
    );
  };
  connect();

  return {
    async sweep() {
      const current = client;
      if (!current || !connected) return false;
      const pools = (await current.query<{ pool: string }>(SWEEP_SQL)).rows.map((row) => row.pool);
      if (pools.length === 0) return pools;
      await current.query("SELECT graphile_worker.force_unlock_workers($1::text[])", [pools]);
      log.warn({ pools }, "released the jobs of worker pools that died without stopping");
      return pools;
    },
    async close() {
      closed = true;
      clearTimeout(retry);
      const current = client;
      client = null;
      connected = false;
      await current?.end().catch(() => undefined);
    },
  };
}
