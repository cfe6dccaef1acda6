import "server-only";
// Resend (support and admins; resetting the redemption admins only): the checks of who may resend
// which invitation, then lib/invitations/resend.ts does it.
import { ActionError } from "@/lib/actions/action-error";
import { defineStaffAction } from "@/lib/actions/staff-action";
import { canSupportInvitations, isAdmin } from "@/lib/auth/permissions";
import { prisma } from "@/lib/db/client";
import { validateResendInput, type ResendInput } from "./inputs";
import { applicationPermissions, RESET_REDEMPTION_PERMISSION_HINT } from "@/lib/invitations/app-permissions";
import { performResend } from "@/lib/invitations/resend";
import { RESEND_DENIED, resendRefusal, resetRedemptionRefusal } from "@/lib/invitations/permissions";
import type { ResendOutcome } from "@/lib/shared/invitations";

export const resendInvitationAction = defineStaffAction<ResendInput, ResendOutcome>({
  action: "invitation.resend",
  allowed: canSupportInvitations,
  validate: validateResendInput,
  async authorize(staff, input) {
    if (input.resetRedemption && !isAdmin(staff)) return false;
    const invitation = await prisma.invitation.findUnique({
      where: { id: input.invitationId },
      select: { status: true },
    });
    return invitation ? resendRefusal(staff, invitation, input)?.kind !== "role" : true; // unknown id → "not found" from run
  },
  deniedMessage: RESEND_DENIED,
  target: (input) => ({ type: "invitation", id: input.invitationId }),
  async run(input, context) {
    context.addAuditDetail({ resetRedemption: input.resetRedemption });
    const invitation = await prisma.invitation.findUnique({ where: { id: input.invitationId } });
    if (!invitation) throw new ActionError("not_found", "That invitation does not exist.");
    const refusal = resendRefusal(context.staff, invitation, input);
    if (refusal) throw new ActionError(refusal.kind === "role" ? "forbidden" : "conflict", refusal.message);
    if (input.resetRedemption) {
      if (!(await applicationPermissions()).canManageUsers)
        throw new ActionError("conflict", RESET_REDEMPTION_PERMISSION_HINT);
      const notRedeemed = resetRedemptionRefusal(invitation);
      if (notRedeemed) throw new ActionError("conflict", notRedeemed.message);
    }

    return performResend(invitation, {
      actor: { actorType: "Staff", actorId: context.staff.userId },
      resetRedemption: input.resetRedemption,
    });
  },
  successMessage: () => "Invitation resent.",
});
