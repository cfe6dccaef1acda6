import "server-only";
// Reads for the public consent pages: who invited the user, and how an attempt ended. Returns only
// what those pages show (addresses, codes), never a token.
import { prisma } from "@/lib/db/client";
import { explainMicrosoftError } from "@/lib/errors/explain";
import { getEnv } from "@/lib/env";
import { adminConsentLinkPath } from "./admin-consent";
import { FAILURE_ACCOUNT_CONFLICT, FAILURE_DECLINED, FAILURE_ID_TOKEN, FAILURE_LINK_WITHDRAWN, FAILURE_NOT_REDEEMER, FAILURE_REDEEMER_UNPROVEN, FAILURE_WRONG_ACCOUNT, type AttemptOutcome } from "./outcome";

/** The staff member who invited the user, for "who is asking". */
export async function inviterOf(invitationId: string): Promise<{ name: string | null; email: string } | null> {
  const invitation = await prisma.invitation.findUnique({
    where: { id: invitationId },
    select: { createdBy: { select: { name: true, email: true } } },
  });
  return invitation?.createdBy ?? null;
}

export interface AttemptOutcomeView {
  invitedAddress: string;
  outcome: AttemptOutcome | { kind: "pending" } | { kind: "expired_state" };
}

export async function loadAttemptOutcome(attemptId: string): Promise<AttemptOutcomeView | null> {
  if (!/^[0-9a-f-]{36}$/i.test(attemptId)) return null;
  const attempt = await prisma.consentAttempt.findUnique({
    where: { id: attemptId },
    select: { usedAt: true, failureCode: true, invitationId: true, invitation: { select: { email: true, grant: { select: { username: true } } } } },
  });
  if (!attempt) return null;
  const invitedAddress = attempt.invitation.email;
  const code = attempt.failureCode;
  if (!attempt.usedAt) return { invitedAddress, outcome: { kind: "pending" } };
  if (code === null) return { invitedAddress, outcome: { kind: "consented", account: attempt.invitation.grant?.username ?? invitedAddress } };
  if (code === "state_expired") return { invitedAddress, outcome: { kind: "expired_state" } };
  if (code === FAILURE_DECLINED) return { invitedAddress, outcome: { kind: "declined" } };
  if (code === "AADSTS90094") return { invitedAddress, outcome: { kind: "admin_approval_required", adminConsentUrl: `${getEnv().APP_URL}${adminConsentLinkPath(attemptId)}` } };
  if (code === FAILURE_WRONG_ACCOUNT || code === FAILURE_ACCOUNT_CONFLICT || code === FAILURE_NOT_REDEEMER) {
    const event = await prisma.invitationEvent.findFirst({
      where: {
        invitationId: attempt.invitationId,
        type: { in: ["consent_wrong_account", "consent_account_conflict", "consent_not_redeemer"] },
        detail: { path: ["attemptId"], equals: attemptId },
      },
      select: { detail: true },
    });
    const detail = event?.detail as { signedInAs?: string; conflict?: string; redemption?: string } | null;
    const signedInAs = detail?.signedInAs ?? "another account";
    if (code === FAILURE_WRONG_ACCOUNT) return { invitedAddress, outcome: { kind: "wrong_account", signedInAs, invitedAddress } };
    if (code === FAILURE_NOT_REDEEMER) {
      const reason = detail?.redemption === "not_redeemed" ? "not_redeemed" : "redeemed_by_other";
      return { invitedAddress, outcome: { kind: "not_redeemer", reason, signedInAs, invitedAddress } };
    }
    const reason = detail?.conflict === "account_has_other_invitation" ? "account_has_other_invitation" : "invitation_has_other_account";
    return { invitedAddress, outcome: { kind: "account_conflict", reason, signedInAs, invitedAddress } };
  }
  return { invitedAddress, outcome: { kind: "failed", code } };
}

/** The invited user's wording for a stored failure code (AADSTS…, Graph code, OAuth error). */
export function invitedUserExplanation(code: string): { title: string; message: string } {
  if (code === FAILURE_ID_TOKEN) {
    return { title: "We could not confirm your sign-in", message: "Microsoft's answer could not be verified, so nothing was saved. Please open your link again; if it keeps happening, contact the person who invited you." };
  }
  if (code === FAILURE_REDEEMER_UNPROVEN) {
    return {
      title: "We could not confirm your invitation with Microsoft",
      message: "Before connecting, we ask Microsoft whether this account accepted your invitation, and it did not answer in a way we could check. Nothing was saved and your link still works: please try again in a few minutes.",
    };
  }
  if (code === FAILURE_LINK_WITHDRAWN) {
    return { title: "This link was withdrawn", message: "The link you used was withdrawn or replaced by a newer one while you were signing in, so nothing was saved. Use the newest link you received." };
  }
  if (code === "invitation_revoked") {
    return { title: "This invitation was withdrawn", message: "The organisation that invited you has withdrawn the invitation, so nothing was saved." };
  }
  const explained = /^AADSTS\d+$/.test(code) ? explainMicrosoftError(`${code}: `) : explainMicrosoftError({ error: code });
  // Catalogue titles are written for staff; the invited user gets a plain heading and the user wording.
  return { title: "We could not finish connecting your account", message: explained.invitedUserMessage };
}
