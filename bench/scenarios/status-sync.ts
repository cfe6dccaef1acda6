// Scenario 2: the periodic guest status sync over G guests, of whom some redeemed since the last
// sync. Measured: the invitations.syncStatus job run by the production worker (paged $select reads).
// Baseline, same run: what a naive sync would do — one GET per user — using the product's own
// single-user read ("check now": checkOneInvitation), one at a time on a sample, extrapolated.
import { benchGuestEmail, benchGuestId } from "../stack";
import {
  callCounts,
  switchOffLatency,
  switchOnRealisticLatency,
  waitForJob,
  type CallCounts,
  type ScenarioContext,
} from "../support";
import { startBenchWorker } from "../worker-process";
import { prisma } from "@/lib/db/client";
import { checkOneInvitation } from "@/lib/invitations/status-sync";
import { enqueueJob } from "@/lib/jobs/enqueue";

export interface StatusSyncResult {
  guests: number;
  /** Guests that redeemed since the last sync (Accepted in the directory, PendingAcceptance here). */
  changed: number;
  wallMs: number;
  calls: CallCounts;
  /** Invitations moved PendingAcceptance → Accepted by the sync (should equal `changed`). */
  statusesChanged: number;
  /** Invitations whose lastSyncedAt the sync set (should equal `guests`). */
  synced: number;
  perUser: { sample: number; wallMs: number; graphCalls: number; extrapolatedMs: number; extrapolatedCalls: number };
}

/** One invitation per directory guest, as if Guestpass had invited them all (bulk SQL: this is set-up). */
async function seedInvitations(guests: number): Promise<void> {
  const ids = Array.from({ length: guests }, (_, i) => i + 1);
  for (let start = 0; start < ids.length; start += 2_000) {
    await prisma.invitation.createMany({
      data: ids.slice(start, start + 2_000).map((n) => ({
        email: benchGuestEmail(n),
        displayName: `Sync guest ${n}`,
        status: "PendingAcceptance" as const,
        graphUserId: benchGuestId(n),
        externalUserState: "PendingAcceptance",
      })),
    });
  }
  await prisma.$executeRawUnsafe(`ANALYZE "Invitation"`);
}

export async function runStatusSync(
  context: ScenarioContext,
  sizes: { guests: number; changed: number; baselineSample: number },
): Promise<StatusSyncResult> {
  await switchOffLatency(context.control);
  await seedInvitations(sizes.guests);
  await switchOnRealisticLatency(context.control);

  // Baseline on guests the sync will not need to change (the sample's rows are read, not moved).
  const sample = await prisma.invitation.findMany({
    where: {
      email: { endsWith: "@bench-sync.example" },
      graphUserId: { in: Array.from({ length: sizes.baselineSample }, (_, i) => benchGuestId(sizes.guests - i)) },
    },
    select: { id: true, status: true, externalUserState: true, graphUserId: true },
  });
  context.log(`  one GET per user, one at a time: sample of ${sample.length}`);
  await context.control.resetCounters();
  const started = Date.now();
  for (const invitation of sample)
    await checkOneInvitation({ ...invitation, graphUserId: invitation.graphUserId as string }, { actorType: "Worker" });
  const baselineMs = Date.now() - started;
  const baselineCalls = callCounts(await context.control.getCounters()).graphTotal;

  context.log(`  paged sync through the worker: ${sizes.guests} guests, ${sizes.changed} changed`);
  const worker = await startBenchWorker(context.env);
  try {
    await context.control.resetCounters();
    const syncStarted = new Date();
    const enqueued = Date.now();
    const { jobId } = await enqueueJob("invitations.syncStatus", {});
    await waitForJob(jobId, "the status sync job");
    const wallMs = Date.now() - enqueued;
    const calls = callCounts(await context.control.getCounters());
    const statusesChanged = await prisma.invitationEvent.count({
      where: { type: "status_synced", createdAt: { gte: syncStarted } },
    });
    const synced = await prisma.invitation.count({
      where: { email: { endsWith: "@bench-sync.example" }, lastSyncedAt: { gte: syncStarted } },
    });
    return {
      guests: sizes.guests,
      changed: sizes.changed,
      wallMs,
      calls,
      statusesChanged,
      synced,
      perUser: {
        sample: sample.length,
        wallMs: baselineMs,
        graphCalls: baselineCalls,
        extrapolatedMs: Math.round((baselineMs / Math.max(1, sample.length)) * sizes.guests),
        extrapolatedCalls: Math.round((baselineCalls / Math.max(1, sample.length)) * sizes.guests),
      },
    };
  } finally {
    await worker.stop();
  }
}
