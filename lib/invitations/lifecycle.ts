import "server-only";
// An invitation's lifecycle, declared once: which event moves it from which statuses to which
// (INVITATION_TRANSITIONS), and which events only mark a moment on its timeline
// (INVITATION_NOTES). The functions below are the only writers of an invitation's status and
// timeline: a version-checked update, the event, the webhook event it means (in the outbox, same
// transaction) and a NOTIFY on `invitation_changed` (delivered when the transaction commits), so
// the live list hears about every change and no two writers silently overwrite each other. The
// timeline's labels are typed against these events.
import { prisma } from "@/lib/db/client";
import type { InvitationStatus, Prisma } from "@/lib/db/generated/client";
import { emitInvitationEvent, invitationEventForTransition } from "@/lib/events/resources";
import {
  INVITATION_CHANGED_CHANNEL,
  BULK_RUN_CHANGED_CHANNEL,
  type InvitationChangedNotice,
} from "@/lib/shared/invitations";

type Db = Prisma.TransactionClient;

interface Transition {
  /** The statuses this event may move an invitation from; in any other, nothing changes. */
  from: readonly InvitationStatus[];
  to: InvitationStatus;
}

export const INVITATION_TRANSITIONS = {
  /** The worker claims a queued invitation; a POST may go out from here on. */
  sending: { from: ["Queued"], to: "Sending" },
  /** Microsoft created (or, reconciled, had already created) the guest. */
  sent: { from: ["Sending"], to: "PendingAcceptance" },
  /** Microsoft refused it, or the worker gave up; staff may resend. */
  send_failed: { from: ["Sending", "Queued"], to: "Failed" },
  /** Throttled or refused before sending: certainly not sent, back in the queue. */
  send_deferred: { from: ["Sending"], to: "Queued" },
  /** Staff resend an invitation that never reached Microsoft: it is sent again by the worker. */
  resend_requested: { from: ["Failed"], to: "Queued" },
  /** An admin reset the redemption: the person redeems again, possibly with another account. */
  redemption_reset: { from: ["Accepted", "Consented", "ConsentExpired"], to: "PendingAcceptance" },
  /** Microsoft says the guest redeemed (status sync, check now, or the consent page's landing check). */
  status_synced: { from: ["PendingAcceptance"], to: "Accepted" },
  /** The invited person granted the permissions; from any status but Revoked. */
  consented: {
    from: ["Queued", "Sending", "PendingAcceptance", "Accepted", "Consented", "ConsentExpired", "Failed"],
    to: "Consented",
  },
  /** The grant's refresh token no longer works: the person must consent again. */
  consent_expired: { from: ["Consented"], to: "ConsentExpired" },
  /** An admin erased the grant's tokens: the guest stays, the consent is gone. */
  grant_erased: { from: ["Consented", "ConsentExpired"], to: "Accepted" },
  /** An admin removed the guest from the tenant. */
  revoked: { from: ["PendingAcceptance", "Accepted", "Consented", "ConsentExpired", "Failed"], to: "Revoked" },
} as const satisfies Record<string, Transition>;

/** Events that leave the status as it is. */
export const INVITATION_NOTES = [
  "resent",
  "resend_failed",
  "consent_link_created",
  "consent_link_revoked",
  "consent_failed",
  "consent_wrong_account",
  "consent_account_conflict",
  "consent_not_redeemer",
  "grant_suspended",
  "grant_resumed",
  /** Also a transition; a note when the invitation had already left Consented and ConsentExpired. */
  "grant_erased",
  "test_mail_sent",
  "test_mail_failed",
] as const;

export type InvitationTransition = keyof typeof INVITATION_TRANSITIONS;
export type InvitationNote = (typeof INVITATION_NOTES)[number];
/** Every event an invitation's timeline can hold: its creation, a transition, or a note. */
export type InvitationEventType = "created" | InvitationTransition | InvitationNote;

export interface EventActor {
  actorType: "Staff" | "Worker" | "InvitedUser" | "System" | "ApiKey";
  actorId?: string | null;
}

export interface TransitionInput {
  invitationId: string;
  event: InvitationTransition;
  actor: EventActor;
  /** Other columns to set together with the status. */
  data?: Prisma.InvitationUpdateManyMutationInput;
  detail?: Prisma.InputJsonValue;
  /**
   * The invitation as the caller last knew it (read, or as its own last transition left it), which
   * spares reading it first. Only a hint: if the invitation has changed since (its version moved),
   * the transition reads it and goes on as without one.
   */
  expected?: InvitationSnapshot;
}

/** What a transition needs to know of the invitation beforehand. */
export interface InvitationSnapshot {
  status: InvitationStatus;
  version: number;
  bulkRunId: string | null;
}

export interface TransitionResult {
  changed: boolean;
  fromStatus?: InvitationStatus;
  /** The invitation as this transition left it (when changed). */
  now?: InvitationSnapshot;
}

/** Sends the live-update notice inside `db`'s transaction (PostgreSQL delivers it on commit). */
export async function notifyInvitationChanged(
  db: Pick<Db, "$executeRaw">,
  notice: InvitationChangedNotice,
): Promise<void> {
  await db.$executeRaw`SELECT pg_notify(${INVITATION_CHANGED_CHANNEL}, ${JSON.stringify(notice)})`;
}

export async function notifyBulkRunChanged(db: Pick<Db, "$executeRaw">, runId: string): Promise<void> {
  await db.$executeRaw`SELECT pg_notify(${BULK_RUN_CHANGED_CHANNEL}, ${JSON.stringify({ runId })})`;
}

/**
 * Applies a transition of the table, in `db` (a transaction) or a new one. Returns changed=false
 * when the invitation was not in one of the event's `from` statuses (someone else moved it).
 */
export async function transitionInvitation(input: TransitionInput, db?: Db): Promise<TransitionResult> {
  if (!db) return prisma.$transaction((tx) => transitionInvitation(input, tx));
  if (input.expected) {
    const done = await applyTransition(input, db, input.expected);
    if (done) return done;
  }
  const current = await db.invitation.findUnique({
    where: { id: input.invitationId },
    select: { status: true, version: true, bulkRunId: true },
  });
  return (await applyTransition(input, db, current)) ?? { changed: false, fromStatus: current?.status };
}

/** The transition from `current`, guarded by its version; null when it does not apply to `current` or the version has moved. */
async function applyTransition(
  input: TransitionInput,
  db: Db,
  current: InvitationSnapshot | null,
): Promise<TransitionResult | null> {
  const { from, to }: Transition = INVITATION_TRANSITIONS[input.event];
  if (!current || !from.includes(current.status)) return null;
  const updated = await db.invitation.updateMany({
    where: { id: input.invitationId, version: current.version },
    data: { ...input.data, status: to, version: { increment: 1 } },
  });
  if (updated.count === 0) return null;
  await db.invitationEvent.create({
    data: {
      invitationId: input.invitationId,
      type: input.event,
      fromStatus: current.status,
      toStatus: to,
      actorType: input.actor.actorType,
      actorId: input.actor.actorId ?? null,
      detail: input.detail,
    },
  });
  const outgoing = invitationEventForTransition(current.status, to);
  if (outgoing) await emitInvitationEvent(db, outgoing, input.invitationId);
  await notifyInvitationChanged(db, { id: input.invitationId, status: to, bulkRunId: current.bulkRunId ?? undefined });
  return {
    changed: true,
    fromStatus: current.status,
    now: { status: to, version: current.version + 1, bulkRunId: current.bulkRunId },
  };
}

/** A note on the timeline: an event that does not change the status (e.g. "resent"). */
export async function recordInvitationEvent(
  input: { invitationId: string; event: InvitationNote; actor: EventActor; detail?: Prisma.InputJsonValue },
  db: Pick<Db, "invitationEvent"> = prisma,
): Promise<void> {
  await db.invitationEvent.create({
    data: {
      invitationId: input.invitationId,
      type: input.event,
      actorType: input.actor.actorType,
      actorId: input.actor.actorId ?? null,
      detail: input.detail,
    },
  });
}

/**
 * The first event of a new invitation, written in the same transaction as the row: Queued for a
 * guest invitation (lib/invitations/create.ts), Accepted for a consent-link connection, which has
 * nothing to send or redeem (lib/invitations/connect.ts).
 */
export async function recordInvitationCreated(
  db: Pick<Db, "invitationEvent">,
  input: {
    invitationId: string;
    actor: EventActor;
    detail?: Prisma.InputJsonValue;
    status?: Extract<InvitationStatus, "Queued" | "Accepted">;
  },
): Promise<void> {
  await db.invitationEvent.create({
    data: {
      invitationId: input.invitationId,
      type: "created" satisfies InvitationEventType,
      toStatus: input.status ?? "Queued",
      actorType: input.actor.actorType,
      actorId: input.actor.actorId ?? null,
      detail: input.detail,
    },
  });
}
