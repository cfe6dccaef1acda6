import "server-only";
// Graph's invitation limit, kept in PostgreSQL so every worker process shares it: Graph counts
// invitations per tenant (150 per 5 s), not per process. It is a sliding window like Graph's own:
// one row per tenant holds the times of the invitations sent in the last window, and a sender takes
// a turn with one atomic statement (the row is locked only for that statement, never across the
// Graph call). A 429 pauses the whole window for Retry-After, so every worker backs off together
// instead of each discovering the limit itself.
// Why a window rather than the token bucket it replaced: a bucket lets through at most
// capacity + rate × 5 s in any 5 s, so staying under 150 capped it at 28 a second (93 % of Graph's
// 30) with a burst of 5; the window may use the whole 150 of every window it keeps.
import { prisma } from "@/lib/db/client";

export interface SendingWindow {
  key: string;
  /** Turns allowed in any window of windowMs. */
  requests: number;
  windowMs: number;
}

/**
 * Graph's 150 invitations per 5 s, counted over a window 500 ms longer than Graph's. The window here
 * is counted when a turn is taken, Graph's when the POST arrives, and the time between the two
 * varies (a short transaction, the request's serialisation, the event loop of a busy worker): if it
 * varies by no more than 500 ms, no 5 s at Graph holds more than 150. 250 ms was not enough: three
 * workers on a saturated 2-core machine (load average 9) drew 149 × 429 over 2,000 invitations. The
 * sustained pace is 150 / 5.5 s = 27.3 a second (91 % of Graph's 30), and a run's first 150 go at
 * once, so 1,000 invitations need 6 windows and a part: at best 95 % of the limit's floor.
 */
export const INVITATION_WINDOW = { requests: 150, windowMs: 5_500 } as const;

export function invitationWindow(tenantId: string): SendingWindow {
  return { key: `graph-invitations:${tenantId}`, ...INVITATION_WINDOW };
}

/** Takes a turn; returns 0 when taken, else how many ms to wait before trying again. */
export async function tryTakeTurn(sendingWindow: SendingWindow): Promise<number> {
  const { key, requests, windowMs } = sendingWindow;
  // Turns older than the window are dropped when the next one is taken, so the row holds at most
  // `requests` times. When the window is full, the wait is until its oldest turn that must leave
  // for a new one to fit.
  const rows = await prisma.$queryRaw<{ taken: boolean; wait_ms: number | null }[]>`
    WITH clock AS MATERIALIZED (SELECT EXTRACT(EPOCH FROM clock_timestamp())::float8 * 1000 AS ms),
    ensured AS (
      INSERT INTO "RateLimitWindow" (key) VALUES (${key}) ON CONFLICT (key) DO NOTHING
    ),
    locked AS (
      SELECT w.key, w."takenAtMs", w."pausedUntilMs" FROM "RateLimitWindow" w WHERE w.key = ${key} FOR UPDATE
    ),
    current AS (
      SELECT l.key, l."pausedUntilMs", c.ms,
             ARRAY(SELECT t FROM unnest(l."takenAtMs") AS t WHERE t > c.ms - ${windowMs}::float8 ORDER BY t) AS kept
      FROM locked l, clock c
    ),
    taken AS (
      UPDATE "RateLimitWindow" w SET "takenAtMs" = c.kept || c.ms
      FROM current c
      WHERE w.key = c.key AND c."pausedUntilMs" <= c.ms AND cardinality(c.kept) < ${requests}::int
      RETURNING w.key
    )
    SELECT EXISTS (SELECT 1 FROM taken) AS taken,
           (SELECT CASE WHEN "pausedUntilMs" > ms THEN "pausedUntilMs" - ms
                        ELSE kept[cardinality(kept) - ${requests}::int + 1] + ${windowMs}::float8 - ms END
            FROM current)::float8 AS wait_ms`;
  const row = rows[0];
  if (row?.taken) return 0;
  // No row yet: the insert above is not visible to the rest of its own statement; ask again.
  if (row?.wait_ms === null || row?.wait_ms === undefined) return 1;
  return Math.max(1, Math.ceil(row.wait_ms));
}

/** Waits for a turn (asking the shared window again when its oldest turn leaves). */
export async function takeTurn(
  sendingWindow: SendingWindow,
  sleep: (ms: number) => Promise<void> = defaultSleep,
): Promise<void> {
  for (;;) {
    const waitMs = await tryTakeTurn(sendingWindow);
    if (waitMs === 0) return;
    await sleep(waitMs + Math.random() * 20);
  }
}

/** Graph said 429 with Retry-After: nobody takes a turn in this window until it has passed. */
export async function pauseSending(sendingWindow: SendingWindow, seconds: number): Promise<void> {
  await prisma.$executeRaw`
    INSERT INTO "RateLimitWindow" (key, "pausedUntilMs")
    VALUES (${sendingWindow.key}, EXTRACT(EPOCH FROM clock_timestamp())::float8 * 1000 + ${seconds * 1000}::float8)
    ON CONFLICT (key) DO UPDATE SET
      "pausedUntilMs" = GREATEST("RateLimitWindow"."pausedUntilMs", EXCLUDED."pausedUntilMs")`;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
