// Per-route call counters, read by tests and benchmarks through the control API.

export interface RouteCounters {
  calls: number;
  /** 429 answers from the throttling layer. */
  throttled: number;
  /** Injected 5xx answers. */
  serverErrors: number;
  /** Injected connection resets. */
  connectionResets: number;
  /** Injected stalls. */
  stalls: number;
  /** Injected 400 Request_UnsupportedQuery answers to a $filter (refuseFilterOn). */
  refusedFilters: number;
  /** Of `calls`, those that were requests inside a $batch: they count against the limits, not as HTTP requests. */
  insideBatch: number;
}

export interface MailboxInFlight {
  /** Outlook requests on the mailbox being handled now. */
  inFlight: number;
  /** The most handled at once since the last reset: Outlook allows 4 per app. */
  peakInFlight: number;
}

export interface CountersSnapshot {
  since: string;
  totals: RouteCounters;
  /** Keyed by "METHOD /route/pattern", e.g. "POST /v1.0/invitations". */
  routes: Record<string, RouteCounters>;
  /**
   * Admitted Outlook requests (mail, calendar, contacts) per mailbox, all apps together, keyed as
   * "oid:<user object id>" for /me calls and "user:<id or upn>" for /users/{id} calls. Counted
   * whether or not the limits are on; a 429 is not in flight.
   */
  mailboxes: Record<string, MailboxInFlight>;
}

const empty = (): RouteCounters => ({
  calls: 0,
  throttled: 0,
  serverErrors: 0,
  connectionResets: 0,
  stalls: 0,
  refusedFilters: 0,
  insideBatch: 0,
});

export class CallCounters {
  private routes = new Map<string, RouteCounters>();
  private mailboxes = new Map<string, MailboxInFlight>();
  private since = new Date();

  /** Counts a request on the mailbox as in flight; call the returned function (once) when it is answered. */
  enterMailbox(mailbox: string): () => void {
    const gauge = this.mailboxes.get(mailbox) ?? { inFlight: 0, peakInFlight: 0 };
    this.mailboxes.set(mailbox, gauge);
    gauge.inFlight += 1;
    gauge.peakInFlight = Math.max(gauge.peakInFlight, gauge.inFlight);
    let left = false;
    return () => {
      if (left) return;
      left = true;
      gauge.inFlight -= 1;
    };
  }

  increment(route: string, counter: keyof RouteCounters): void {
    let entry = this.routes.get(route);
    if (!entry) {
      entry = empty();
      this.routes.set(route, entry);
    }
    entry[counter] += 1;
  }

  snapshot(): CountersSnapshot {
    const totals = empty();
    const routes: Record<string, RouteCounters> = {};
    for (const [route, counters] of [...this.routes.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      routes[route] = { ...counters };
      for (const key of Object.keys(totals) as (keyof RouteCounters)[]) totals[key] += counters[key];
    }
    const mailboxes: Record<string, MailboxInFlight> = {};
    for (const [mailbox, gauge] of this.mailboxes) mailboxes[mailbox] = { ...gauge };
    return { since: this.since.toISOString(), totals, routes, mailboxes };
  }

  /** Zero counts; requests still in flight stay counted (and are the new peak). */
  reset(): void {
    this.routes = new Map();
    for (const [mailbox, gauge] of this.mailboxes) {
      if (gauge.inFlight === 0) this.mailboxes.delete(mailbox);
      else gauge.peakInFlight = gauge.inFlight;
    }
    this.since = new Date();
  }
}
