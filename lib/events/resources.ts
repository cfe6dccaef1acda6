import "server-only";
// The resources events carry, read inside the transaction that changed them, so `data` is the
// state the change left. Each domain calls one emit function here (emitInvitationEvent,
// emitGrantEvent): where the change lives may move without its events moving.
import { GRANT_RESOURCE_SELECT, toApiGrant } from "@/lib/api/grants/queries";
import { INVITATION_RESOURCE_SELECT, toApiInvitation } from "@/lib/api/invitations/queries";
import type { ApiInvitation } from "@/lib/api/schemas/invitations";
import type { Prisma } from "@/lib/db/generated/client";
import { isErasureReason } from "@/lib/shared/grants";
import { credentialExpiryThreshold, type RegistrationReport } from "@/lib/shared/registration";
import type { RECONSENT_REASONS } from "./catalogue";
import { emitEvent, type EmittedEvent } from "./outbox";

type Db = Pick<Prisma.TransactionClient, "$queryRaw" | "outboxEvent" | "invitation" | "grant" | "bulkInviteRun">;

export type InvitationEventType =
  "invitation.created" | "invitation.sent" | "invitation.failed" | "invitation.redeemed" | "invitation.revoked";
export type GrantEventType = "grant.consented" | "grant.recovered";

async function invitationResource(db: Db, invitationId: string): Promise<ApiInvitation | null> {
  const row = await db.invitation.findUnique({ where: { id: invitationId }, select: INVITATION_RESOURCE_SELECT });
  return row ? toApiInvitation(row) : null;
}

export async function emitInvitationEvent(
  db: Db,
  type: InvitationEventType,
  invitationId: string,
): Promise<EmittedEvent | null> {
  const invitation = await invitationResource(db, invitationId);
  return invitation ? emitEvent(db, type, invitationId, invitation) : null;
}

export async function emitGrantEvent(db: Db, type: GrantEventType, grantId: string): Promise<EmittedEvent | null> {
  const row = await db.grant.findUnique({ where: { id: grantId }, select: GRANT_RESOURCE_SELECT });
  return row ? emitEvent(db, type, grantId, toApiGrant(row)) : null;
}

/** `grant.erased` with the reason its tombstone keeps (eraseGrantTokens wrote it in this transaction). */
export async function emitGrantErased(db: Db, grantId: string): Promise<EmittedEvent | null> {
  const row = await db.grant.findUnique({ where: { id: grantId }, select: GRANT_RESOURCE_SELECT });
  if (!row || !isErasureReason(row.erasedReason)) return null;
  return emitEvent(db, "grant.erased", grantId, { ...toApiGrant(row), erasureReason: row.erasedReason });
}

export async function emitGrantNeedsReconsent(
  db: Db,
  grantId: string,
  reason: (typeof RECONSENT_REASONS)[number],
): Promise<EmittedEvent | null> {
  const row = await db.grant.findUnique({ where: { id: grantId }, select: GRANT_RESOURCE_SELECT });
  return row ? emitEvent(db, "grant.needs_reconsent", grantId, { ...toApiGrant(row), reconsentReason: reason }) : null;
}

/**
 * The invitation event a status change means, if any: the one mapping from the invitation's
 * lifecycle to the events the company's product hears.
 */
export function invitationEventForTransition(from: string, to: string): InvitationEventType | null {
  if (to === "PendingAcceptance" && (from === "Sending" || from === "Queued")) return "invitation.sent";
  if (to === "Failed") return "invitation.failed";
  if (to === "Accepted" && (from === "PendingAcceptance" || from === "Sending" || from === "Queued"))
    return "invitation.redeemed";
  if (to === "Revoked") return "invitation.revoked";
  return null;
}

/** The run's columns that `bulk_run.finished` carries (and that tell whether the run has finished). */
export const BULK_RUN_FINISHED_SELECT = {
  id: true,
  fileName: true,
  status: true,
  totalRows: true,
  invitedCount: true,
  existingCount: true,
  failedCount: true,
  stopReason: true,
  completedAt: true,
} as const satisfies Prisma.BulkInviteRunSelect;

type BulkRunFinishedRow = Prisma.BulkInviteRunGetPayload<{ select: typeof BULK_RUN_FINISHED_SELECT }>;

/**
 * `bulk_run.finished` if the run has finished. `known` is the run as this transaction just wrote
 * it (an update's answer selecting BULK_RUN_FINISHED_SELECT), which spares reading it again.
 */
export async function emitBulkRunFinished(
  db: Db,
  runId: string,
  known?: BulkRunFinishedRow,
): Promise<EmittedEvent | null> {
  const run = known ?? (await db.bulkInviteRun.findUnique({ where: { id: runId }, select: BULK_RUN_FINISHED_SELECT }));
  if (!run || (run.status !== "Completed" && run.status !== "Failed")) return null;
  return emitEvent(db, "bulk_run.finished", runId, {
    ...run,
    status: run.status,
    completedAt: run.completedAt?.toISOString() ?? null,
  });
}

/**
 * A failed check and a credential ending soon, each its own event, with the run that found it. The
 * daily check sees the same credential every day: its secret_expiring is raised once per threshold
 * of CREDENTIAL_EXPIRY_EVENT_DAYS (a credential is told apart by its end date; a new secret or
 * certificate has its own).
 */
export async function emitRegistrationEvents(db: Db, runId: string, report: RegistrationReport): Promise<void> {
  const credentialExpiresAt = report.credentialExpiresAt ? new Date(report.credentialExpiresAt).toISOString() : null;
  const data = {
    id: runId,
    status: report.status,
    ranAt: report.ranAt,
    credentialExpiresAt,
    failedChecks: report.checks
      .filter((check) => check.status === "fail" || check.status === "warn")
      .map((check) => check.title),
  };
  if (report.status === "fail") await emitEvent(db, "registration.check_failed", runId, data);
  if (credentialExpiresAt && (await crossedNewExpiryThreshold(db, credentialExpiresAt, new Date(report.ranAt)))) {
    await emitEvent(db, "registration.secret_expiring", runId, data);
  }
}

async function crossedNewExpiryThreshold(db: Db, credentialExpiresAt: string, ranAt: Date): Promise<boolean> {
  const threshold = credentialExpiryThreshold(credentialExpiresAt, ranAt);
  if (threshold === null) return false;
  // Two checks at once (the schedule and an admin) must not both raise it.
  await db.$queryRaw`SELECT 1 AS locked FROM pg_advisory_xact_lock(hashtext('registration.secret_expiring'))`;
  const earlier = await db.outboxEvent.findMany({
    where: {
      type: "registration.secret_expiring",
      payload: { path: ["credentialExpiresAt"], equals: credentialExpiresAt },
    },
    select: { payload: true },
  });
  return earlier.every((event) => {
    const raisedAt = (event.payload as { ranAt?: unknown }).ranAt;
    if (typeof raisedAt !== "string") return true;
    const raisedAtThreshold = credentialExpiryThreshold(credentialExpiresAt, new Date(raisedAt));
    return raisedAtThreshold === null || raisedAtThreshold > threshold;
  });
}
