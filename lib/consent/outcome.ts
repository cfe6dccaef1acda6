import "server-only";
// What a consent round trip ended in, as the public pages show it, and where the browser goes.
import type { GrantAccountConflict } from "@/lib/tokens/vault";
import type { AdminConsentResult } from "./admin-consent-callback";

export type StateProblem =
  /** No state came back (a bookmarked or hand-made callback URL). */
  | "missing_state"
  /** The state matches no attempt: tampered with, or made up. */
  | "state_invalid"
  /** The attempt was already used: a replayed callback (back button, a leaked URL). */
  | "state_replayed"
  /** The attempt is older than CONSENT_ATTEMPT_LIFETIME_MS. */
  | "state_expired"
  /** The callback came to a browser that did not start this attempt (no or another binding cookie). */
  | "other_browser";

export const STATE_PROBLEMS: readonly StateProblem[] = [
  "missing_state",
  "state_invalid",
  "state_replayed",
  "state_expired",
  "other_browser",
];

export type AttemptOutcome =
  | { kind: "consented"; account: string }
  | { kind: "declined" }
  | { kind: "admin_approval_required"; adminConsentUrl: string }
  | { kind: "wrong_account"; signedInAs: string; invitedAddress: string }
  /** The account owns the address, but the invitation's grant is another account's, or this account's grant is another invitation's. */
  | { kind: "account_conflict"; reason: GrantAccountConflict; signedInAs: string; invitedAddress: string }
  /**
   * The account owns the address but is not the one that redeemed the invitation: Microsoft's guest
   * for this invitation belongs to another account (`redeemed_by_other`), or the account has not
   * redeemed it yet (`not_redeemed`).
   */
  | { kind: "not_redeemer"; reason: NotRedeemerReason; signedInAs: string; invitedAddress: string }
  /** Anything else, explained through the catalogue by its code (AADSTS…, Graph code, OAuth error). */
  | { kind: "failed"; code: string };

export type NotRedeemerReason = "redeemed_by_other" | "not_redeemed";

export type ConsentCallbackResult =
  | { kind: "attempt"; attemptId: string; outcome: AttemptOutcome }
  | { kind: "problem"; reason: StateProblem }
  /** An administrator came back from Microsoft's admin-consent endpoint (lib/consent/admin-consent-callback.ts). */
  | { kind: "admin"; result: AdminConsentResult };

/** Where the callback sends the browser: pages under /consent that render the outcome. */
export function consentResultPath(result: ConsentCallbackResult): string {
  if (result.kind === "attempt") return `/consent/done/${result.attemptId}`;
  if (result.kind === "problem") return `/consent/problem/${result.reason}`;
  return `/consent/problem/admin_${result.result}`;
}

/** failureCode values stored on ConsentAttempt besides Microsoft's own codes. */
export const FAILURE_DECLINED = "declined";
export const FAILURE_WRONG_ACCOUNT = "wrong_account";
export const FAILURE_ACCOUNT_CONFLICT = "account_conflict";
export const FAILURE_ID_TOKEN = "id_token_invalid";
/** The account is not the one that redeemed the invitation (detail.reason: NotRedeemerReason). */
export const FAILURE_NOT_REDEEMER = "not_redeemer";
/** Microsoft could not confirm whether the account redeemed the invitation (fails closed; try again). */
export const FAILURE_REDEEMER_UNPROVEN = "redeemer_unproven";
/** The consent link was withdrawn or replaced while its sign-in was under way. */
export const FAILURE_LINK_WITHDRAWN = "consent_link_withdrawn";
