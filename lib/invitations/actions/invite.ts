import "server-only";
// Single invite: validate → authorize (admin) → look the address up → create the invitation,
// its first event and the send job in one transaction (both commit or neither) → audit.
// The worker does the Graph POST (lib/invitations/worker/send.ts), so the form answers at once and a
// slow or throttled Graph never holds a request open.
import { z } from "zod";
import { ActionError } from "@/lib/actions/action-error";
import { defineStaffAction, defineStaffRead, type Validation } from "@/lib/actions/staff-action";
import { canInvite } from "@/lib/auth/permissions";
import { prisma } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { enqueueJob } from "@/lib/jobs/enqueue";
import {
  checkInvitedEmail,
  invitationFormValues,
  validateInvitationInput,
  type InvitationInput,
} from "@/lib/shared/invitation-validation";
import { memberInvitesAllowed } from "@/lib/invitations/app-permissions";
import { chooseInvitationMailMode } from "@/lib/invitations/mail/settings";
import { lookupAddress } from "./lookup";
import { createQueuedInvitation, invitationKey, withInvitationKey } from "@/lib/invitations/create";
import type { InviteeLookup, InviteUserOutcome } from "@/lib/shared/invitations";

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

export const inviteUserAction = defineStaffAction<InvitationInput, InviteUserOutcome>({
  action: "invitation.create",
  validate: (raw): Validation<InvitationInput> => {
    const result = validateInvitationInput(invitationFormValues(raw));
    if (result.ok) return { ok: true, value: withInvitationKey(result.value) };
    return { ok: false, message: result.formErrors[0], fieldErrors: result.fieldErrors };
  },
  allowed: canInvite,
  deniedMessage: "Only administrators can invite users.",
  async run(input, context) {
    context.addAuditDetail({ email: input.email, userType: input.userType });
    if (input.userType === "Member") {
      const member = await memberInvitesAllowed();
      if (!member.allowed) {
        throw new ActionError("invalid", "Member invites are not available with the app's current permissions.", {
          fieldErrors: { userType: [member.reason ?? "Member invites need more permission."] },
        });
      }
    }
    const lookup = await lookupAddress(input.email);
    if (lookup.invitation) {
      context.setAuditTarget({ type: "invitation", id: lookup.invitation.id });
      return { kind: "alreadyInvited", invitation: lookup.invitation };
    }
    if (lookup.existingUser) {
      context.addAuditDetail({ existingUserId: lookup.existingUser.id });
      return { kind: "existingUser", existingUser: lookup.existingUser };
    }
    const mailMode = await chooseInvitationMailMode(input);
    context.addAuditDetail({ mailMode });
    try {
      const created = await prisma.$transaction(async (tx) => {
        const invitation = await createQueuedInvitation(
          tx,
          { ...input, mailMode },
          {
            createdById: context.staff.userId,
            actor: { actorType: "Staff", actorId: context.staff.userId },
          },
        );
        if (invitation) await enqueueJob("invitations.send", { invitationId: invitation.id }, {}, tx);
        return invitation;
      });
      if (!created) return alreadyInvited(input.email);
      context.setAuditTarget({ type: "invitation", id: created.id });
      return { kind: "queued", invitationId: created.id };
    } catch (error) {
      // Two admins inviting the same address at once: the second one sees the first's invitation.
      if (isUniqueViolation(error)) return alreadyInvited(input.email);
      throw error;
    }
  },
  successMessage: (output, input) =>
    output.kind === "queued"
      ? `Invitation queued for ${input.email}.`
      : output.kind === "alreadyInvited"
        ? `${input.email} was already invited.`
        : `${input.email} is already a user of the tenant; nothing was sent.`,
});

async function alreadyInvited(email: string): Promise<InviteUserOutcome> {
  const invitation = await prisma.invitation.findUniqueOrThrow({
    where: { email },
    select: { id: true, status: true },
  });
  return { kind: "alreadyInvited", invitation };
}

/** Asked while the admin types an address: a read, so authorized like inviting but not audited. */
export const lookupInviteeRead = defineStaffRead<string, InviteeLookup>({
  name: "invitee look-up",
  validate: (raw): Validation<string> => {
    const parsed = z.string().safeParse(raw);
    const check = checkInvitedEmail(parsed.success ? parsed.data : "");
    return check.ok
      ? { ok: true, value: invitationKey(check.email) }
      : { ok: false, message: check.reason, fieldErrors: { email: [check.reason] } };
  },
  allowed: canInvite,
  deniedMessage: "Only administrators can invite users.",
  run: (email) => lookupAddress(email),
});
