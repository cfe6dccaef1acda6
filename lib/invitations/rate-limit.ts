import "server-only";
// A token bucket in PostgreSQL shared by every worker process: Graph limits invitations per tenant
// (150 per 5 s), not per process, so the budget must live where all workers see it. One atomic
// UPDATE per token, no advisory locks held across the Graph call. A 429 pauses the whole bucket for
// Retry-After, so every worker backs off together instead of each discovering the limit itself.
// Chosen over per-job pacing because pacing cannot know about the other workers' calls.
import { prisma } from "@/lib/db/client";

export interface BucketConfig {
  key: string;
  /** Tokens available at once (burst). */
  capacity: number;
  refillPerSecond: number;
}

/**
 * Graph's invitation limit is 150 per 5 s per tenant. A bucket allows at most capacity + rate × 5 s
 * in any 5 s window: a burst of 5 plus 28/s gives 5 + 140 = 145, under the limit with 5 to spare
 * for network jitter (requests taken close together may reach Graph slightly closer together),
 * while the sustained 28/s is 93 % of Graph's 30/s. A bigger burst would buy a faster start only by
 * lowering the sustained rate; for 1,000 invitations the rate is what counts.
 */
export const INVITATION_BUCKET = { capacity: 5, refillPerSecond: 28 } as const;

export function invitationBucket(tenantId: string): BucketConfig {
  return { key: `graph-invitations:${tenantId}`, ...INVITATION_BUCKET };
}

/** Takes one token; returns 0 when taken, else how many ms to wait before trying again. */
export async function tryTakeToken(bucket: BucketConfig): Promise<number> {
  const { key, capacity, refillPerSecond: rate } = bucket;
  // The refill counts only time after refilledAt; a paused bucket has refilledAt in the future.
  const rows = await prisma.$queryRaw<{ tokens: number; wait_ms: number }[]>`
    WITH upsert AS (
      INSERT INTO "RateLimitBucket" (key, tokens, "refilledAt") VALUES (${key}, ${capacity}, clock_timestamp())
      ON CONFLICT (key) DO NOTHING
    ),
    current AS (
      SELECT b.key,
             LEAST(${capacity}::float8, b.tokens + GREATEST(0, EXTRACT(EPOCH FROM (clock_timestamp() - b."refilledAt"))) * ${rate}::float8) AS available,
             GREATEST(0, EXTRACT(EPOCH FROM (b."refilledAt" - clock_timestamp())) * 1000) AS paused_ms
      FROM "RateLimitBucket" b WHERE b.key = ${key}
      FOR UPDATE
    ),
    taken AS (
      UPDATE "RateLimitBucket" b
      SET tokens = c.available - 1, "refilledAt" = clock_timestamp()
      FROM current c
      WHERE b.key = c.key AND c.paused_ms = 0 AND c.available >= 1
      RETURNING b.tokens
    )
    SELECT COALESCE((SELECT tokens FROM taken), -1)::float8 AS tokens,
           COALESCE((SELECT CASE WHEN paused_ms > 0 THEN paused_ms ELSE (1 - available) / ${rate}::float8 * 1000 END FROM current), 0)::float8 AS wait_ms`;
  const row = rows[0];
  if (!row) return 1000 / rate; // first use: the insert above is not visible in this statement
  if (row.tokens >= 0) return 0;
  return Math.max(1, Math.ceil(row.wait_ms));
}

/** Waits for a token (polling the shared bucket at the pace it refills). */
export async function takeToken(
  bucket: BucketConfig,
  sleep: (ms: number) => Promise<void> = defaultSleep,
): Promise<void> {
  for (;;) {
    const waitMs = await tryTakeToken(bucket);
    if (waitMs === 0) return;
    await sleep(waitMs + Math.random() * 20);
  }
}

/** Graph said 429 with Retry-After: nobody takes a token from this bucket until it has passed. */
export async function pauseBucket(bucket: BucketConfig, seconds: number): Promise<void> {
  await prisma.$executeRaw`
    INSERT INTO "RateLimitBucket" (key, tokens, "refilledAt")
    VALUES (${bucket.key}, 0, clock_timestamp() + make_interval(secs => ${seconds}::float8))
    ON CONFLICT (key) DO UPDATE SET tokens = 0,
      "refilledAt" = GREATEST("RateLimitBucket"."refilledAt", EXCLUDED."refilledAt")`;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
