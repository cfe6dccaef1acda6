import "server-only";
// How a consent attempt ended, explained for staff on the invitation page: the failure codes the
// callback stores (Guestpass's own, like "declined", or Microsoft's, like AADSTS90094) and an
// attempt that never came back from Microsoft. Microsoft's codes go through the error catalogue;
// Guestpass's own refusals are described here, beside the callback that makes them.
import type { CatalogueEntry } from "@/lib/errors/catalogue";
import { explainMicrosoftError, type ExplainedError } from "@/lib/errors/explain";
import {
  FAILURE_ACCOUNT_CONFLICT,
  FAILURE_DECLINED,
  FAILURE_ID_TOKEN,
  FAILURE_LINK_WITHDRAWN,
  FAILURE_NOT_REDEEMER,
  FAILURE_REDEEMER_UNPROVEN,
  FAILURE_WRONG_ACCOUNT,
} from "./outcome";

type OwnEntry = Pick<CatalogueEntry, "title" | "meaning" | "fix" | "transient">;

const NEW_LINK =
  "When they are ready, they open the link from their email again, or you create a fresh consent link in Consent.";

const OWN_OUTCOMES: Record<string, OwnEntry> = {
  [FAILURE_WRONG_ACCOUNT]: {
    title: "The person signed in with another account",
    meaning:
      "At Microsoft they signed in with an account other than the invited address, so Guestpass saved nothing. The timeline names the account.",
    fix: ["Ask them to sign in with the invited address on Microsoft's page.", NEW_LINK],
    transient: false,
  },
  [FAILURE_ACCOUNT_CONFLICT]: {
    title: "The account is already connected elsewhere",
    meaning:
      "The account that signed in owns the address, but this invitation's grant belongs to another account, or this account's grant belongs to another invitation. Nothing was changed.",
    fix: [
      "Check the timeline for the accounts involved; remove the old connection if it is no longer right, then send a fresh consent link.",
    ],
    transient: false,
  },
  [FAILURE_NOT_REDEEMER]: {
    title: "Not the account that redeemed the invitation",
    meaning:
      "The account that signed in is not the one that redeemed this invitation (or the invitation is not redeemed yet), so Guestpass saved nothing.",
    fix: ["Make sure the person redeems the invitation first, with the account they will consent with.", NEW_LINK],
    transient: false,
  },
  [FAILURE_REDEEMER_UNPROVEN]: {
    title: "Microsoft could not confirm who redeemed the invitation",
    meaning:
      "Guestpass could not check with Microsoft that this account redeemed the invitation, so it saved nothing rather than guess.",
    fix: ["Ask the person to try again in a few minutes."],
    transient: true,
  },
  [FAILURE_LINK_WITHDRAWN]: {
    title: "The consent link was withdrawn during sign-in",
    meaning: "The link the person used was withdrawn or replaced while they were at Microsoft, so nothing was saved.",
    fix: ["Send them the newest consent link."],
    transient: false,
  },
  [FAILURE_ID_TOKEN]: {
    title: "Microsoft's answer could not be verified",
    meaning:
      "The sign-in token Microsoft returned failed Guestpass's checks (signature, issuer, audience or nonce), so nothing was saved.",
    fix: [
      "Ask the person to try again; if it keeps happening, check MICROSOFT_AUTHORITY_HOST and the app registration on the Settings page.",
    ],
    transient: false,
  },
  invitation_revoked: {
    title: "The invitation was revoked",
    meaning: "The person finished at Microsoft after the invitation had been revoked, so nothing was saved.",
    fix: ["Invite them again if they should have access."],
    transient: false,
  },
  state_expired: {
    title: "The person took too long at Microsoft",
    meaning:
      "For security a consent must finish within 15 minutes of starting; this one came back later, so nothing was saved.",
    fix: [NEW_LINK],
    transient: false,
  },
};

function ownExplanation(code: string, entry: OwnEntry): ExplainedError {
  return {
    code,
    known: true,
    invitedUserMessage: "",
    audience: "staff",
    source: "identity",
    ...entry,
    fix: [...entry.fix],
  };
}

/** The stored failure code of an attempt, explained for staff. Never the "unknown error" text for an outcome Guestpass made itself. */
export function explainConsentFailure(code: string): ExplainedError {
  const own = OWN_OUTCOMES[code];
  if (own) return ownExplanation(code, own);
  // Cancel on Microsoft's consent page: stored as "declined", said by Microsoft as AADSTS65004.
  const microsoftCode = code === FAILURE_DECLINED ? "AADSTS65004" : code;
  const explained = /^AADSTS\d+$/.test(microsoftCode)
    ? explainMicrosoftError(`${microsoftCode}: `)
    : explainMicrosoftError({ error: microsoftCode });
  return { ...explained, message: undefined }; // only the code was stored: there is no message of Microsoft's to quote
}

/** An attempt that left for Microsoft and has not come back (or never will). */
export function explainUnfinishedConsent(stillPossible: boolean): ExplainedError {
  return ownExplanation("unfinished", {
    title: stillPossible ? "The person is at Microsoft's consent page now" : "The person did not finish at Microsoft",
    meaning: stillPossible
      ? "They started connecting and have not come back yet. This page updates when they do."
      : 'They started connecting but never came back to Guestpass. Microsoft sends nobody back when they close the page or go back from one of its pages, such as "Need admin approval" (their organisation lets only administrators approve apps).',
    fix: stillPossible
      ? []
      : [
          'Ask them what Microsoft showed. If it was "Need admin approval", their IT administrator must approve Guestpass; the consent page shows them a link to forward.',
          NEW_LINK,
        ],
    transient: stillPossible,
  });
}
