import "server-only";
// Resending an invitation, for staff (Invitations → Resend) and for the company's product (POST
// /api/v1/invitations/{id}/resend) alike: re-post the invitation for the same address with the mail
// switched on (Graph returns the same user); with Guestpass's own mail, Microsoft sends nothing and
// Guestpass mails the new redeem link itself. One per invitation per 10 minutes, enforced by a
// conditional UPDATE of lastResentAt so two clicks (or two callers) cannot both pass.
// resetRedemption lets the person redeem again with another account; Graph requires
// User.ReadWrite.All for it. Who may resend what is the caller's to check first.
import { ActionError } from "@/lib/actions/action-error";
import { prisma } from "@/lib/db/client";
import type { Invitation } from "@/lib/db/generated/client";
import { getEnv } from "@/lib/env";
import { isAmbiguousWriteError, isGraphRequestError } from "@/lib/graph/errors";
import { appGraphClientFromEnv } from "@/lib/graph/from-env";
import { createInvitation } from "@/lib/graph/invitations";
import { enqueueJob } from "@/lib/jobs/enqueue";
import { RESEND_COOLDOWN_MS, type ResendOutcome } from "@/lib/shared/invitations";
import { microsoftActionError } from "./actions/lookup";
import { invitationRequest } from "./graph-request";
import { recordInvitationEvent, transitionInvitation, type EventActor } from "./lifecycle";
import { sendInvitationMail, type InvitationMailOutcome } from "./mail/send";
import { invitationWindow, pauseSending, takeTurn } from "./rate-limit";

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

/** Resends `invitation` for `options.actor`; throws ActionError rate_limited within the cooldown. */
export async function performResend(
  invitation: Invitation,
  options: { actor: EventActor; resetRedemption: boolean },
): Promise<ResendOutcome> {
  const { actor } = options;
  const slot = await claimResendSlot(invitation.id);

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
    resetRedemptionOf: options.resetRedemption ? invitation.graphUserId : undefined,
  });
  const sendingWindow = invitationWindow(getEnv().AZURE_TENANT_ID);
  let answer: Awaited<ReturnType<typeof createInvitation>>;
  try {
    await takeTurn(sendingWindow);
    answer = await createInvitation(appGraphClientFromEnv(), request);
  } catch (error) {
    if (!isAmbiguousWriteError(error)) {
      // Microsoft did not send anything: give the slot back so staff can try again at once.
      await prisma.invitation.updateMany({
        where: { id: invitation.id, lastResentAt: slot.at },
        data: { lastResentAt: slot.previous },
      });
      if (isGraphRequestError(error) && error.status === 429)
        await pauseSending(sendingWindow, error.retryAfterSeconds ?? 5);
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
  if (options.resetRedemption) {
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
      resetRedemption: options.resetRedemption,
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
}
