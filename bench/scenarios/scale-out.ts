// Scenario 8: scale out. Three worker processes and two portals (`next start`) on the bench's one
// PostgreSQL. A bulk run is one job worked by one process at a time (a lease on the run), so the
// honest test of one shared Graph budget is several runs at once, each worked by a different
// process: three uploads summing to N, confirmed together, against the tenant's 150 invitations per
// 5 s. The worker processes take one job at a time (WORKER_CONCURRENCY=1) so that the three runs
// land on three processes rather than all on the first to ask; which process worked which run is
// read from each worker's own log. Counted at the emulator, as the bulk scenario counts them: Graph
// calls, 429s, lost and duplicated invitations, and the share of the limit over the whole N.
// Then the dashboard's load (the dashboard scenario's clients, pages and load code) on one portal
// and spread over both, beside the not-found page spread the same way.
import { prisma } from "@/lib/db/client";
import { startPortal, type Portal } from "../portal";
import { startBenchWorker, type BenchWorker } from "../worker-process";
import { callCounts, benchAdmin, switchOnRealisticLatency, waitFor, type ScenarioContext } from "../support";
import { account, addresses, INVITATION_LIMIT, uploadAndConfirm, type BulkRunMeasurement } from "./bulk-invite";
import { load, seedInvitations, sessionCookie, warmUp, type DashboardLoad, type LatencySummary } from "./dashboard";

export interface ScaleOutSizes {
  /** Rows in all, split evenly over `runs` uploads. */
  rows: number;
  runs: number;
  workers: number;
  portals: number;
  dashboard: { invitations: number; connections: number; load: DashboardLoad };
}

export interface ScaleOutDashboard {
  invitations: number;
  connections: number;
  load: DashboardLoad;
  /** The not-found page, the clients spread over every portal. */
  notFound: LatencySummary;
  /** The invitations list's first page: all clients on one portal, then spread over every portal. */
  onePortal: LatencySummary;
  spread: LatencySummary;
}

export interface ScaleOutResult {
  workers: number;
  portals: number;
  /** Each run and the worker process (1-based) that completed it, null if no log line said so. */
  runs: { rows: number; worker: number | null }[];
  /** All runs together: rows, counts and Graph's calls over the whole N. */
  bulk: BulkRunMeasurement;
  /** N / (150 per 5 s). */
  limitFloorMs: number;
  dashboard: ScaleOutDashboard | { skipped: string };
}

const COMPLETED = /Bulk run ([0-9a-f-]{36}): completed/;

function split(total: number, parts: number): number[] {
  return Array.from({ length: parts }, (_, i) => Math.floor(total / parts) + (i < total % parts ? 1 : 0));
}

async function bulkAtOnce(context: ScenarioContext, sizes: ScaleOutSizes, completedBy: Map<string, number>) {
  const staff = await benchAdmin();
  const batches = split(sizes.rows, sizes.runs).map((rows, i) => addresses(`scaleout-${i + 1}`, rows));
  await context.control.resetCounters();
  const uploads = await Promise.all(batches.map((emails) => uploadAndConfirm(staff, emails)));
  const runIds = uploads.map((upload) => upload.runId);
  const runs = await waitFor(
    async () => {
      const current = await prisma.bulkInviteRun.findMany({
        where: { id: { in: runIds } },
        select: { id: true, status: true, completedAt: true, stopReason: true },
      });
      const stopped = current.find((run) => run.status === "Failed");
      if (stopped) throw new Error(`bulk run stopped: ${stopped.stopReason}`);
      return current.every((run) => run.status === "Completed") ? current : undefined;
    },
    `${sizes.runs} bulk runs of ${sizes.rows} rows in all`,
    15 * 60_000,
    100,
  );
  const firstConfirm = Math.min(...uploads.map((upload) => upload.confirmedAt.getTime()));
  const lastCompletion = Math.max(...runs.map((run) => (run.completedAt as Date).getTime()));
  const wallMs = lastCompletion - firstConfirm;
  const calls = callCounts(await context.control.getCounters());
  const measured = await Promise.all(
    uploads.map((upload, i) => account(context.control, upload.runId, batches[i]!, wallMs, calls)),
  );
  // The log line comes a moment after the run's row says Completed.
  await waitFor(
    async () => runIds.every((id) => completedBy.has(id)),
    "each worker's log line for its run",
    5_000,
  ).catch(() => undefined);
  const sum = (pick: (m: BulkRunMeasurement) => number) => measured.reduce((total, m) => total + pick(m), 0);
  return {
    runs: uploads.map((upload, i) => ({ rows: batches[i]!.length, worker: completedBy.get(upload.runId) ?? null })),
    bulk: {
      rows: sizes.rows,
      wallMs,
      invited: sum((m) => m.invited),
      failed: sum((m) => m.failed),
      existing: sum((m) => m.existing),
      lost: sum((m) => m.lost),
      duplicated: sum((m) => m.duplicated),
      calls,
    },
  };
}

async function dashboardOverPortals(
  context: ScenarioContext,
  sizes: ScaleOutSizes["dashboard"],
  portals: Portal[],
): Promise<ScaleOutDashboard> {
  const cookie = await sessionCookie(context.env.AUTH_SECRET as string);
  const listPath = "/invitations";
  const notFoundPath = "/bench-not-found";
  // Each portal answers the list with rows, signed in (a sign-in redirect would be fast and meaningless).
  for (const portal of portals) {
    const response = await fetch(`${portal.base}${listPath}`, { headers: { cookie }, redirect: "manual" });
    const body = await response.text();
    if (response.status !== 200 || !body.includes("@bench-"))
      throw new Error(`${portal.base}${listPath} answered ${response.status} without rows`);
    await warmUp(portal.base, [notFoundPath, listPath], cookie, context.log);
  }
  const notFoundStatus = (await fetch(`${portals[0]!.base}${notFoundPath}`)).status;
  const on = (portal: Portal, path: string) => ({ url: `${portal.base}${path}`, serverPid: portal.pid });
  const { connections, load: amount } = sizes;
  context.log(`  load: ${connections} connections, on one portal and spread over ${portals.length}`);
  const notFound = await load(
    "not-found page, spread",
    portals.map((portal) => on(portal, notFoundPath)),
    notFoundStatus,
    cookie,
    connections,
    amount,
  );
  const onePortal = await load("first page, one portal", on(portals[0]!, listPath), 200, cookie, connections, amount);
  const spread = await load(
    "first page, spread",
    portals.map((portal) => on(portal, listPath)),
    200,
    cookie,
    connections,
    amount,
  );
  return { invitations: sizes.invitations, connections, load: amount, notFound, onePortal, spread };
}

export async function runScaleOut(
  context: ScenarioContext,
  sizes: ScaleOutSizes,
  options: { withoutPortals: string | null },
): Promise<ScaleOutResult> {
  await switchOnRealisticLatency(context.control);
  const completedBy = new Map<string, number>();
  const workers: BenchWorker[] = [];
  const portals: Portal[] = [];
  try {
    context.log(`  starting ${sizes.workers} workers${options.withoutPortals ? "" : ` and ${sizes.portals} portals`}`);
    const workerEnv = { ...context.env, WORKER_CONCURRENCY: "1" };
    // Settled, not all: a process that started is stopped below even when another failed to start.
    const starting = await Promise.allSettled([
      ...Array.from({ length: sizes.workers }, (_, i) =>
        startBenchWorker(workerEnv, (line) => {
          const completed = COMPLETED.exec(line);
          if (completed) completedBy.set(completed[1]!, i + 1);
          if (/bulk run|error|warn/i.test(line)) context.log(`    worker ${i + 1}: ${line.slice(0, 400)}`);
        }).then((worker) => void workers.push(worker)),
      ),
      ...(options.withoutPortals
        ? []
        : Array.from({ length: sizes.portals }, () => startPortal(context.env).then((p) => void portals.push(p)))),
    ]);
    const failedStart = starting.find((outcome) => outcome.status === "rejected");
    if (failedStart) throw failedStart.reason;
    if (!options.withoutPortals) {
      context.log(`  seeding ${sizes.dashboard.invitations} invitations for the list`);
      await seedInvitations(sizes.dashboard.invitations);
    }
    context.log(`  ${sizes.runs} bulk runs at once, ${sizes.rows} rows in all`);
    const { runs, bulk } = await bulkAtOnce(context, sizes, completedBy);
    const dashboard = options.withoutPortals
      ? { skipped: options.withoutPortals }
      : await dashboardOverPortals(context, sizes.dashboard, portals);
    return {
      workers: sizes.workers,
      portals: options.withoutPortals ? 0 : sizes.portals,
      runs,
      bulk,
      limitFloorMs: Math.round((sizes.rows / INVITATION_LIMIT.requests) * INVITATION_LIMIT.windowSeconds * 1000),
      dashboard,
    };
  } finally {
    await Promise.all([...workers.map((worker) => worker.stop()), ...portals.map((portal) => portal.stop())]);
  }
}
