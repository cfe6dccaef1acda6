// Scenario 2: the periodic guest status sync over G guests, of whom some redeemed since the last
// sync. Measured: the invitations.syncStatus job run by the production worker (paged $select reads),
// each size in a fresh worker process, so its peak RSS is that size's (N and 5N: flat when the
// pages are streamed, not collected).
// Baseline, same run: what a naive sync would do — one GET per user — using the product's own
// single-user read ("check now": checkOneInvitation), one at a time on a sample, extrapolated.
import { BENCH_GUEST_DOMAIN, benchGuestId } from "../stack";
import {
  callCounts,
  switchOffLatency,
  switchOnRealisticLatency,
  waitForJob,
  type CallCounts,
  type ScenarioContext,
} from "../support";
import { startBenchWorker, type WorkerMemory } from "../worker-process";
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
  /** The worker's memory over each size's sync, smallest first (the last is this result's run). */
  memory: { guests: number; memory: WorkerMemory }[];
}

export interface StatusSyncSizes {
  /** Directory sizes, each synced by a fresh worker; the last is the headline figure. */
  guests: number[];
  changed: number;
  baselineSample: number;
}

/**
 * One invitation per directory guest, as if Guestpass had invited them all: one set-based INSERT
 * (this is set-up), after removing a previous size's. The addresses and object ids are the
 * directory's (bench/stack.ts): a mismatch shows as 0 guests synced.
 */
async function seedInvitations(guests: number): Promise<void> {
  await prisma.$executeRawUnsafe(`DELETE FROM "Invitation" WHERE email LIKE '%@${BENCH_GUEST_DOMAIN}'`);
  const prefix = benchGuestId(0).slice(0, -12); // the GUID's last group is n in hex
  await prisma.$executeRawUnsafe(
    `INSERT INTO "Invitation" (id, email, "displayName", status, "graphUserId", "externalUserState", "updatedAt")
     SELECT gen_random_uuid(), 'sync-guest-' || n || '@${BENCH_GUEST_DOMAIN}', 'Sync guest ' || n,
            'PendingAcceptance', '${prefix}' || lpad(to_hex(n), 12, '0'), 'PendingAcceptance', now()
     FROM generate_series(1, ${guests}) AS n`,
  );
  await prisma.$executeRawUnsafe(`ANALYZE "Invitation"`);
}

/** Every size in turn, each against a directory of that size (`withDirectory` starts its emulator). */
export async function runStatusSyncSizes(
  withDirectory: <T>(guests: number, work: (context: ScenarioContext) => Promise<T>) => Promise<T>,
  sizes: StatusSyncSizes,
): Promise<StatusSyncResult> {
  const runs: StatusSyncResult[] = [];
  for (const [index, guests] of sizes.guests.entries()) {
    const headline = index === sizes.guests.length - 1;
    runs.push(
      await withDirectory(guests, (context) =>
        runStatusSync(context, {
          guests,
          changed: sizes.changed,
          baselineSample: headline ? sizes.baselineSample : 0,
        }),
      ),
    );
  }
  const last = runs.at(-1)!;
  return { ...last, memory: runs.flatMap((run) => run.memory) };
}

async function runStatusSync(
  context: ScenarioContext,
  sizes: { guests: number; changed: number; baselineSample: number },
): Promise<StatusSyncResult> {
  await switchOffLatency(context.control);
  await seedInvitations(sizes.guests);
  await switchOnRealisticLatency(context.control);

  // Baseline on guests the sync will not need to change (the sample's rows are read, not moved).
  const sample = await prisma.invitation.findMany({
    where: {
      email: { endsWith: `@${BENCH_GUEST_DOMAIN}` },
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
  let memory: WorkerMemory | undefined;
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
      where: { email: { endsWith: `@${BENCH_GUEST_DOMAIN}` }, lastSyncedAt: { gte: syncStarted } },
    });
    memory = await worker.stop();
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
      memory: [{ guests: sizes.guests, memory }],
    };
  } finally {
    if (!memory) await worker.stop();
  }
}
