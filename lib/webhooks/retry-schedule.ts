import "server-only";
// When a failed delivery is tried again: after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h — eight
// attempts over about 27 hours (the schedule Standard Webhooks' reference implementation uses).
// After the last, the endpoint is marked failing and its events wait for a redelivery.
export const RETRY_DELAYS_MS = [
  5_000,
  5 * 60_000,
  30 * 60_000,
  2 * 3_600_000,
  5 * 3_600_000,
  10 * 3_600_000,
  10 * 3_600_000,
] as const;

/** The wait after the `attempts`-th failed attempt, or null when no attempt is left. */
export function retryDelayAfter(attempts: number, delays: readonly number[] = RETRY_DELAYS_MS): number | null {
  return attempts >= 1 && attempts <= delays.length ? delays[attempts - 1]! : null;
}
