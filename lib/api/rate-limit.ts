import "server-only";
// Each API key's request budget: a token bucket in PostgreSQL (lib/security/rate-limit.ts), so all
// portal processes share it. Answers carry the budget in RateLimit-Policy / RateLimit headers
// (draft-ietf-httpapi-ratelimit-headers); over it, 429 with Retry-After.
import { takeFromBuckets, type BucketRule } from "@/lib/security/rate-limit";
import { ApiProblem } from "./problem";

/** 600 requests a minute per key, up to 120 at once. */
export const API_KEY_RULE: BucketRule = { capacity: 120, refillPerSecond: 10 };

const POLICY = `"per-key";q=${API_KEY_RULE.capacity};w=${Math.round(API_KEY_RULE.capacity / API_KEY_RULE.refillPerSecond)}`;

/** The headers to send with the answer; throws the 429 problem when the key's budget is spent. */
export async function takeApiKeyBudget(keyId: string): Promise<Record<string, string>> {
  const taken = await takeFromBuckets([{ key: `api:key:${keyId}`, rule: API_KEY_RULE }]);
  if (!taken.allowed) {
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
