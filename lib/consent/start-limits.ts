import "server-only";
// How many consent attempts one invitation may start: a bucket per invitation across all clients
// and processes (lib/security/rate-limit.ts), and a cap on its live attempts (unspent, unexpired),
// so a flood of POST /consent/start aimed at one invitation writes at most a few rows however many
// addresses it comes from. Each attempt row lives CONSENT_ATTEMPT_LIFETIME_MS plus seven days.
import { prisma } from "@/lib/db/client";
import { takeFromBuckets, type BucketRule } from "@/lib/security/rate-limit";

/** 10 at once, then one every 30 seconds. */
export const CONSENT_START_RULE: BucketRule = { capacity: 10, refillPerSecond: 1 / 30 };
/** A person retrying now and then stays far below it; beyond it the start is refused until one expires. */
export const MAX_LIVE_CONSENT_ATTEMPTS = 10;

/** Thrown by startConsent when the invitation is over its limits; the handler answers 429. */
export class ConsentStartLimitedError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super("Too many consent attempts for this invitation");
    this.name = "ConsentStartLimitedError";
  }
}

export async function checkConsentStartLimits(invitationId: string, now: Date): Promise<void> {
  const taken = await takeFromBuckets([{ key: `consent:start:${invitationId}`, rule: CONSENT_START_RULE }]);
  if (!taken.allowed) throw new ConsentStartLimitedError(taken.retryAfterSeconds);
  const live = await prisma.consentAttempt.findMany({
    where: { invitationId, usedAt: null, expiresAt: { gt: now } },
    select: { expiresAt: true },
    orderBy: { expiresAt: "asc" },
    take: MAX_LIVE_CONSENT_ATTEMPTS,
  });
  if (live.length >= MAX_LIVE_CONSENT_ATTEMPTS)
    throw new ConsentStartLimitedError(Math.max(1, Math.ceil((live[0]!.expiresAt.getTime() - now.getTime()) / 1000)));
}
