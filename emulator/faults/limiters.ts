// The two kinds of limit Graph documents: a request count over a sliding window (for example,
// invitations: 150 requests per 5 seconds per tenant) and a number of requests in flight at once
// (Outlook: 4 concurrent requests per app per mailbox).

export type LimitDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export class SlidingWindowLimiter {
  // Per key, the accepted request times in order; `head` skips the ones that left the window, so
  // large limits (130,000 per 10 s) stay O(1) amortised per request.
  private readonly log = new Map<string, { stamps: number[]; head: number }>();

  constructor(
    private readonly requests: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records the request when it is allowed; a refused request does not count. */
  take(key: string): LimitDecision {
    const now = this.now();
    const cutoff = now - this.windowMs;
    let entry = this.log.get(key);
    if (!entry) {
      entry = { stamps: [], head: 0 };
      this.log.set(key, entry);
    }
    while (entry.head < entry.stamps.length && (entry.stamps[entry.head] as number) <= cutoff) entry.head += 1;
    if (entry.head > 1024 && entry.head * 2 > entry.stamps.length) {
      entry.stamps = entry.stamps.slice(entry.head);
      entry.head = 0;
    }
    if (entry.stamps.length - entry.head >= this.requests) {
      const oldest = entry.stamps[entry.head] as number;
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((oldest + this.windowMs - now) / 1000)) };
    }
    entry.stamps.push(now);
    return { allowed: true };
  }
}

export class ConcurrencyLimiter {
  private readonly inFlight = new Map<string, number>();

  constructor(private readonly limit: number) {}

  /** A release function when a slot is free (call it exactly once; extra calls are ignored), else null. */
  acquire(key: string): (() => void) | null {
    const current = this.inFlight.get(key) ?? 0;
    if (current >= this.limit) return null;
    this.inFlight.set(key, current + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const remaining = (this.inFlight.get(key) ?? 1) - 1;
      if (remaining <= 0) this.inFlight.delete(key);
      else this.inFlight.set(key, remaining);
    };
  }

  current(key: string): number {
    return this.inFlight.get(key) ?? 0;
  }
}
