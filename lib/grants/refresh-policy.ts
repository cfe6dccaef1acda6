import "server-only";
// When a grant is refreshed next. The job's purpose is to keep the refresh token alive (Entra
// expires it after 90 days without use) and to notice revoked or expired consent early, so
// support can send a fresh link before the product needs to send mail. Access tokens are renewed
// on demand by sendMailAs (MSAL refreshes when one is within five minutes of expiry), so the job
// need not run hourly per grant: at 50,000 grants a daily pass is ~0.6 token requests a second.
export const GRANT_REFRESH_INTERVAL_MS = 24 * 60 * 60_000;
/** Spread refreshes so grants consented together do not all come due in the same minute. */
const JITTER_MS = 60 * 60_000;

export function nextRefreshAt(now: Date = new Date(), random: () => number = Math.random): Date {
  return new Date(now.getTime() + GRANT_REFRESH_INTERVAL_MS - Math.floor(random() * JITTER_MS));
}

/** Backoff for transient failures (network, 5xx, 429): 1, 2, 4 … minutes, at most an hour. */
export function retryDelayMs(consecutiveFailures: number, retryAfterSeconds?: number): number {
  const exponential = Math.min(60 * 60_000, 60_000 * 2 ** Math.max(0, consecutiveFailures - 1));
  return Math.max(exponential, (retryAfterSeconds ?? 0) * 1000);
}
