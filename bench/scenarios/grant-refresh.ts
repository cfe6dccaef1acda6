// Scenario 3 (and half of 5): refreshing due grants. Measured: the grants.refreshDue job run by the
// production worker with bounded concurrency (the largest the task accepts, 32), at N and at a
// larger N for memory. Baseline, same run: the same job with concurrency 1 on a sample, extrapolated.
// Refresh-token rotation is strict while measuring, so a refresher that saved anything but the
// newest refresh token would be caught: afterwards every grant must still refresh.
//
// Set-up (not measured): the grants are stored as the consent callback stores them (bench/grants.ts).
import type { RunningEmulator } from "@/emulator/server";
import { prisma } from "@/lib/db/client";
import { refreshGrant } from "@/lib/grants/refresh";
import { enqueueJob } from "@/lib/jobs/enqueue";
import { storeBenchGrants } from "../grants";
import {
  callCounts,
  switchOffLatency,
  switchOnRealisticLatency,
  waitForJob,
  type CallCounts,
  type ScenarioContext,
} from "../support";
import { MAX_REFRESH_CONCURRENCY } from "@/lib/jobs/contracts";
import { startBenchWorker, type WorkerMemory } from "../worker-process";
import { usagePer } from "../worker-usage";

/** The largest concurrency grants.refreshDue accepts (its payload schema). */
export const REFRESH_CONCURRENCY = MAX_REFRESH_CONCURRENCY;

export interface RefreshMeasurement {
  grants: number;
  concurrency: number;
  wallMs: number;
  refreshed: number;
  /** Grants that are no longer usable afterwards (not Active, failing, or whose stored token is refused). */
  lostRefreshTokens: number;
  calls: CallCounts;
  memory?: WorkerMemory;
  /** The worker's CPU time and statements per grant refreshed. */
  perRefresh?: { cpuMs: number; statements: number };
}

export interface GrantRefreshResult {
  runs: RefreshMeasurement[];
  sequential: RefreshMeasurement;
  /** Per-grant sequential time × the main run's N. */
  sequentialExtrapolatedMs: number;
  /** Grants checked again afterwards (forced refresh with the stored token under strict rotation). */
  verified: { checked: number; refused: number };
}

async function makeDue(grantIds: string[]): Promise<void> {
  await prisma.grant.updateMany({
    where: { id: { in: grantIds } },
    data: { nextRefreshAt: new Date(Date.now() - 60_000) },
  });
}

async function measure(context: ScenarioContext, grantIds: string[], concurrency: number): Promise<RefreshMeasurement> {
  await makeDue(grantIds);
  const worker = await startBenchWorker(context.env);
  let stopped = false;
  try {
    await context.control.resetCounters();
    const before = await worker.usage();
    const started = new Date();
    const { jobId } = await enqueueJob("grants.refreshDue", { limit: grantIds.length, concurrency });
    await waitForJob(jobId, `the refresh of ${grantIds.length} grants`);
    const wallMs = Date.now() - started.getTime();
    const calls = callCounts(await context.control.getCounters());
    const perRefresh = usagePer(before, await worker.usage(), grantIds.length);
    stopped = true;
    const memory = await worker.stop();
    const refreshed = await prisma.grant.count({
      where: { id: { in: grantIds }, status: "Active", refreshFailures: 0, lastRefreshedAt: { gte: started } },
    });
    const unusable = await prisma.grant.count({
      where: { id: { in: grantIds }, OR: [{ status: { not: "Active" } }, { refreshFailures: { gt: 0 } }] },
    });
    // Every grant leaves the job due again only tomorrow; anything else was not refreshed.
    return {
      grants: grantIds.length,
      concurrency,
      wallMs,
      refreshed,
      lostRefreshTokens: unusable,
      calls,
      memory,
      perRefresh,
    };
  } finally {
    if (!stopped) await worker.stop();
  }
}

export async function runGrantRefresh(
  context: ScenarioContext & { emulator: RunningEmulator },
  sizes: { grants: number[]; baselineSample: number; verifySample: number },
): Promise<GrantRefreshResult> {
  const total = Math.max(...sizes.grants, sizes.baselineSample);
  await switchOffLatency(context.control);
  context.log(`  set-up: ${total} consented grants`);
  const grantIds = await storeBenchGrants(context.emulator, total, context.log);
  await context.control.setRefreshRotation("strict");
  await switchOnRealisticLatency(context.control);

  context.log(`  sequential baseline: ${sizes.baselineSample} grants, concurrency 1`);
  const sequential = await measure(context, grantIds.slice(0, sizes.baselineSample), 1);
  const runs: RefreshMeasurement[] = [];
  for (const n of sizes.grants) {
    context.log(`  bounded concurrency through the worker: ${n} grants, concurrency ${REFRESH_CONCURRENCY}`);
    runs.push(await measure(context, grantIds.slice(0, n), REFRESH_CONCURRENCY));
  }

  // Strict rotation: a grant whose vault holds a spent refresh token is refused here.
  const step = Math.max(1, Math.floor(grantIds.length / sizes.verifySample));
  const sample = grantIds.filter((_, i) => i % step === 0).slice(0, sizes.verifySample);
  let refused = 0;
  for (const id of sample) if ((await refreshGrant(id, { force: true })) !== "refreshed") refused += 1;
  await context.control.setRefreshRotation("entra");

  const main = runs[0] as RefreshMeasurement;
  return {
    runs,
    sequential,
    sequentialExtrapolatedMs: Math.round((sequential.wallMs / sequential.grants) * main.grants),
    verified: { checked: sample.length, refused },
  };
}
