import "server-only";
// Every background job's contract: its name, the payload it accepts and, where at most one may be
// pending per subject, the key that makes it so. App code queues jobs through these alone
// (lib/jobs/enqueue.ts), so queuing a job never loads the code that runs it; the handlers
// (lib/jobs/handlers/) are imported only by the worker (lib/jobs/runner.ts).
// Payloads are validated on enqueue (a caller's mistake fails in the caller) and again when the job
// runs (a job queued by an older release cannot run with a payload this code does not expect).
import { z } from "zod";

/** OAuth state rows only matter for the minutes a consent takes; support gets a week ("why did my link fail?"). */
export const CONSENT_ATTEMPT_RETENTION_DAYS = 7;

/**
 * The most grant refreshes one run may have in flight. Each holds a pooled connection for its
 * row-locked transaction while it waits on the token endpoint (80–150 ms), so this is bounded by the
 * pool (lib/db/client.ts, 40) less room for the worker's other jobs.
 */
export const MAX_REFRESH_CONCURRENCY = 32;

interface KeyedJobContract<Payload extends z.ZodType> {
  payload: Payload;
  /** At most one pending job per key: queuing again replaces (or keeps, per the mode) the pending one. */
  key: (payload: z.output<Payload>) => string;
}

function contract<Payload extends z.ZodType>(definition: KeyedJobContract<Payload>): KeyedJobContract<Payload>;
function contract<Payload extends z.ZodType>(definition: { payload: Payload }): { payload: Payload };
function contract<Payload extends z.ZodType>(definition: {
  payload: Payload;
  key?: (payload: z.output<Payload>) => string;
}) {
  return definition;
}

export const jobs = {
  "housekeeping.pruneConsentAttempts": contract({
    payload: z.object({ olderThanDays: z.number().int().min(0).default(CONSENT_ATTEMPT_RETENTION_DAYS) }).loose(),
  }),
  "invitations.send": contract({
    payload: z.object({ invitationId: z.string().min(1), attempt: z.number().int().min(1).default(1) }),
    key: ({ invitationId }) => `invitation-send:${invitationId}`,
  }),
  "invitations.bulkRun": contract({
    payload: z.object({ runId: z.string().min(1) }),
    key: ({ runId }) => `bulk-invite-run:${runId}`,
  }),
  "invitations.syncStatus": contract({ payload: z.object({}).loose() }),
  "invitations.watchdog": contract({ payload: z.object({}).loose() }),
  "invitations.foldStatusCounts": contract({ payload: z.object({}).loose() }),
  "staff.checkAccess": contract({ payload: z.object({}).loose() }),
  "registration.check": contract({ payload: z.object({}).loose() }),
  "mail.send": contract({
    payload: z.object({ messageId: z.string().min(1) }),
    key: ({ messageId }) => `mail-send:${messageId}`,
  }),
  "grants.refreshDue": contract({
    payload: z
      .object({
        limit: z.number().int().min(1).max(5000).default(500),
        concurrency: z.number().int().min(1).max(MAX_REFRESH_CONCURRENCY).default(4),
      })
      .loose(),
  }),
  "webhooks.deliver": contract({
    payload: z.object({ endpointId: z.string().min(1) }),
    key: ({ endpointId }) => `webhook-deliver:${endpointId}`,
  }),
  "webhooks.sweep": contract({ payload: z.object({}).loose() }),
} as const;

export type JobName = keyof typeof jobs;
/** What a caller passes (defaults may be left out). */
export type JobInput<Name extends JobName> = z.input<(typeof jobs)[Name]["payload"]>;
/** What a handler receives (defaults filled in). */
export type JobPayload<Name extends JobName> = z.output<(typeof jobs)[Name]["payload"]>;
