// The refresher as the worker runs it: the "grants.refreshDue" task through graphile-worker, over
// many due grants at once with bounded concurrency.
import type { Runner } from "graphile-worker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consentFully, freshFabrikamInvitee } from "@/lib/consent/flow.test-support";
import { prisma } from "@/lib/db/client";
import { enqueueJob } from "@/lib/jobs/enqueue";
import { startWorker } from "@/lib/jobs/runner";
import { waitFor } from "@/test/int-support";
import { refreshDueGrants } from "./refresh";

let worker: Runner;
beforeAll(async () => {
  worker = await startWorker({ schedule: [], pollInterval: 100, concurrency: 2 });
});
afterAll(async () => {
  await worker.stop();
});

async function dueGrants(count: number, prefix: string): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const invitee = await freshFabrikamInvitee(`${prefix}${i}`);
    ids.push(await consentFully({ invitationId: invitee.invitationId }, invitee.upn));
  }
  await prisma.grant.updateMany({ where: { id: { in: ids } }, data: { nextRefreshAt: new Date(Date.now() - 60_000) } });
  return ids;
}

describe("grants.refreshDue", () => {
  it("runs from the job queue and renews every due grant", async () => {
    const ids = await dueGrants(3, "job");
    await enqueueJob("grants.refreshDue", {});
    await waitFor(
      async () =>
        (await prisma.grant.count({ where: { id: { in: ids }, nextRefreshAt: { gt: new Date() } } })) === ids.length,
      { what: "the job to refresh the grants" },
    );
  });

  it("refreshes a batch with bounded concurrency (measured)", async () => {
    const ids = await dueGrants(24, "batch");
    const started = performance.now();
    const summary = await refreshDueGrants({ limit: 1000, concurrency: 4 });
    const elapsed = performance.now() - started;
    expect(summary.results.refreshed).toBeGreaterThanOrEqual(ids.length);
    expect(await prisma.grant.count({ where: { id: { in: ids }, nextRefreshAt: { gt: new Date() } } })).toBe(
      ids.length,
    );
    console.info(
      `[refresh-job.int.test] ${summary.results.refreshed} grants refreshed in ${Math.round(elapsed)} ms with concurrency 4 (${((summary.results.refreshed / elapsed) * 1000).toFixed(1)}/s)`,
    );
  });
});
