// Job "invitations.bulkRun": sends the pending rows of a confirmed bulk-invite run.
import { z } from "zod";
import { processBulkRun } from "@/lib/invitations/bulk-run";
import { bulkRunJobKey } from "@/lib/invitations/bulk-upload";
import { defineTask } from "../define";
import { enqueueJob } from "../enqueue";

export const bulkRunTask = defineTask({
  payload: z.object({ runId: z.string().min(1) }),
  async run({ runId }, helpers) {
    const result = await processBulkRun(runId, { log: (message) => helpers.logger.info(message), signal: helpers.abortSignal });
    helpers.logger.info(`Bulk run ${runId}: ${result}`);
    // This worker is shutting down mid-run: queue the rest for whichever worker is (or comes) up.
    if (result === "interrupted") await enqueueJob("invitations.bulkRun", { runId }, { jobKey: bulkRunJobKey(runId) });
  },
});
