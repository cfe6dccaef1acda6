import "server-only";
// Connecting a person by consent link alone: no B2B invitation, so no guest account in the
// company's tenant and nothing posted to Microsoft. The row is an invitation of kind consent_link,
// Accepted from the start (there is nothing to send or redeem), with its first consent link. The
// person consents with their own work, school or personal account at the `common` authority; the
// account policy still binds the grant to an account that owns the address (lib/consent/callback.ts
// has no guest to prove for it). The redemption landing page stays closed to it: only the link opens it.
import { prisma } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { emitInvitationEvent } from "@/lib/events/resources";
import { issueConsentLink, type IssuedConsentLink } from "@/lib/consent/links";
import type { ConnectionInput } from "@/lib/shared/invitation-validation";
import { notifyInvitationChanged, recordInvitationCreated, type EventActor } from "./lifecycle";

export type ConnectionCreated =
  { kind: "created"; invitationId: string; link: IssuedConsentLink } | { kind: "exists"; invitationId: string };

/** Creates the connection and its consent link in `tx`; an address Guestpass already has is left as it is. */
export async function createConsentLinkConnection(
  tx: Prisma.TransactionClient,
  input: ConnectionInput,
  options: { createdById: string | null; actor: EventActor },
): Promise<ConnectionCreated> {
  const existing = await tx.invitation.findUnique({ where: { email: input.email }, select: { id: true } });
  if (existing) return { kind: "exists", invitationId: existing.id };
  const invitation = await tx.invitation.create({
    data: {
      kind: "consent_link",
      email: input.email,
      displayName: input.displayName ?? null,
      status: "Accepted",
      sendInvitationMessage: false,
      messageInfo: input.messageLanguage ? { messageLanguage: input.messageLanguage } : undefined,
      createdById: options.createdById,
    },
    select: { id: true },
  });
  await recordInvitationCreated(tx, {
    invitationId: invitation.id,
    actor: options.actor,
    status: "Accepted",
    detail: { kind: "consent_link" },
  });
  await emitInvitationEvent(tx, "invitation.created", invitation.id);
  await notifyInvitationChanged(tx, { id: invitation.id, status: "Accepted" });
  const link = await issueConsentLink(invitation.id, { createdById: options.createdById, actor: options.actor }, tx);
  return { kind: "created", invitationId: invitation.id, link };
}

/** createConsentLinkConnection in its own transaction; the same address twice at once: the second finds the first's. */
export async function connectByConsentLink(
  input: ConnectionInput,
  options: { createdById: string | null; actor: EventActor },
): Promise<ConnectionCreated> {
  const create = () => prisma.$transaction((tx) => createConsentLinkConnection(tx, input, options));
  try {
    return await create();
  } catch (error) {
    if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")) throw error;
    return create();
  }
}
