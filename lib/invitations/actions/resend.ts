import "server-only";
// Resend: re-post the invitation for the same address with the mail switched on (Graph returns the
// same user); with Guestpass's own mail, Microsoft sends nothing and Guestpass mails the new
// redeem link itself. One per invitation per 10 minutes, enforced by a conditional UPDATE of lastResentAt
// so two clicks (or two staff) cannot both pass. resetRedemption (admins) lets the person redeem
// again with another account; Graph requires User.ReadWrite.All for it.
import { ActionError } from "@/lib/actions/action-error";
import { defineStaffAction } from "@/lib/actions/staff-action";
import { canSupportInvitations, isAdmin } from "@/lib/auth/permissions";
import { prisma } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { isAmbiguousWriteError, isGraphRequestError } from "@/lib/graph/errors";
import { appGraphClientFromEnv } from "@/lib/graph/from-env";
import { createInvitation } from "@/lib/graph/invitations";
import { enqueueJob } from "@/lib/jobs/enqueue";
import { validateResendInput, type ResendInput } from "./inputs";
import { applicationPermissions, RESET_REDEMPTION_PERMISSION_HINT } from "@/lib/invitations/app-permissions";
import { invitationRequest } from "@/lib/invitations/graph-request";
import { sendInvitationMail, type InvitationMailOutcome } from "@/lib/invitations/mail/send";
import { microsoftActionError } from "./lookup";
import { invitationBucket, pauseBucket, takeToken } from "@/lib/invitations/rate-limit";
import { recordInvitationEvent, transitionInvitation } from "@/lib/invitations/lifecycle";
import { RESEND_DENIED, resendRefusal, resetRedemptionRefusal } from "@/lib/invitations/permissions";
import { RESEND_COOLDOWN_MS, type ResendOutcome } from "@/lib/shared/invitations";

const nextResendAt = (from: Date) => new Date(from.getTime() + RESEND_COOLDOWN_MS);

/** Claims this invitation's resend slot; the previous lastResentAt (to give the slot back), or a refusal. */
async function claimResendSlot(invitationId: string): Promise<{ previous: Date | null; at: Date }> {
  const at = new Date();
  const before = await prisma.invitation.findUniqueOrThrow({
    where: { id: invitationId },
    select: { lastResentAt: true },
  });
  const claimed = await prisma.invitation.updateMany({
    where: {
      id: invitationId,
      OR: [{ lastResentAt: null }, { lastResentAt: { lte: new Date(at.getTime() - RESEND_COOLDOWN_MS) } }],
    },
    data: { lastResentAt: at },
  });
  if (claimed.count === 0) {
    const current = await prisma.invitation.findUniqueOrThrow({
      where: { id: invitationId },
      select: { lastResentAt: true },
    });
    const retryAt = nextResendAt(current.lastResentAt ?? at);
    throw new ActionError(
      "rate_limited",
      `This invitation was resent recently. You can resend it again at ${retryAt.toISOString()}.`,
      { retryAt },
    );
  }
  return { previous: before.lastResentAt, at };
}

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

    const slot = await claimResendSlot(invitation.id);
    const actor = { actorType: "Staff" as const, actorId: context.staff.userId };

    if (invitation.status === "Failed" || !invitation.graphUserId) {
      // It never reached Microsoft: resending means sending it again through the worker.
      await prisma.$transaction(async (tx) => {
        await transitionInvitation({ invitationId: invitation.id, event: "resend_requested", actor }, tx);
        await enqueueJob("invitations.send", { invitationId: invitation.id }, {}, tx);
      });
      return { invitationId: invitation.id, nextResendAt: nextResendAt(slot.at).toISOString() };
    }

    const request = invitationRequest(invitation, {
      kind: "resend",
      resetRedemptionOf: input.resetRedemption ? invitation.graphUserId : undefined,
    });
    const bucket = invitationBucket(getEnv().AZURE_TENANT_ID);
    let answer: Awaited<ReturnType<typeof createInvitation>>;
    try {
      await takeToken(bucket);
      answer = await createInvitation(appGraphClientFromEnv(), request);
    } catch (error) {
      if (!isAmbiguousWriteError(error)) {
        // Microsoft did not send anything: give the slot back so staff can try again at once.
        await prisma.invitation.updateMany({
          where: { id: invitation.id, lastResentAt: slot.at },
          data: { lastResentAt: slot.previous },
        });
        if (isGraphRequestError(error) && error.status === 429) await pauseBucket(bucket, error.retryAfterSeconds ?? 5);
      }
      await recordInvitationEvent({
        invitationId: invitation.id,
        event: "resend_failed",
        actor,
        detail: { code: isGraphRequestError(error) ? error.code : "unknown" },
      });
      throw microsoftActionError(error, "the resend");
    }
    let mail: InvitationMailOutcome | null = null;
    if (invitation.mailMode === "guestpass") {
      mail = await sendInvitationMail(appGraphClientFromEnv(), invitation, answer.inviteRedeemUrl);
      if (mail.kind !== "sent") {
        // Not sent: the slot is free again. Unknown: it may have left, so the cooldown stands.
        if (mail.kind === "notSent")
          await prisma.invitation.updateMany({
            where: { id: invitation.id, lastResentAt: slot.at },
            data: { lastResentAt: slot.previous },
          });
        await recordInvitationEvent({
          invitationId: invitation.id,
          event: "resend_failed",
          actor,
          detail: { code: mail.explained.code, title: mail.explained.title, invitationMail: mail.kind },
        });
        throw new ActionError("microsoft_error", mail.explained.title, { explained: mail.explained });
      }
    }
    await prisma.invitation.update({
      where: { id: invitation.id },
      data: { inviteRedeemUrl: answer.inviteRedeemUrl, ...(mail ? { invitationMailSentAt: new Date() } : {}) },
    });
    if (input.resetRedemption) {
      await transitionInvitation({
        invitationId: invitation.id,
        event: "redemption_reset",
        actor,
        data: { externalUserState: "PendingAcceptance" },
      });
    }
    await recordInvitationEvent({
      invitationId: invitation.id,
      event: "resent",
      actor,
      detail: {
        resetRedemption: input.resetRedemption,
        graphStatus: answer.status,
        ...(mail?.kind === "sent"
          ? { invitationMail: { outcome: "sent", sender: mail.sender, locale: mail.locale } }
          : {}),
      },
    });
    return {
      invitationId: invitation.id,
      nextResendAt: nextResendAt(slot.at).toISOString(),
      inviteRedeemUrl: answer.inviteRedeemUrl,
    };
  },
  successMessage: () => "Invitation resent.",
});
