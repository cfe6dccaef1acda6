import "server-only";
// Creating an invitation row: the one place a new invitation (Queued), its "created" event, its
// invitation.created webhook event (outbox) and the live-feed notice are written, for the single
// invite and the bulk run alike.
import type { Prisma } from "@/lib/db/generated/client";
import type { InvitationInput } from "@/lib/shared/invitation-validation";
import { emitInvitationEvent } from "@/lib/events/resources";
import { messageInfoOf } from "./graph-request";
import { loadInvitationMailSettings } from "./mail/settings";
import { notifyInvitationChanged, recordInvitationCreated, type EventActor } from "./lifecycle";

export interface CreateQueuedInvitationOptions {
  createdById?: string | null;
  bulkRunId?: string | null;
  actor: EventActor;
  /** Created through the API: the key, its Idempotency-Key and the request's hash (lib/api/idempotency.ts). */
  apiRequest?: { apiKeyId: string; idempotencyKey: string | null; requestHash: string | null };
}

/**
 * Creates the invitation (Queued) with its "created" event, in `tx`. Returns null when Guestpass
 * already has an invitation for the address (the unique email is the guard against twins).
 */
export async function createQueuedInvitation(
  tx: Prisma.TransactionClient,
  input: InvitationInput,
  options: CreateQueuedInvitationOptions,
): Promise<{ id: string } | null> {
  const existing = await tx.invitation.findUnique({ where: { email: input.email }, select: { id: true } });
  if (existing) return null;
  const mailMode = input.mailMode ?? (await loadInvitationMailSettings(tx)).mode;
  const invitation = await tx.invitation.create({
    data: {
      email: input.email,
      displayName: input.displayName ?? null,
      userType: input.userType,
      sendInvitationMessage: input.sendInvitationMessage,
      messageInfo: messageInfoOf(input) as Prisma.InputJsonValue | undefined,
      mailMode,
      createdById: options.createdById ?? null,
      bulkRunId: options.bulkRunId ?? null,
      apiKeyId: options.apiRequest?.apiKeyId ?? null,
      idempotencyKey: options.apiRequest?.idempotencyKey ?? null,
      requestHash: options.apiRequest?.requestHash ?? null,
      status: "Queued",
    },
    select: { id: true },
  });
  await recordInvitationCreated(tx, {
    invitationId: invitation.id,
    actor: options.actor,
    detail: {
      userType: input.userType,
      sendInvitationMessage: input.sendInvitationMessage,
      mailMode,
      bulkRunId: options.bulkRunId ?? null,
    },
  });
  await emitInvitationEvent(tx, "invitation.created", invitation.id);
  await notifyInvitationChanged(tx, { id: invitation.id, status: "Queued", bulkRunId: options.bulkRunId ?? undefined });
  return invitation;
}

/**
 * Entra matches addresses without regard to case, so Guestpass keys invitations by the lower-cased
 * address (Invitation.email is unique): Ada@… and ada@… are one person, invited once.
 */
export const invitationKey = (email: string) => email.trim().toLowerCase();
export const withInvitationKey = (input: InvitationInput): InvitationInput => ({
  ...input,
  email: invitationKey(input.email),
});
