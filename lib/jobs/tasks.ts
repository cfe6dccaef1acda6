// Every background task, by the name jobs are queued under. A later feature adds its task here
// (and, if it is periodic, a line to schedule.ts); nothing else needs to change.
import type { z } from "zod";
import { refreshDueGrantsTask } from "@/lib/grants/refresh-task";
import { pruneConsentAttempts } from "./housekeeping/prune-consent-attempts";
import { bulkRunTask } from "./invitations/bulk-run";
import { syncStatusTask, watchdogTask } from "./invitations/maintenance";
import { sendInvitationTask } from "./invitations/send-invitation";

export const tasks = {
  "housekeeping.pruneConsentAttempts": pruneConsentAttempts,
  "invitations.send": sendInvitationTask,
  "invitations.bulkRun": bulkRunTask,
  "invitations.syncStatus": syncStatusTask,
  "invitations.watchdog": watchdogTask,
  "grants.refreshDue": refreshDueGrantsTask,
} as const;

export type TaskName = keyof typeof tasks;
export type TaskPayload<Name extends TaskName> = z.input<(typeof tasks)[Name]["payload"]>;
