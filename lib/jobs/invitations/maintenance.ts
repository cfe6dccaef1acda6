// Periodic invitation jobs (crontab in schedule.ts): the guest status sync and the watchdog.
import { z } from "zod";
import { syncGuestStates } from "@/lib/invitations/status-sync";
import { resumeStalledWork } from "@/lib/invitations/watchdog";
import { defineTask } from "../define";

export const syncStatusTask = defineTask({
  payload: z.object({}).loose(),
  async run(_payload, helpers) {
    const summary = await syncGuestStates();
    helpers.logger.info(`Guest status sync: ${summary.pages} page(s), ${summary.guestsSeen} guest(s), ${summary.statusesChanged} status change(s)`);
  },
});

export const watchdogTask = defineTask({
  payload: z.object({}).loose(),
  async run(_payload, helpers) {
    const resumed = await resumeStalledWork();
    if (resumed.runs + resumed.invitations > 0)
      helpers.logger.info(`Watchdog re-queued ${resumed.runs} bulk run(s) and ${resumed.invitations} invitation send(s)`);
  },
});
