import "server-only";
// Work that a dead worker left behind. graphile-worker keeps a crashed worker's job locked for
// four hours; the run's own lease (renewed every few seconds) tells much sooner that nobody is
// working on it, so the watchdog queues the run again and a live worker resumes from the rows.
// Same for single invitations left in Queued/Sending with no live send job.
import { prisma } from "@/lib/db/client";
import { enqueueJob } from "@/lib/jobs/enqueue";

/** A send normally takes seconds; one untouched for this long has lost its worker. */
export const STALLED_SEND_AFTER_MS = 2 * 60_000;

export async function resumeStalledWork(now: Date = new Date()): Promise<{ runs: number; invitations: number }> {
  const runs = await prisma.bulkInviteRun.findMany({
    where: {
      confirmedAt: { not: null },
      status: { in: ["Queued", "Running"] },
      OR: [{ leaseExpiresAt: null }, { leaseExpiresAt: { lt: now } }],
    },
    select: { id: true },
  });
  for (const run of runs) {
    // Same key as the first job: a job still waiting in the queue is kept as is (preserve_run_at);
    // one locked by a dead worker is left alone and a fresh one is added.
    await enqueueJob("invitations.bulkRun", { runId: run.id }, { jobKeyMode: "preserve_run_at" });
  }
  const invitations = await prisma.invitation.findMany({
    where: {
      bulkRunId: null,
      status: { in: ["Queued", "Sending"] },
      updatedAt: { lt: new Date(now.getTime() - STALLED_SEND_AFTER_MS) },
    },
    select: { id: true },
    take: 500,
  });
  for (const invitation of invitations) {
    await enqueueJob("invitations.send", { invitationId: invitation.id }, { jobKeyMode: "preserve_run_at" });
  }
  return { runs: runs.length, invitations: invitations.length };
}
