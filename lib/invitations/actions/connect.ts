import "server-only";
// Connect by consent link: validate → authorize (admin, as inviting) → create the connection and
// its first consent link in one transaction → audit. Nothing is posted to Microsoft.
import { defineStaffAction, type Validation } from "@/lib/actions/staff-action";
import { canInvite } from "@/lib/auth/permissions";
import { connectByConsentLink } from "@/lib/invitations/connect";
import { invitationKey } from "@/lib/invitations/create";
import { validateConnectionInput, type ConnectionInput } from "@/lib/shared/invitation-validation";
import type { ConnectionOutcome } from "@/lib/shared/invitations";

export const connectByLinkAction = defineStaffAction<ConnectionInput, ConnectionOutcome>({
  action: "invitation.connect",
  validate: (raw): Validation<ConnectionInput> => {
    const result = validateConnectionInput(raw);
    if (result.ok) return { ok: true, value: { ...result.value, email: invitationKey(result.value.email) } };
    return { ok: false, message: result.formErrors[0] ?? "Check the fields below.", fieldErrors: result.fieldErrors };
  },
  allowed: canInvite,
  deniedMessage: "Only administrators can connect people.",
  async run(input, context) {
    context.addAuditDetail({ email: input.email });
    const created = await connectByConsentLink(input, {
      createdById: context.staff.userId,
      actor: { actorType: "Staff", actorId: context.staff.userId },
    });
    context.setAuditTarget({ type: "invitation", id: created.invitationId });
    if (created.kind === "exists") return { kind: "exists", invitationId: created.invitationId };
    context.addAuditDetail({ consentRequestId: created.link.consentRequestId });
    return {
      kind: "connected",
      invitationId: created.invitationId,
      url: created.link.url,
      expiresAt: created.link.expiresAt.toISOString(),
    };
  },
  successMessage: (output, input) =>
    output.kind === "connected"
      ? `Consent link ready for ${input.email}.`
      : `Guestpass already has ${input.email}; nothing was created.`,
});
