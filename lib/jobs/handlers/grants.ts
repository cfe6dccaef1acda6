import "server-only";
// Handler of "grants.refreshDue" (every five minutes, lib/jobs/schedule.ts): a run handles up to
// `limit` due grants so one run stays short, and the next picks up the rest.
import { refreshDueGrants } from "@/lib/grants/refresh";
import type { JobHandler } from "../handler";

export const refreshDueGrantsJob: JobHandler<"grants.refreshDue"> = async ({ limit, concurrency }, helpers) => {
  const summary = await refreshDueGrants({ limit, concurrency });
  if (summary.picked > 0) helpers.logger.info(`Grant refresh: ${JSON.stringify(summary)}`);
};
