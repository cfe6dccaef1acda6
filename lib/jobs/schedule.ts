import "server-only";
// Periodic jobs (graphile-worker's crontab). Each worker process runs the scheduler; graphile-worker
// records every fired slot in the database, so several workers still queue each job once.
import type { CronItem } from "graphile-worker";
import type { JobName } from "./contracts";

export interface ScheduledTask extends CronItem {
  task: JobName;
}

export const schedule: ScheduledTask[] = [
  // Hourly, at an odd minute so it does not stack up with everything else that runs on the hour.
  { task: "housekeeping.pruneConsentAttempts", match: "17 * * * *", identifier: "prune-consent-attempts" },
  // Guest states: every 5 minutes, a few paged Graph reads however many invitations there are.
  { task: "invitations.syncStatus", match: "*/5 * * * *", identifier: "invitations-sync-status" },
  // Resume bulk runs and sends whose worker died (their lease lapsed), every minute.
  { task: "invitations.watchdog", match: "* * * * *", identifier: "invitations-watchdog" },
  // The invitations page's status counts: the rows appended by changes, folded into one per status.
  { task: "invitations.foldStatusCounts", match: "* * * * *", identifier: "invitations-fold-status-counts" },
  // Delegated grants due for renewal (daily per grant, spread out): every 5 minutes (offset from the sync), a bounded batch.
  // Staff with a live session still hold their role and a working account: every minute, so a
  // removed role or a disabled account stops working within about a minute (plus Entra's replication).
  { task: "staff.checkAccess", match: "* * * * *", identifier: "staff-check-access" },
  // The app registration check (Settings → Registration), daily: a secret nearing its end or a
  // permission withdrawn shows as a banner on every staff page the same morning.
  { task: "registration.check", match: "43 5 * * *", identifier: "registration-check-daily" },
  // Webhook endpoints whose deliverer died (its lease lapsed) with deliveries due: every minute.
  { task: "webhooks.sweep", match: "* * * * *", identifier: "webhooks-sweep" },
  { task: "grants.refreshDue", match: "2,7,12,17,22,27,32,37,42,47,52,57 * * * *", identifier: "grants-refresh-due" },
];
