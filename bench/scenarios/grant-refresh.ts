// Scenario 3 (and half of 5): refreshing due grants. Measured: the grants.refreshDue job run by the
// production worker with bounded concurrency (the largest the task accepts, 16), at N and at a
// larger N for memory. Baseline, same run: the same job with concurrency 1 on a sample, extrapolated.
// Refresh-token rotation is strict while measuring, so a refresher that saved anything but the
// newest refresh token would be caught: afterwards every grant must still refresh.
//
// Set-up (not measured): consented users come from the emulator's scenario (a home account plus
// its recorded consent); their first refresh token is minted by the emulator in this process and
// redeemed through the real token endpoint with MSAL, whose cache the vault stores exactly as the
// consent callback does (forceCache: MSAL otherwise keeps refresh-flow answers only for accounts
// already in the cache). A browser round trip per grant would add minutes and test nothing new.
import { DEMO_APP, DEMO_TENANTS } from "@/emulator/state/default-scenario";
import { newRefreshToken } from "@/emulator/identity/user-tokens";
import type { RunningEmulator } from "@/emulator/server";
import { prisma } from "@/lib/db/client";
import { refreshGrant } from "@/lib/grants/refresh";
import { resourceScopes } from "@/lib/grants/grant-token";
import { enqueueJob } from "@/lib/jobs/enqueue";
import { PendingConsentCache } from "@/lib/tokens/cache-plugin";
import { createDelegatedClient, delegatedConfigFromEnv } from "@/lib/tokens/delegated-client";
import { storeConsentedGrant } from "@/lib/tokens/vault";
import { benchHomeUpn, benchHomeUserId, CONSENT_SCOPES } from "../stack";
import {
  callCounts,
  switchOffLatency,
  switchOnRealisticLatency,
  waitForJob,
  type CallCounts,
  type ScenarioContext,
} from "../support";
import { startBenchWorker, type WorkerMemory } from "../worker-process";

/** The largest concurrency grants.refreshDue accepts (its payload schema). */
export const REFRESH_CONCURRENCY = 16;
const FAR_FUTURE = new Date("2099-01-01T00:00:00Z");

export interface RefreshMeasurement {
  grants: number;
  concurrency: number;
  wallMs: number;
  refreshed: number;
  /** Grants that are no longer usable afterwards (not Active, failing, or whose stored token is refused). */
  lostRefreshTokens: number;
  calls: CallCounts;
  memory?: WorkerMemory;
}

export interface GrantRefreshResult {
  runs: RefreshMeasurement[];
  sequential: RefreshMeasurement;
  /** Per-grant sequential time × the main run's N. */
  sequentialExtrapolatedMs: number;
  /** Grants checked again afterwards (forced refresh with the stored token under strict rotation). */
  verified: { checked: number; refused: number };
}

async function createGrants(emulator: RunningEmulator, count: number, log: (line: string) => void): Promise<string[]> {
  const config = delegatedConfigFromEnv();
  await prisma.invitation.createMany({
    data: Array.from({ length: count }, (_, i) => ({
      email: benchHomeUpn(i + 1),
      displayName: `Grant user ${i + 1}`,
      status: "Consented" as const,
    })),
  });
  const invitationIds = new Map(
    (
      await prisma.invitation.findMany({
        where: { email: { startsWith: "grant-user-" } },
        select: { id: true, email: true },
      })
    ).map((row) => [row.email, row.id]),
  );
  const grantIds: string[] = [];
  let next = 1;
  const lane = async () => {
    while (next <= count) {
      const n = next++;
      const refreshToken = newRefreshToken(emulator.state, {
        appId: DEMO_APP.clientId,
        tenantId: DEMO_TENANTS.fabrikam.id,
        userId: benchHomeUserId(n),
        scopes: CONSENT_SCOPES,
        authTime: Math.floor(Date.now() / 1000),
      });
      const cache = new PendingConsentCache();
      const client = await createDelegatedClient(config, cache);
      const result = await client.acquireTokenByRefreshToken({
        refreshToken,
        scopes: resourceScopes(config.scopes),
        forceCache: true,
      });
      if (!result?.account) throw new Error(`no account in the token answer for grant user ${n}`);
      const { grantId } = await storeConsentedGrant({
        invitationId: invitationIds.get(benchHomeUpn(n)) as string,
        homeAccountId: result.account.homeAccountId,
        homeTenantId: result.account.tenantId,
        objectId: result.account.localAccountId,
        username: result.account.username,
        scopes: result.scopes,
        serializedCache: cache.takeSerialized(),
        accessTokenExpiresAt: result.expiresOn ?? null,
        nextRefreshAt: FAR_FUTURE,
      });
      grantIds.push(grantId);
      if (grantIds.length % 1000 === 0) log(`    ${grantIds.length} grants stored`);
    }
  };
  await Promise.all(Array.from({ length: 8 }, lane));
  return grantIds.sort();
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
  try {
    await context.control.resetCounters();
    const started = new Date();
    const { jobId } = await enqueueJob("grants.refreshDue", { limit: grantIds.length, concurrency });
    await waitForJob(jobId, `the refresh of ${grantIds.length} grants`);
    const wallMs = Date.now() - started.getTime();
    const calls = callCounts(await context.control.getCounters());
    const memory = worker.memory();
    const refreshed = await prisma.grant.count({
      where: { id: { in: grantIds }, status: "Active", refreshFailures: 0, lastRefreshedAt: { gte: started } },
    });
    const unusable = await prisma.grant.count({
      where: { id: { in: grantIds }, OR: [{ status: { not: "Active" } }, { refreshFailures: { gt: 0 } }] },
    });
    // Every grant leaves the job due again only tomorrow; anything else was not refreshed.
    return { grants: grantIds.length, concurrency, wallMs, refreshed, lostRefreshTokens: unusable, calls, memory };
  } finally {
    await worker.stop();
  }
}

export async function runGrantRefresh(
  context: ScenarioContext & { emulator: RunningEmulator },
  sizes: { grants: number[]; baselineSample: number; verifySample: number },
): Promise<GrantRefreshResult> {
  const total = Math.max(...sizes.grants, sizes.baselineSample);
  await switchOffLatency(context.control);
  context.log(`  set-up: ${total} consented grants`);
  const grantIds = await createGrants(context.emulator, total, context.log);
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
