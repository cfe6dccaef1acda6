import "server-only";
// The one way an invitation's status changes: a version-checked update, an event on its timeline
// the webhook event it means (in the outbox, same transaction) and a NOTIFY on `invitation_changed` (delivered when the transaction commits), so the live list
// hears about every change and no two writers silently overwrite each other.
import { prisma } from "@/lib/db/client";
import type { InvitationStatus, Prisma } from "@/lib/db/generated/client";
import { emitInvitationEvent, invitationEventForTransition } from "@/lib/events/resources";
import { INVITATION_CHANGED_CHANNEL, BULK_RUN_CHANGED_CHANNEL, type InvitationChangedNotice } from "@/lib/shared/invitations";

type Db = Prisma.TransactionClient;

export interface EventActor {
  actorType: "Staff" | "Worker" | "InvitedUser" | "System" | "ApiKey";
  actorId?: string | null;
}

export interface TransitionInput {
  invitationId: string;
  /** The statuses this change is allowed from; the update matches nothing otherwise. */
  from: readonly InvitationStatus[];
  to: InvitationStatus;
  /** Event type on the timeline, e.g. "sent", "send_failed", "status_synced". */
  event: string;
  actor: EventActor;
  /** Other columns to set together with the status. */
  data?: Prisma.InvitationUpdateManyMutationInput;
  detail?: Prisma.InputJsonValue;
}

export interface TransitionResult {
  changed: boolean;
  fromStatus?: InvitationStatus;
}

/** Sends the live-update notice inside `db`'s transaction (PostgreSQL delivers it on commit). */
export async function notifyInvitationChanged(db: Pick<Db, "$executeRaw">, notice: InvitationChangedNotice): Promise<void> {
  await db.$executeRaw`SELECT pg_notify(${INVITATION_CHANGED_CHANNEL}, ${JSON.stringify(notice)})`;
}

export async function notifyBulkRunChanged(db: Pick<Db, "$executeRaw">, runId: string): Promise<void> {
  await db.$executeRaw`SELECT pg_notify(${BULK_RUN_CHANGED_CHANNEL}, ${JSON.stringify({ runId })})`;
}

/**
 * Moves an invitation from one of `from` to `to`, in `db` (a transaction) or a new one.
 * Returns changed=false when the invitation was not in an allowed status (someone else moved it).
 */
export async function transitionInvitation(input: TransitionInput, db?: Db): Promise<TransitionResult> {
  if (!db) return prisma.$transaction((tx) => transitionInvitation(input, tx));
  const current = await db.invitation.findUnique({
    where: { id: input.invitationId },
    select: { status: true, version: true, bulkRunId: true },
  });
  if (!current || !input.from.includes(current.status)) return { changed: false, fromStatus: current?.status };
  const updated = await db.invitation.updateMany({
    where: { id: input.invitationId, version: current.version },
    data: { ...input.data, status: input.to, version: { increment: 1 } },
  });
  if (updated.count === 0) return { changed: false, fromStatus: current.status };
  await db.invitationEvent.create({
    data: {
      invitationId: input.invitationId,
      type: input.event,
      fromStatus: current.status,
      toStatus: input.to,
      actorType: input.actor.actorType,
      actorId: input.actor.actorId ?? null,
      detail: input.detail,
    },
  });
  const outgoing = invitationEventForTransition(current.status, input.to);
  if (outgoing) await emitInvitationEvent(db, outgoing, input.invitationId);
  await notifyInvitationChanged(db, { id: input.invitationId, status: input.to, bulkRunId: current.bulkRunId ?? undefined });
  return { changed: true, fromStatus: current.status };
}

/** An event that does not change the status (e.g. "resent", "checked"). */
export async function recordInvitationEvent(
  input: { invitationId: string; event: string; actor: EventActor; detail?: Prisma.InputJsonValue },
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
