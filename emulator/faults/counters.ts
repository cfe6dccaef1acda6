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

export interface CountersSnapshot {
  since: string;
  totals: RouteCounters;
  /** Keyed by "METHOD /route/pattern", e.g. "POST /v1.0/invitations". */
  routes: Record<string, RouteCounters>;
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
  private since = new Date();

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
    return { since: this.since.toISOString(), totals, routes };
  }

  reset(): void {
    this.routes = new Map();
    this.since = new Date();
  }
}
