import "server-only";
// Token buckets for the public consent routes, in PostgreSQL (the RateLimitBucket table the Graph
// invitation bucket uses too) so that every portal process draws from one budget. Taking a token
// from one or more buckets is one statement: an upsert that refills by the time since the bucket
// was last touched and takes a token only where one is available (a refused key is not updated).
// A small in-process layer in front (MemoryBuckets) turns a flood away without a database round
// trip; it can only refuse earlier, never let more through, so the shared buckets stay the rule.
import { Prisma } from "@/lib/db/generated/client";
import { prisma } from "@/lib/db/client";

export interface BucketRule {
  /** Tokens available at once (the burst). */
  capacity: number;
  refillPerSecond: number;
}

export interface BucketTake {
  key: string;
  rule: BucketRule;
}

export type TakeResult =
  | { allowed: true; /** Whole tokens left in the emptiest bucket. */ remaining?: number }
  | { allowed: false; retryAfterSeconds: number };

/**
 * Takes a token from each bucket in `takes` that has one, in one statement; allowed only if every
 * bucket had one (a request refused by one bucket still counts against the others: it was made).
 */
export async function takeFromBuckets(takes: BucketTake[]): Promise<TakeResult> {
  if (takes.length === 0) return { allowed: true };
  const keys = takes.map((t) => t.key);
  const capacities = takes.map((t) => t.rule.capacity);
  const rates = takes.map((t) => t.rule.refillPerSecond);
  const available = Prisma.sql`(SELECT LEAST(p.capacity, b.tokens + GREATEST(0, EXTRACT(EPOCH FROM (now() - b."refilledAt"))) * p.rate) FROM params p WHERE p.key = b.key)`;
  const granted = await prisma.$queryRaw<{ key: string; tokens: number }[]>`
    WITH params(key, capacity, rate) AS (SELECT * FROM UNNEST(${keys}::text[], ${capacities}::float8[], ${rates}::float8[]))
    INSERT INTO "RateLimitBucket" AS b (key, tokens, "refilledAt")
    SELECT key, capacity - 1, now() FROM params
    ON CONFLICT (key) DO UPDATE SET tokens = ${available} - 1, "refilledAt" = GREATEST(b."refilledAt", now())
    WHERE ${available} >= 1
    RETURNING b.key, b.tokens`;
  if (granted.length === takes.length)
    return { allowed: true, remaining: Math.max(0, Math.floor(Math.min(...granted.map((row) => row.tokens)))) };
  const grantedKeys = new Set(granted.map((row) => row.key));
  const refused = takes.filter((t) => !grantedKeys.has(t.key));
  const rows = await prisma.rateLimitBucket.findMany({
    where: { key: { in: refused.map((t) => t.key) } },
    select: { key: true, tokens: true, refilledAt: true },
  });
  const now = Date.now();
  const waits = refused.map((take) => {
    const row = rows.find((r) => r.key === take.key);
    if (!row) return 1;
    const paused = Math.max(0, row.refilledAt.getTime() - now) / 1000;
    const elapsed = Math.max(0, now - row.refilledAt.getTime()) / 1000;
    const tokens = Math.min(take.rule.capacity, row.tokens + elapsed * take.rule.refillPerSecond);
    return paused + Math.max(0, 1 - tokens) / take.rule.refillPerSecond;
  });
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(Math.max(...waits))) };
}

/** The same buckets kept in this process only: a first layer that spares the database a flood. */
export class MemoryBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly maxKeys = 10_000) {}

  /** Like takeFromBuckets: a token from each bucket that has one; allowed only if all had one. */
  take(takes: BucketTake[], now = Date.now()): TakeResult {
    // A full map is dropped whole: forgetting buckets only ever leaves the decision to the shared layer.
    if (this.buckets.size + takes.length > this.maxKeys) this.buckets.clear();
    let wait = 0;
    for (const { key, rule } of takes) {
      const bucket = this.buckets.get(key);
      const tokens = bucket
        ? Math.min(rule.capacity, bucket.tokens + (Math.max(0, now - bucket.at) / 1000) * rule.refillPerSecond)
        : rule.capacity;
      if (tokens >= 1) this.buckets.set(key, { tokens: tokens - 1, at: now });
      else wait = Math.max(wait, (1 - tokens) / rule.refillPerSecond);
    }
    return wait > 0 ? { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(wait)) } : { allowed: true };
  }
}
