// Job "invitations.bulkRun": sends the pending rows of a confirmed bulk-invite run.
import { z } from "zod";
import { processBulkRun } from "@/lib/invitations/bulk-run";
import { defineTask } from "../define";

export const bulkRunTask = defineTask({
  payload: z.object({ runId: z.string().min(1) }),
  async run({ runId }, helpers) {
    const result = await processBulkRun(runId, { log: (message) => helpers.logger.info(message) });
    helpers.logger.info(`Bulk run ${runId}: ${result}`);
  },
});
