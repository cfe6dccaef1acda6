import "server-only";
// Each API key's request budget: a token bucket in PostgreSQL (lib/security/rate-limit.ts), so all
// portal processes share it. Answers carry the budget in RateLimit-Policy / RateLimit headers
// (draft-ietf-httpapi-ratelimit-headers); over it, 429 with Retry-After.
// A refusal is audited, but only the first of each key in a minute: a key that floods would
// otherwise write one audit entry per refused request. The "first" is itself a bucket (one token,
// refilled once a minute), so every portal process shares it too.
import { takeFromBuckets, type BucketRule } from "@/lib/security/rate-limit";
import { auditRefusal, type ApiCaller, type RefusalContext } from "./auth";
import { ApiProblem } from "./problem";

/** 600 requests a minute per key, up to 120 at once. */
export const API_KEY_RULE: BucketRule = { capacity: 120, refillPerSecond: 10 };

/** At most one audited 429 per key a minute. */
export const RATE_LIMIT_AUDIT_RULE: BucketRule = { capacity: 1, refillPerSecond: 1 / 60 };

const POLICY = `"per-key";q=${API_KEY_RULE.capacity};w=${Math.round(API_KEY_RULE.capacity / API_KEY_RULE.refillPerSecond)}`;

/** The headers to send with the answer; throws the 429 problem (audited as above) when the key's budget is spent. */
export async function takeApiKeyBudget(
  caller: Pick<ApiCaller, "keyId" | "keyName" | "prefix">,
  context: RefusalContext,
): Promise<Record<string, string>> {
  const taken = await takeFromBuckets([{ key: `api:key:${caller.keyId}`, rule: API_KEY_RULE }]);
  if (!taken.allowed) {
    const firstThisMinute = await takeFromBuckets([
      { key: `api:key:${caller.keyId}:refusal-audit`, rule: RATE_LIMIT_AUDIT_RULE },
    ]);
    if (firstThisMinute.allowed)
      await auditRefusal(caller, "rate_limited", context, { retryAfterSeconds: String(taken.retryAfterSeconds) });
    throw new ApiProblem(
      429,
      "api.rate_limited",
      `This key may send ${API_KEY_RULE.capacity} requests at once and ${API_KEY_RULE.refillPerSecond * 60} a minute.`,
      {
        retryAfterSeconds: taken.retryAfterSeconds,
        headers: { "ratelimit-policy": POLICY, ratelimit: `"per-key";r=0;t=${taken.retryAfterSeconds}` },
      },
    );
  }
  const remaining = taken.remaining ?? 0;
  const untilFull = Math.ceil((API_KEY_RULE.capacity - remaining) / API_KEY_RULE.refillPerSecond);
  return { "ratelimit-policy": POLICY, ratelimit: `"per-key";r=${remaining};t=${untilFull}` };
}
