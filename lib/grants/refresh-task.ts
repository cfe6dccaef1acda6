// Background task: refresh the grants that are due. Scheduled every five minutes (lib/jobs/schedule.ts);
// a run handles up to `limit` grants so one run stays short, and the next picks up the rest.
import { z } from "zod";
import { defineTask } from "@/lib/jobs/define";
import { refreshDueGrants } from "./refresh";

/**
 * The most refreshes one run may have in flight. Each holds a pooled connection for its row-locked
 * transaction while it waits on the token endpoint (80–150 ms), so this is bounded by the pool
 * (lib/db/client.ts, 40) less room for the worker's other jobs.
 */
export const MAX_REFRESH_CONCURRENCY = 32;

export const refreshDueGrantsTask = defineTask({
  payload: z.object({ limit: z.number().int().min(1).max(5000).default(500), concurrency: z.number().int().min(1).max(MAX_REFRESH_CONCURRENCY).default(4) }).loose(),
  async run({ limit, concurrency }, helpers) {
    const summary = await refreshDueGrants({ limit, concurrency });
    if (summary.picked > 0) helpers.logger.info(`Grant refresh: ${JSON.stringify(summary)}`);
  },
});
