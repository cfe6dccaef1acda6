import "server-only";
// Microsoft's answer to an admin consent (`admin_consent=True&tenant=…&state=…`, or `error=…&state=…`).
// "Approved" is shown only for a state the portal issued (lib/consent/admin-consent.ts): its HMAC
// verifies, its attempt exists, is unspent and young, and the callback reaches the browser that
// started it. The attempt is spent by the first answer that gets that far, whatever it says. Anything
// else gets a page that says the approval was not started here, has expired or was already used, so
// nobody can be shown "your organisation approved" by a link made up elsewhere.
import { prisma } from "@/lib/db/client";
import { explainMicrosoftError } from "@/lib/errors/explain";
import { hasValidSignature } from "@/lib/security/signed-value";
import { ADMIN_STATE_PREFIX } from "./admin-consent";
import { sameHash, sha256Hex } from "./secrets";

export type AdminConsentResult =
  | "approved"
  /** No state, a state the portal did not sign, or one whose attempt does not exist. */
  | "not_started"
  | "expired"
  | "replayed"
  | "other_browser"
  /** The administrator declined on Microsoft's page. */
  | "declined"
  /** Microsoft answered with another error (e.g. the person who signed in is not an administrator). */
  | "failed";

/** True when the callback is an admin-consent answer rather than a user consent's. */
export function isAdminConsentCallback(query: URLSearchParams): boolean {
  return query.has("admin_consent") || (query.get("state") ?? "").startsWith(ADMIN_STATE_PREFIX);
}

const ATTEMPT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The attempt id of a state the portal signed, or null. Checked before any database read. */
function verifiedAttemptId(state: string | null): string | null {
  if (!state?.startsWith(ADMIN_STATE_PREFIX)) return null;
  const [attemptId, signature, ...rest] = state.slice(ADMIN_STATE_PREFIX.length).split(".");
  if (!attemptId || !signature || rest.length > 0 || !ATTEMPT_ID.test(attemptId)) return null;
  return hasValidSignature("admin-consent-state", attemptId, signature) ? attemptId : null;
}

export async function handleAdminConsentCallback(input: {
  query: URLSearchParams;
  browserBinding: string | undefined;
  now?: Date;
}): Promise<AdminConsentResult> {
  const { query } = input;
  const now = input.now ?? new Date();
  const attemptId = verifiedAttemptId(query.get("state"));
  if (!attemptId) return "not_started";
  const attempt = await prisma.adminConsentAttempt.findUnique({
    where: { id: attemptId },
    select: { id: true, browserBindingHash: true, expiresAt: true, spentAt: true },
  });
  if (!attempt) return "not_started";
  if (attempt.spentAt) return "replayed";
  if (attempt.expiresAt <= now) return "expired";
  // Checked before spending: a leaked callback URL opened elsewhere must not use the attempt up.
  if (!input.browserBinding || !sameHash(sha256Hex(input.browserBinding), attempt.browserBindingHash))
    return "other_browser";

  const approved = query.get("admin_consent")?.toLowerCase() === "true" && !query.has("error");
  const explained = approved ? null : explainMicrosoftError(query);
  const outcome = approved ? "approved" : (explained?.aadstsCode ?? explained?.code ?? "failed");
  const tenantId = approved ? (query.get("tenant")?.slice(0, 64) ?? null) : null;
  // Exactly one answer per attempt gets past this line, even if two arrive at once.
  const claimed = await prisma.adminConsentAttempt.updateMany({
    where: { id: attempt.id, spentAt: null },
    data: { spentAt: now, outcome, tenantId },
  });
  if (claimed.count !== 1) return "replayed";
  if (approved) return "approved";
  if (
    explained?.aadstsCode === "AADSTS65004" ||
    (query.get("error") === "access_denied" && query.get("error_subcode") === "cancel")
  )
    return "declined";
  return "failed";
}
