import "server-only";
// Which handler runs each job. Imported only by the worker's runner; typed against the contracts,
// so a job without a handler (or a handler for no job) does not compile.
import type { JobName } from "./contracts";
import type { JobHandler } from "./handler";
import { refreshDueGrantsJob } from "./handlers/grants";
import { pruneConsentAttempts } from "./handlers/housekeeping";
import { bulkRunJob, foldStatusCountsJob, sendInvitationJob, syncStatusJob, watchdogJob } from "./handlers/invitations";
import { checkRegistrationJob } from "./handlers/registration";
import { sendOutgoingMessageJob } from "./handlers/mail";
import { checkStaffAccessJob } from "./handlers/staff";
import { deliverWebhooksJob, sweepWebhooksJob } from "./handlers/webhooks";

export const handlers: { [Name in JobName]: JobHandler<Name> } = {
  "housekeeping.pruneConsentAttempts": pruneConsentAttempts,
  "invitations.send": sendInvitationJob,
  "invitations.bulkRun": bulkRunJob,
  "invitations.syncStatus": syncStatusJob,
  "invitations.watchdog": watchdogJob,
  "invitations.foldStatusCounts": foldStatusCountsJob,
  "staff.checkAccess": checkStaffAccessJob,
  "registration.check": checkRegistrationJob,
  "grants.refreshDue": refreshDueGrantsJob,
  "mail.send": sendOutgoingMessageJob,
  "webhooks.deliver": deliverWebhooksJob,
  "webhooks.sweep": sweepWebhooksJob,
};
