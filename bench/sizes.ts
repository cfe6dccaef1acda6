// How big each scenario is. Full: the sizes issue 6 names. Quick: the same code paths on a few rows,
// so `npm run bench -- --quick` (and the test that runs it) finishes in about a minute.
import type { DashboardSizes } from "./scenarios/dashboard";
import type { EventsSizes } from "./scenarios/events";
import type { ScaleOutSizes } from "./scenarios/scale-out";
import type { SendSizes } from "./scenarios/send";
import type { StatusSyncSizes } from "./scenarios/status-sync";

export const ALL_SCENARIOS = ["bulk", "sync", "refresh", "dashboard", "events", "send", "scaleout"] as const;
export type ScenarioName = (typeof ALL_SCENARIOS)[number];

export interface BenchSizes {
  /** rows: the measured run; baselineRows: the one-at-a-time run; memoryRows: worker RSS runs. */
  bulk: { rows: number; baselineRows: number; memoryRows: number[] };
  sync: StatusSyncSizes;
  /** grants: the measured runs (memory at each; the last is the headline figure). */
  refresh: { grants: number[]; baselineSample: number; verifySample: number };
  dashboard: DashboardSizes;
  events: EventsSizes;
  send: SendSizes;
  scaleOut: ScaleOutSizes;
}

export function sizesFor(
  mode: "full" | "quick",
  overrides: { bulkMemoryRows?: number; events?: number } = {},
): BenchSizes {
  if (mode === "quick") {
    return {
      bulk: { rows: 40, baselineRows: 5, memoryRows: [8, 40] },
      sync: { guests: [240, 1_200], changed: 60, baselineSample: 5 },
      refresh: { grants: [20, 40], baselineSample: 5, verifySample: 5 },
      // A count, not a duration: the quick run's figures are its counts (see DashboardLoad).
      dashboard: { invitations: 2_000, grownTo: 10_000, connections: 20, load: { requestsPerPage: 40 } },
      events: { burst: 150, trickle: 20, tricklePerSecond: 10 },
      send: { messages: 40, mailboxes: 4, connections: 10 },
      scaleOut: {
        rows: 60,
        runs: 3,
        workers: 3,
        portals: 2,
        dashboard: { invitations: 2_000, connections: 20, load: { requestsPerPage: 40 } },
      },
    };
  }
  return {
    // A bulk run sends at most ~28 invitations a second (the shared window), so 5,000 rows alone take
    // about three minutes; memory is compared at N = 400 and 5N = 2,000 (--bulk-memory-rows 5000 for
    // a larger 5N).
    bulk: { rows: 1_000, baselineRows: 30, memoryRows: [400, overrides.bulkMemoryRows ?? 2_000] },
    // 100,000 guests are 101 pages of 999; the worker's memory is compared with 20,000 (N and 5N).
    sync: { guests: [20_000, 100_000], changed: 500, baselineSample: 30 },
    refresh: { grants: [1_000, 5_000], baselineSample: 40, verifySample: 50 },
    // 50,000 invitations, then the same database grown to 500,000 (issue 16's scale-up).
    dashboard: { invitations: 50_000, grownTo: 500_000, connections: 20, load: { durationSeconds: 8 } },
    // One endpoint's events go out one at a time, in order: about 117 a second on a quiet 2-core
    // machine (about 40 while other tests run beside it), so the 10,000 take 1.5 to 4 minutes;
    // --events 2000 for a shorter run.
    events: { burst: overrides.events ?? 10_000, trickle: 100, tricklePerSecond: 10 },
    send: { messages: 200, mailboxes: 20, connections: 50 },
    // 2,000 invitations take at least 67 s at Graph's limit; with the processes' start and three
    // loads of the dashboard, about two minutes.
    scaleOut: {
      rows: 2_000,
      runs: 3,
      workers: 3,
      portals: 2,
      dashboard: { invitations: 50_000, connections: 20, load: { durationSeconds: 8 } },
    },
  };
}
