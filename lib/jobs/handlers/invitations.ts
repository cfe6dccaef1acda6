import "server-only";
// Handlers of the invitation jobs: sending one invitation, a bulk run, and the periodic status sync,
// watchdog and status-count fold (crontab in lib/jobs/schedule.ts).
import { processBulkRun } from "@/lib/invitations/worker/bulk-run";
import { giveUpSending, MAX_SEND_ATTEMPTS, sendInvitation } from "@/lib/invitations/worker/send";
import { foldStatusCounts } from "@/lib/invitations/status-counts";
import { syncGuestStates } from "@/lib/invitations/status-sync";
import { resumeStalledWork } from "@/lib/invitations/worker/watchdog";
import { enqueueJob } from "../enqueue";
import type { JobHandler } from "../handler";

/**
 * Posts one queued invitation to Graph. Waits are not done by throwing (graphile-worker's backoff
 * knows nothing of Retry-After): the job queues itself again for the time Graph asked, under the
 * same key, and ends.
 */
export const sendInvitationJob: JobHandler<"invitations.send"> = async ({ invitationId, attempt }, helpers) => {
  const outcome = await sendInvitation(invitationId);
  if (outcome.kind === "retry") {
    if (attempt >= MAX_SEND_ATTEMPTS) {
      helpers.logger.info(
        `Invitation ${invitationId}: giving up after ${attempt} attempts (${outcome.explained.code})`,
      );
      await giveUpSending(invitationId, outcome.explained);
      return;
    }
    helpers.logger.info(`Invitation ${invitationId}: ${outcome.explained.code}, trying again in ${outcome.afterMs} ms`);
    await enqueueJob(
      "invitations.send",
      { invitationId, attempt: attempt + 1 },
      { runAt: new Date(Date.now() + outcome.afterMs) },
    );
  } else if (outcome.kind === "failed" || outcome.kind === "tenantRefused") {
    helpers.logger.info(`Invitation ${invitationId} failed: ${outcome.explained.code}`);
  }
};

/** Sends the pending rows of a confirmed bulk-invite run. */
export const bulkRunJob: JobHandler<"invitations.bulkRun"> = async ({ runId }, helpers) => {
  const result = await processBulkRun(runId, {
    log: (message) => helpers.logger.info(message),
    signal: helpers.abortSignal,
  });
  helpers.logger.info(`Bulk run ${runId}: ${result}`);
  // This worker is shutting down mid-run: queue the rest for whichever worker is (or comes) up.
  if (result === "interrupted") await enqueueJob("invitations.bulkRun", { runId });
};

export const syncStatusJob: JobHandler<"invitations.syncStatus"> = async (_payload, helpers) => {
  const summary = await syncGuestStates();
  helpers.logger.info(
    `Guest status sync: ${summary.pages} page(s), ${summary.guestsSeen} guest(s), ${summary.statusesChanged} status change(s), ${summary.grantsErased} grant(s) erased by offboarding`,
  );
};

export const watchdogJob: JobHandler<"invitations.watchdog"> = async (_payload, helpers) => {
  const resumed = await resumeStalledWork();
  if (resumed.runs + resumed.invitations > 0)
    helpers.logger.info(`Watchdog re-queued ${resumed.runs} bulk run(s) and ${resumed.invitations} invitation send(s)`);
};

export const foldStatusCountsJob: JobHandler<"invitations.foldStatusCounts"> = async () => {
  await foldStatusCounts();
};
