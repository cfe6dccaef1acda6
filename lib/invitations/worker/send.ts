import "server-only";
// Sending one invitation to Graph (worker side), shared by single and bulk invites.
// Status: Queued → Sending → PendingAcceptance, or Failed with the catalogue's explanation.
// "Sending" means a POST may have gone out: whoever finds an invitation in Sending (a retry, or a
// worker resuming after a crash) looks the address up before posting, so nobody gets two mails.
// With Guestpass's own mail (mailMode guestpass) Microsoft sends nothing and the guard is on the
// mail instead (sendWithOwnMail below).
import { prisma } from "@/lib/db/client";
import type { Invitation, Prisma } from "@/lib/db/generated/client";
import { getEnv } from "@/lib/env";
import type { ExplainedError } from "@/lib/errors/explain";
import { explainMicrosoftError, explainMicrosoftErrorAs } from "@/lib/errors/explain";
import type { GraphClient } from "@/lib/graph/client";
import { isAmbiguousWriteError, isGraphRequestError } from "@/lib/graph/errors";
import { appGraphClientFromEnv } from "@/lib/graph/from-env";
import { createInvitation, inviteNewGuest, type GraphInvitation } from "@/lib/graph/invitations";
import { findUserByEmail, type DirectoryUser } from "@/lib/graph/users";
import { invitationRequest } from "@/lib/invitations/graph-request";
import { invitationWindow, pauseSending, takeTurn, type SendingWindow } from "@/lib/invitations/rate-limit";
import { transitionInvitation, type InvitationSnapshot } from "@/lib/invitations/lifecycle";
import { sendInvitationMail } from "@/lib/invitations/mail/send";

export type SendOutcome =
  | { kind: "sent"; graphUserId: string }
  /** An earlier POST had worked (found by looking the address up); nothing posted again. */
  | { kind: "reconciled"; graphUserId: string }
  /** Not in Queued/Sending (already sent, revoked, …): nothing to do. */
  | { kind: "skipped" }
  /** Try again later; nothing is lost (throttled, Microsoft unavailable, outcome unknown). */
  | { kind: "retry"; afterMs: number; explained: ExplainedError }
  /** Microsoft refused this invitation; it is Failed with the explanation. */
  | { kind: "failed"; explained: ExplainedError }
  /** Microsoft refuses every invitation of the tenant (B2B off, blocked): stop sending more. */
  | { kind: "tenantRefused"; explained: ExplainedError };

/** Catalogue keys meaning "this tenant cannot invite anyone now": a bulk run stops on them. */
const TENANT_WIDE_REFUSALS = new Set(["B2BInvitationsDisabled", "B2BInvitationBlocked"]);

export interface SendDependencies {
  graph?: GraphClient;
  sendingWindow?: SendingWindow;
}

const WORKER = { actorType: "Worker" as const };

async function markSent(
  invitationId: string,
  user: { id: string; externalUserState?: string | null; changedAt?: string | null },
  graphInvitation: GraphInvitation | null,
  ownMail?: { data: Prisma.InvitationUpdateManyMutationInput; detail: Record<string, string> },
  expected?: InvitationSnapshot,
) {
  await transitionInvitation({
    invitationId,
    event: "sent",
    actor: WORKER,
    expected,
    data: {
      graphUserId: user.id,
      inviteRedeemUrl: graphInvitation?.inviteRedeemUrl ?? undefined,
      externalUserState: user.externalUserState ?? "PendingAcceptance",
      externalUserStateChangedAt: user.changedAt ? new Date(user.changedAt) : undefined,
      lastErrorCode: null,
      lastErrorMessage: null,
      lastErrorRequestId: null,
      ...ownMail?.data,
    },
    detail: {
      ...(graphInvitation
        ? { graphInvitationId: graphInvitation.id, graphStatus: graphInvitation.status, graphUserId: user.id }
        : {
            reconciled: true,
            graphUserId: user.id,
            note: "An earlier request had already invited this address; it was not sent again.",
          }),
      ...ownMail?.detail,
    },
  });
}

/**
 * How many times a send may be deferred (throttled, Microsoft unavailable, outcome unknown) before
 * it is marked Failed: with Retry-After and backoff that is well over the length of a Graph outage
 * worth waiting out, and staff can resend a Failed invitation.
 */
export const MAX_SEND_ATTEMPTS = 20;

/** Stops retrying: the invitation ends Failed with the last explanation (staff may resend it). */
export async function giveUpSending(invitationId: string, explained: ExplainedError): Promise<void> {
  await markFailed(invitationId, explained);
}

async function markFailed(invitationId: string, explained: ExplainedError) {
  await transitionInvitation({
    invitationId,
    event: "send_failed",
    actor: WORKER,
    data: {
      lastErrorCode: explained.code,
      lastErrorMessage: explained.title,
      lastErrorRequestId: explained.requestId ?? null,
    },
    detail: {
      code: explained.code,
      title: explained.title,
      requestId: explained.requestId ?? null,
      timestamp: explained.timestamp ?? null,
    },
  });
}

const userOf = (u: DirectoryUser) => ({
  id: u.id,
  externalUserState: u.externalUserState,
  changedAt: u.externalUserStateChangeDateTime,
});

/** Sends (or reconciles) one invitation. Never throws for Microsoft's answers; see SendOutcome. */
export async function sendInvitation(invitationId: string, deps: SendDependencies = {}): Promise<SendOutcome> {
  const graph = deps.graph ?? appGraphClientFromEnv();
  const sendingWindow = deps.sendingWindow ?? invitationWindow(getEnv().AZURE_TENANT_ID);
  const invitation = await prisma.invitation.findUnique({ where: { id: invitationId } });
  if (!invitation || (invitation.status !== "Queued" && invitation.status !== "Sending")) return { kind: "skipped" };

  const mayHaveBeenSent = invitation.status === "Sending";
  // The invitation as this attempt left it: the transitions below start from it instead of reading it again.
  let sending: InvitationSnapshot | undefined = invitation;
  if (!mayHaveBeenSent) {
    const claimed = await transitionInvitation({ invitationId, event: "sending", actor: WORKER, expected: invitation });
    if (!claimed.changed) return { kind: "skipped" };
    sending = claimed.now;
  }
  if (invitation.mailMode === "guestpass" && invitation.sendInvitationMessage)
    return sendWithOwnMail(invitation, graph, sendingWindow);
  try {
    if (mayHaveBeenSent) {
      // A previous attempt may have reached Graph: reconcile before posting again.
      const found = await findUserByEmail(graph, invitation.email);
      if (found) {
        await markSent(invitationId, userOf(found), null, undefined, sending);
        return { kind: "reconciled", graphUserId: found.id };
      }
    }
    await takeTurn(sendingWindow);
    const result = await inviteNewGuest(graph, invitationRequest(invitation, { kind: "send" }), {
      maxPosts: 2,
      settleMs: 1000,
    });
    if (result.kind === "reconciled") {
      await markSent(invitationId, userOf(result.user), null, undefined, sending);
      return { kind: "reconciled", graphUserId: result.user.id };
    }
    const userId = result.invitation.invitedUser?.id;
    if (!userId) throw new Error("Graph's invitation answer has no invitedUser.id");
    await markSent(
      invitationId,
      { id: userId, externalUserState: "PendingAcceptance" },
      result.invitation,
      undefined,
      sending,
    );
    return { kind: "sent", graphUserId: userId };
  } catch (error) {
    return handleSendError(invitationId, error, sendingWindow);
  }
}

/**
 * Guestpass's own mail. Microsoft is asked to send nothing, so posting the invitation again is
 * harmless (the same guest, a fresh redeem link) and needs no reconciling: the mail is the side
 * effect to guard. invitationMailStartedAt is committed just before sendMail, and the outcome
 * (invitationMailSentAt) in the same transaction as the move to PendingAcceptance. An attempt that
 * finds the mail started but not recorded (a worker stopped between the two, or Microsoft gave no
 * clear answer) cannot know whether it left, and does not send it again: sendMail is not
 * idempotent. It finishes the send and tells staff to check the sender's Sent Items.
 */
async function sendWithOwnMail(
  invitation: Invitation,
  graph: GraphClient,
  sendingWindow: SendingWindow,
): Promise<SendOutcome> {
  const invitationId = invitation.id;
  if (invitation.invitationMailStartedAt && invitation.graphUserId) {
    const startedMsAgo = Date.now() - invitation.invitationMailStartedAt.getTime();
    if (startedMsAgo < MAIL_OUTCOME_SETTLE_MS) {
      // Another run of this job may still be waiting for Microsoft's answer: ask again later.
      const explained = explainMicrosoftErrorAs(
        new Error("The invitation mail is being sent."),
        "InvitationMail.OutcomeUnknown",
      );
      return { kind: "retry", afterMs: MAIL_OUTCOME_SETTLE_MS - startedMsAgo, explained };
    }
    await markSentMailUnknown(invitation.id, invitation.graphUserId, null);
    return { kind: "sent", graphUserId: invitation.graphUserId };
  }
  let answer: GraphInvitation;
  try {
    await takeTurn(sendingWindow);
    answer = await createInvitation(graph, invitationRequest(invitation, { kind: "send" }));
  } catch (error) {
    return handleSendError(invitationId, error, sendingWindow);
  }
  const userId = answer.invitedUser?.id;
  if (!userId) throw new Error("Graph's invitation answer has no invitedUser.id");
  const started = await prisma.invitation.updateMany({
    where: { id: invitationId, status: "Sending", invitationMailStartedAt: null },
    data: {
      invitationMailStartedAt: new Date(),
      graphUserId: userId,
      inviteRedeemUrl: answer.inviteRedeemUrl,
      version: { increment: 1 },
    },
  });
  if (started.count === 0) return { kind: "skipped" };

  const mail = await sendInvitationMail(graph, invitation, answer.inviteRedeemUrl);
  if (mail.kind === "sent") {
    await markSent(invitationId, { id: userId, externalUserState: "PendingAcceptance" }, answer, {
      data: { invitationMailSentAt: new Date() },
      detail: {
        invitationMail: "sent by Guestpass",
        invitationMailFrom: mail.sender,
        invitationMailLanguage: mail.locale,
      },
    });
    return { kind: "sent", graphUserId: userId };
  }
  if (mail.kind === "unknown") {
    await markSentMailUnknown(invitationId, userId, answer);
    return { kind: "sent", graphUserId: userId };
  }
  // Certainly not sent: give the mail back, so the next attempt (or a resend) sends it.
  await prisma.invitation.updateMany({
    where: { id: invitationId, status: "Sending" },
    data: { invitationMailStartedAt: null, version: { increment: 1 } },
  });
  if (mail.transient) {
    await transitionInvitation({
      invitationId,
      event: "send_deferred",
      actor: WORKER,
      detail: { code: mail.explained.code, invitationMail: true, retryAfterSeconds: mail.retryAfterSeconds ?? null },
    });
    return { kind: "retry", afterMs: Math.max(1_000, (mail.retryAfterSeconds ?? 5) * 1000), explained: mail.explained };
  }
  await markFailed(invitationId, mail.explained);
  return { kind: "failed", explained: mail.explained };
}

/** Longer than any one sendMail can take (the Graph client's 30 s timeout, with its retries of a 429). */
export const MAIL_OUTCOME_SETTLE_MS = 2 * 60_000;

/** The guest exists; whether the mail left is unknown. Staff read why and what to check. */
async function markSentMailUnknown(invitationId: string, userId: string, answer: GraphInvitation | null) {
  const explained = explainMicrosoftErrorAs(
    new Error("The invitation mail's outcome is unknown."),
    "InvitationMail.OutcomeUnknown",
  );
  await markSent(invitationId, { id: userId, externalUserState: "PendingAcceptance" }, answer, {
    data: { lastErrorCode: explained.catalogueKey, lastErrorMessage: explained.title },
    detail: { invitationMail: "outcome unknown", invitationMailCheck: explained.fix.join(" ") },
  });
}

async function handleSendError(
  invitationId: string,
  error: unknown,
  sendingWindow: SendingWindow,
): Promise<SendOutcome> {
  const explained = explainMicrosoftError(error);
  if (isAmbiguousWriteError(error)) {
    // Still unknown after reconciling: stay in Sending, so the next attempt looks up first.
    return { kind: "retry", afterMs: 5_000, explained };
  }
  if (isGraphRequestError(error) && error.transient) {
    if (error.status === 429) await pauseSending(sendingWindow, error.retryAfterSeconds ?? 5);
    // A POST answered 429 (or refused before sending) certainly did not happen: back to Queued.
    // A failed read (the reconciling look-up) keeps Sending, so the retry looks up again.
    if (error.method === "POST" && (error.status === 429 || error.status === 0)) {
      await transitionInvitation({
        invitationId,
        event: "send_deferred",
        actor: WORKER,
        detail: { code: explained.code, retryAfterSeconds: error.retryAfterSeconds ?? null },
      });
    }
    return { kind: "retry", afterMs: Math.max(1_000, (error.retryAfterSeconds ?? 5) * 1000), explained };
  }
  if (!isGraphRequestError(error)) throw error;
  await markFailed(invitationId, explained);
  if (explained.catalogueKey && TENANT_WIDE_REFUSALS.has(explained.catalogueKey))
    return { kind: "tenantRefused", explained };
  return { kind: "failed", explained };
}
