// Job "invitations.send": posts one queued invitation to Graph. Waits are not done by throwing
// (graphile-worker's backoff knows nothing of Retry-After): the job queues itself again for the
// time Graph asked, under the same key, and ends.
import { z } from "zod";
import { giveUpSending, MAX_SEND_ATTEMPTS, sendInvitation } from "@/lib/invitations/send";
import { defineTask } from "../define";
import { enqueueJob } from "../enqueue";

export const sendInvitationTask = defineTask({
  payload: z.object({ invitationId: z.string().min(1), attempt: z.number().int().min(1).default(1) }),
  async run({ invitationId, attempt }, helpers) {
    const outcome = await sendInvitation(invitationId);
    if (outcome.kind === "retry") {
      if (attempt >= MAX_SEND_ATTEMPTS) {
        helpers.logger.info(`Invitation ${invitationId}: giving up after ${attempt} attempts (${outcome.explained.code})`);
        await giveUpSending(invitationId, outcome.explained);
        return;
      }
      helpers.logger.info(`Invitation ${invitationId}: ${outcome.explained.code}, trying again in ${outcome.afterMs} ms`);
      await enqueueJob(
        "invitations.send",
        { invitationId, attempt: attempt + 1 },
        { jobKey: `invitation-send:${invitationId}`, runAt: new Date(Date.now() + outcome.afterMs) },
      );
    } else if (outcome.kind === "failed" || outcome.kind === "tenantRefused") {
      helpers.logger.info(`Invitation ${invitationId} failed: ${outcome.explained.code}`);
    }
  },
});
