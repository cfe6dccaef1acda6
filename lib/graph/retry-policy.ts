import "server-only";
/**
 * When to try a Graph request again, and how long to wait. Pure, so it is tested directly.
 *
 * - 429: never processed by Graph, so safe to repeat for any method; always wait at least
 *   Retry-After (plus a little jitter so a fleet of workers does not return in lockstep).
 * - 5xx / dropped connection / timeout: retried only for idempotent requests (GET, $batch of
 *   GETs, PUT/PATCH/DELETE of a fixed state). For a POST with side effects the outcome is
 *   unknown, so the caller must reconcile instead (AmbiguousWriteError).
 * - Connection refused / DNS failure: the request never left, so it is safe to repeat even for POST.
 * - 401: Graph did not process the call (a token revoked or expired before its time). Repeat it
 *   once, for any method, but only with a fresh token: the same token would be refused again.
 */
export interface RetryOptions {
  /** Total attempts including the first. */
  maxAttempts: number;
  /** First backoff step for 5xx/network retries. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After longer than this is not waited out in-process; the error goes to the caller. */
  maxRetryAfterSeconds: number;
}

export const DEFAULT_RETRY_OPTIONS: RetryOptions = {
  maxAttempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 15_000,
  maxRetryAfterSeconds: 120,
};

export type AttemptOutcome =
  { kind: "status"; status: number; retryAfterSeconds?: number } | { kind: "network"; sent: boolean };

export type RetryDecision =
  | { action: "retry"; delayMs: number }
  /** Get a new token (bypassing any cache) and repeat at once; give up if none is to be had. */
  | { action: "retryWithFreshToken" }
  | { action: "fail" }
  | { action: "ambiguous" };

/** Parses Retry-After: delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - now) / 1000));
}

/** Exponential backoff with full jitter (AWS architecture blog's recommendation). */
export function backoffDelayMs(attempt: number, options: RetryOptions, random: () => number = Math.random): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(random() * ceiling);
}

function honourRetryAfter(seconds: number, random: () => number): number {
  const ms = seconds * 1000;
  return Math.round(ms + random() * Math.min(1000, ms * 0.1 + 100));
}

/** Decides after attempt number `attempt` (1-based) produced `outcome`. */
export function decideRetry(input: {
  attempt: number;
  idempotent: boolean;
  outcome: AttemptOutcome;
  options: RetryOptions;
  /** A fresh token was already fetched after a 401 for this request. */
  tokenRefreshed?: boolean;
  random?: () => number;
}): RetryDecision {
  const { attempt, idempotent, outcome, options } = input;
  const random = input.random ?? Math.random;
  const attemptsLeft = attempt < options.maxAttempts;
  if (outcome.kind === "network") {
    if (!outcome.sent)
      return attemptsLeft ? { action: "retry", delayMs: backoffDelayMs(attempt, options, random) } : { action: "fail" };
    if (!idempotent) return { action: "ambiguous" };
    return attemptsLeft ? { action: "retry", delayMs: backoffDelayMs(attempt, options, random) } : { action: "fail" };
  }
  const { status, retryAfterSeconds } = outcome;
  if (status === 401) return input.tokenRefreshed ? { action: "fail" } : { action: "retryWithFreshToken" };
  if (status === 429) {
    if (!attemptsLeft) return { action: "fail" };
    if (retryAfterSeconds !== undefined) {
      if (retryAfterSeconds > options.maxRetryAfterSeconds) return { action: "fail" };
      return { action: "retry", delayMs: honourRetryAfter(retryAfterSeconds, random) };
    }
    return { action: "retry", delayMs: backoffDelayMs(attempt, options, random) };
  }
  if (status >= 500) {
    if (!idempotent) return { action: "ambiguous" };
    if (!attemptsLeft) return { action: "fail" };
    if (retryAfterSeconds !== undefined && retryAfterSeconds <= options.maxRetryAfterSeconds)
      return { action: "retry", delayMs: honourRetryAfter(retryAfterSeconds, random) };
    return { action: "retry", delayMs: backoffDelayMs(attempt, options, random) };
  }
  return { action: "fail" };
}
