import "server-only";
// Admin consent, for an invited user whose organisation lets only admins consent (AADSTS90094).
// The user is shown a portal link (/consent/admin/{consentAttemptId}) to forward to their IT
// administrator. Opening it records an AdminConsentAttempt, binds it to the admin's browser (the
// same HttpOnly cookie as a user consent) and sends them to Microsoft's admin-consent endpoint for
// the user's organisation (named by the invited address's domain: Entra accepts a verified domain
// wherever a tenant id goes) with state `admin.<attemptId>.<HMAC(attemptId)>`. Microsoft returns the
// state unchanged with `admin_consent=True` (or an error); lib/consent/admin-consent-callback.ts
// shows "approved" only for a state the portal issued, once, young, in the same browser.
import { prisma } from "@/lib/db/client";
import { signValue } from "@/lib/security/signed-value";
import type { DelegatedClientConfig } from "@/lib/tokens/delegated-client";
import { looksLikeSecret, randomSecret, sha256Hex } from "./secrets";

/** Long enough for an admin to sign in (with MFA) and read the permissions. */
export const ADMIN_CONSENT_ATTEMPT_LIFETIME_MS = 60 * 60_000;
/** Live (unspent, unexpired) admin-consent attempts one invitation may have; beyond it, refused. */
export const MAX_LIVE_ADMIN_CONSENT_ATTEMPTS = 10;
export const ADMIN_STATE_PREFIX = "admin.";

/** The portal link the invited user forwards to their administrator. */
export function adminConsentLinkPath(consentAttemptId: string): string {
  return `/consent/admin/${encodeURIComponent(consentAttemptId)}`;
}

export function adminConsentState(attemptId: string): string {
  return `${ADMIN_STATE_PREFIX}${attemptId}.${signValue("admin-consent-state", attemptId)}`;
}

function microsoftAdminConsentUrl(
  invitedAddress: string,
  state: string,
  config: Pick<DelegatedClientConfig, "authorityHost" | "clientId" | "redirectUri">,
): string {
  const domain = invitedAddress.split("@")[1]?.trim().toLowerCase() || "organizations";
  const url = new URL(`${config.authorityHost.replace(/\/+$/, "")}/${encodeURIComponent(domain)}/adminconsent`);
  url.searchParams.set("client_id", config.clientId);
  url.searchParams.set("redirect_uri", config.redirectUri);
  url.searchParams.set("state", state);
  return url.toString();
}

export type StartedAdminConsent =
  | { kind: "started"; adminAttemptId: string; microsoftUrl: string; browserBinding: string }
  /** No consent attempt by that id stopped at "admin approval required". */
  | { kind: "unknown" }
  /** MAX_LIVE_ADMIN_CONSENT_ATTEMPTS are already live for this invitation. */
  | { kind: "too_many"; retryAfterSeconds: number };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Starts an admin consent from the link shown after AADSTS90094. A browser that already has a live
 * attempt for this invitation gets it again (a reload or a second click writes nothing).
 */
export async function startAdminConsent(
  consentAttemptId: string,
  config: Pick<DelegatedClientConfig, "authorityHost" | "clientId" | "redirectUri">,
  options: { browserBinding?: string; now?: Date } = {},
): Promise<StartedAdminConsent> {
  const now = options.now ?? new Date();
  if (!UUID.test(consentAttemptId)) return { kind: "unknown" };
  const consentAttempt = await prisma.consentAttempt.findUnique({
    where: { id: consentAttemptId },
    select: { invitationId: true, failureCode: true, invitation: { select: { email: true } } },
  });
  if (!consentAttempt || consentAttempt.failureCode !== "AADSTS90094") return { kind: "unknown" };
  const { invitationId } = consentAttempt;
  const browserBinding = looksLikeSecret(options.browserBinding) ? options.browserBinding : randomSecret();
  const browserBindingHash = sha256Hex(browserBinding);

  const live = await prisma.adminConsentAttempt.findMany({
    where: { invitationId, spentAt: null, expiresAt: { gt: now } },
    select: { id: true, browserBindingHash: true, expiresAt: true },
    orderBy: { createdAt: "desc" },
  });
  // Reused only while at least half its lifetime is left, so the admin is not sent off with a state about to expire.
  const reusable = live.find(
    (a) =>
      a.browserBindingHash === browserBindingHash &&
      a.expiresAt.getTime() - now.getTime() > ADMIN_CONSENT_ATTEMPT_LIFETIME_MS / 2,
  );
  let adminAttemptId = reusable?.id;
  if (!adminAttemptId) {
    if (live.length >= MAX_LIVE_ADMIN_CONSENT_ATTEMPTS) {
      const soonest = Math.min(...live.map((a) => a.expiresAt.getTime()));
      return { kind: "too_many", retryAfterSeconds: Math.ceil((soonest - now.getTime()) / 1000) };
    }
    const created = await prisma.adminConsentAttempt.create({
      data: {
        invitationId,
        browserBindingHash,
        expiresAt: new Date(now.getTime() + ADMIN_CONSENT_ATTEMPT_LIFETIME_MS),
      },
      select: { id: true },
    });
    adminAttemptId = created.id;
  }
  const microsoftUrl = microsoftAdminConsentUrl(
    consentAttempt.invitation.email,
    adminConsentState(adminAttemptId),
    config,
  );
  return { kind: "started", adminAttemptId, microsoftUrl, browserBinding };
}
