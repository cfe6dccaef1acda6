import "server-only";
// Reads for the public consent pages: who invited the user, and how an attempt ended. Returns only
// what those pages show (addresses, codes), never a token.
import { prisma } from "@/lib/db/client";
import { mailboxBlocker, type MailboxBlocker } from "@/lib/shared/redemption";
import { explainMicrosoftError } from "@/lib/errors/explain";
import { getEnv } from "@/lib/env";
import { MESSAGES, type InviteeMessages } from "@/lib/i18n/messages";
import { adminConsentLinkPath } from "./admin-consent";
import { invitationLanguage } from "./links";
import {
  FAILURE_ACCOUNT_CONFLICT,
  FAILURE_DECLINED,
  FAILURE_ID_TOKEN,
  FAILURE_LINK_WITHDRAWN,
  FAILURE_NOT_REDEEMER,
  FAILURE_REDEEMER_UNPROVEN,
  FAILURE_WRONG_ACCOUNT,
  type AttemptOutcome,
} from "./outcome";

/** The staff member who invited the user, for "who is asking". */
export async function inviterOf(invitationId: string): Promise<{ name: string | null; email: string } | null> {
  const invitation = await prisma.invitation.findUnique({
    where: { id: invitationId },
    select: { createdBy: { select: { name: true, email: true } } },
  });
  return invitation?.createdBy ?? null;
}

/** Why the invited person cannot grant mailbox access, from how they redeemed (null: nothing stands in the way). */
export async function mailboxBlockerOf(invitationId: string): Promise<MailboxBlocker | null> {
  const invitation = await prisma.invitation.findUnique({
    where: { id: invitationId },
    select: { redeemedWith: true },
  });
  return mailboxBlocker(invitation?.redeemedWith);
}

export interface AttemptOutcomeView {
  invitedAddress: string;
  /** The language of the page the attempt started from (null: not recorded). */
  locale: string | null;
  outcome: AttemptOutcome | { kind: "pending" } | { kind: "expired_state" };
}

export async function loadAttemptOutcome(attemptId: string): Promise<AttemptOutcomeView | null> {
  if (!/^[0-9a-f-]{36}$/i.test(attemptId)) return null;
  const attempt = await prisma.consentAttempt.findUnique({
    where: { id: attemptId },
    select: {
      usedAt: true,
      failureCode: true,
      locale: true,
      invitationId: true,
      invitation: { select: { email: true, messageInfo: true, grant: { select: { username: true } } } },
    },
  });
  if (!attempt) return null;
  const invitedAddress = attempt.invitation.email;
  const locale = attempt.locale ?? invitationLanguage(attempt.invitation.messageInfo);
  const code = attempt.failureCode;
  if (!attempt.usedAt) return { invitedAddress, locale, outcome: { kind: "pending" } };
  if (code === null)
    return {
      invitedAddress,
      locale,
      outcome: { kind: "consented", account: attempt.invitation.grant?.username ?? invitedAddress },
    };
  if (code === "state_expired") return { invitedAddress, locale, outcome: { kind: "expired_state" } };
  if (code === FAILURE_DECLINED) return { invitedAddress, locale, outcome: { kind: "declined" } };
  if (code === "AADSTS90094")
    return {
      invitedAddress,
      locale,
      outcome: {
        kind: "admin_approval_required",
        adminConsentUrl: `${getEnv().APP_URL}${adminConsentLinkPath(attemptId)}`,
      },
    };
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
    const signedInAs = detail?.signedInAs ?? ""; // "": not recorded; the page says "another account"
    if (code === FAILURE_WRONG_ACCOUNT)
      return { invitedAddress, locale, outcome: { kind: "wrong_account", signedInAs, invitedAddress } };
    if (code === FAILURE_NOT_REDEEMER) {
      const reason = detail?.redemption === "not_redeemed" ? "not_redeemed" : "redeemed_by_other";
      return { invitedAddress, locale, outcome: { kind: "not_redeemer", reason, signedInAs, invitedAddress } };
    }
    const reason =
      detail?.conflict === "account_has_other_invitation"
        ? "account_has_other_invitation"
        : "invitation_has_other_account";
    return { invitedAddress, locale, outcome: { kind: "account_conflict", reason, signedInAs, invitedAddress } };
  }
  return { invitedAddress, locale, outcome: { kind: "failed", code } };
}

/**
 * Which of the invited person's messages explains a stored failure code (AADSTS…, Graph code, OAuth
 * error): one of Guestpass's own failures, or a catalogue entry's wording (namespace
 * "microsoftErrors", by catalogue key; "generic" for a code the catalogue does not know).
 */
export type InvitedUserExplanation =
  | { kind: "own"; key: keyof InviteeMessages["failure"] }
  | { kind: "microsoft"; key: keyof InviteeMessages["microsoftErrors"] };

export function invitedUserExplanation(code: string): InvitedUserExplanation {
  if (code === FAILURE_ID_TOKEN) return { kind: "own", key: "idToken" };
  if (code === FAILURE_REDEEMER_UNPROVEN) return { kind: "own", key: "redeemerUnproven" };
  if (code === FAILURE_LINK_WITHDRAWN) return { kind: "own", key: "linkWithdrawn" };
  if (code === "invitation_revoked") return { kind: "own", key: "invitationRevoked" };
  const explained = /^AADSTS\d+$/.test(code)
    ? explainMicrosoftError(`${code}: `)
    : explainMicrosoftError({ error: code });
  const key = explained.known ? explained.catalogueKey : undefined;
  return {
    kind: "microsoft",
    key: key && key in MESSAGES.en.microsoftErrors ? (key as keyof InviteeMessages["microsoftErrors"]) : "generic",
  };
}
