import "server-only";
// What a failed token refresh means for a grant. Only an answer about the user's consent itself
// (invalid_grant and its AADSTS reasons: inactivity, revocation, password change, consent withdrawn;
// interaction_required; consent_required) expires the grant. Everything else — network, 5xx, 429,
// temporarily_unavailable, and our own configuration problems such as an expired client secret —
// is retried with backoff: a broken app registration must not mark thousands of grants expired.
import { explainMicrosoftError, type ExplainedError } from "@/lib/errors/explain";
import type { RECONSENT_REASONS } from "@/lib/events/catalogue";
import { TokenDecryptionError } from "@/lib/tokens/crypto";

const CONSENT_LOST = new Set(["invalid_grant", "interaction_required", "consent_required"]);
/** AADSTS codes that mean the user must consent again whatever the OAuth error says. */
const CONSENT_LOST_AADSTS = new Set([
  "AADSTS70008",
  "AADSTS700082",
  "AADSTS50173",
  "AADSTS65001",
  "AADSTS70000",
  "AADSTS700084",
  "AADSTS50076",
  "AADSTS50079",
  "AADSTS53003",
]);

/** Whether a failure's code (the catalogue's: an AADSTS code or an OAuth error) means the user must consent again. */
export function isConsentLostCode(code: string): boolean {
  return CONSENT_LOST_AADSTS.has(code) || CONSENT_LOST.has(code);
}

export type RefreshFailure =
  | { kind: "consent_lost"; code: string; explained: ExplainedError }
  | { kind: "retry_later"; code: string; explained: ExplainedError; retryAfterSeconds?: number };

export function classifyRefreshFailure(error: unknown): RefreshFailure {
  if (error instanceof TokenDecryptionError) {
    // Our key problem, not the user's: keep the grant, make noise (see the refresher's log line).
    const explained = explainMicrosoftError({ error: "temporarily_unavailable", error_description: error.message });
    return { kind: "retry_later", code: `vault_${error.reason}`, explained };
  }
  const explained = explainMicrosoftError(error);
  const lost =
    (explained.aadstsCode !== undefined && CONSENT_LOST_AADSTS.has(explained.aadstsCode)) ||
    (explained.oauthError !== undefined && CONSENT_LOST.has(explained.oauthError));
  if (lost && !explained.transient) return { kind: "consent_lost", code: explained.code, explained };
  return { kind: "retry_later", code: explained.code, explained, retryAfterSeconds: explained.retryAfterSeconds };
}

/**
 * What a lost consent's code means for the company's product (grant.needs_reconsent's reason).
 * AADSTS50173 is Microsoft's FreshTokenNeeded: the user's tokens were revoked (by an admin or the
 * user, or by a password reset), so it is a revocation, not a sign-in policy.
 */
export function reconsentReasonOf(code: string): (typeof RECONSENT_REASONS)[number] {
  if (code === "AADSTS700082" || code === "AADSTS70008" || code === "AADSTS700084") return "expired_by_inactivity";
  if (
    code === "AADSTS50173" ||
    code === "AADSTS65001" ||
    code === "AADSTS70000" ||
    code === "AADSTS50057" ||
    code === "AADSTS500014" ||
    code === "AADSTS54005"
  )
    return "revoked";
  if (
    code === "AADSTS50076" ||
    code === "AADSTS50079" ||
    code === "AADSTS50158" ||
    code === "AADSTS53003" ||
    code === "AADSTS50133"
  )
    return "policy_changed";
  return "other";
}
