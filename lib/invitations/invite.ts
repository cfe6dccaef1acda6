import "server-only";
// Inviting one address, for staff (the invite form) and for the company's product (POST
// /api/v1/invitations) alike: Member invites only with the permission they need → look the address
// up in Guestpass and in the tenant → create the invitation, its first event and the send job in one
// transaction (both commit or neither). The worker does the Graph POST
// (lib/invitations/worker/send.ts), so the caller is answered at once and a slow or throttled Graph
// never holds a request open.
import { ActionError } from "@/lib/actions/action-error";
import { prisma } from "@/lib/db/client";
import type { InvitationMailMode } from "@/lib/db/generated/enums";
import { isUniqueViolation } from "@/lib/api/idempotency";
import { enqueueJob } from "@/lib/jobs/enqueue";
import type { InvitationInput } from "@/lib/shared/invitation-validation";
import type { InviteUserOutcome } from "@/lib/shared/invitations";
import { lookupAddress } from "./actions/lookup";
import { memberInvitesAllowed } from "./app-permissions";
import { createQueuedInvitation, type CreateQueuedInvitationOptions } from "./create";
import { chooseInvitationMailMode } from "./mail/settings";

export interface InviteResult {
  outcome: InviteUserOutcome;
  /** Who mails the new invitation (queued only). */
  mailMode?: InvitationMailMode;
}

/** Invites a checked, normalised address (withInvitationKey) for `options.actor`. */
export async function inviteAddress(
  input: InvitationInput,
  options: Omit<CreateQueuedInvitationOptions, "bulkRunId">,
): Promise<InviteResult> {
  if (input.userType === "Member") {
    const member = await memberInvitesAllowed();
    if (!member.allowed) {
      throw new ActionError("invalid", "Member invites are not available with the app's current permissions.", {
        fieldErrors: { userType: [member.reason ?? "Member invites need more permission."] },
      });
    }
  }
  const lookup = await lookupAddress(input.email);
  if (lookup.invitation) return { outcome: { kind: "alreadyInvited", invitation: lookup.invitation } };
  if (lookup.existingUser) return { outcome: { kind: "existingUser", existingUser: lookup.existingUser } };
  const mailMode = await chooseInvitationMailMode(input);
  try {
    const created = await prisma.$transaction(async (tx) => {
      const invitation = await createQueuedInvitation(tx, { ...input, mailMode }, options);
      if (invitation) await enqueueJob("invitations.send", { invitationId: invitation.id }, {}, tx);
      return invitation;
    });
    if (created) return { outcome: { kind: "queued", invitationId: created.id }, mailMode };
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    // Two requests inviting the same address at once: the second one sees the first's invitation.
    // No invitation of the address: the guard was the API's Idempotency-Key, for its caller to handle.
    const invitation = await invitationOf(input.email);
    if (!invitation) throw error;
    return { outcome: { kind: "alreadyInvited", invitation } };
  }
  return { outcome: { kind: "alreadyInvited", invitation: (await invitationOf(input.email))! } };
}

const invitationOf = (email: string) =>
  prisma.invitation.findUnique({ where: { email }, select: { id: true, status: true } });
