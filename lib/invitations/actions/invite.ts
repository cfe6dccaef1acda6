import "server-only";
// Single invite: validate → authorize (admin) → invite the address (lib/invitations/invite.ts: look
// it up, then create the invitation and its send job) → audit.
import { z } from "zod";
import { defineStaffAction, defineStaffRead, type Validation } from "@/lib/actions/staff-action";
import { canInvite } from "@/lib/auth/permissions";
import {
  checkInvitedEmail,
  invitationFormValues,
  validateInvitationInput,
  type InvitationInput,
} from "@/lib/shared/invitation-validation";
import { lookupAddress } from "./lookup";
import { invitationKey, withInvitationKey } from "@/lib/invitations/create";
import { inviteAddress } from "@/lib/invitations/invite";
import type { InviteeLookup, InviteUserOutcome } from "@/lib/shared/invitations";

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
    const { outcome, mailMode } = await inviteAddress(input, {
      createdById: context.staff.userId,
      actor: { actorType: "Staff", actorId: context.staff.userId },
    });
    if (mailMode) context.addAuditDetail({ mailMode });
    if (outcome.kind === "existingUser") context.addAuditDetail({ existingUserId: outcome.existingUser.id });
    else
      context.setAuditTarget({
        type: "invitation",
        id: outcome.kind === "queued" ? outcome.invitationId : outcome.invitation.id,
      });
    return outcome;
  },
  successMessage: (output, input) =>
    output.kind === "queued"
      ? `Invitation queued for ${input.email}.`
      : output.kind === "alreadyInvited"
        ? `${input.email} was already invited.`
        : `${input.email} is already a user of the tenant; nothing was sent.`,
});

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
