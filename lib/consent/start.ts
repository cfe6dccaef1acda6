import "server-only";
// Starting a consent: a ConsentAttempt row (state hash, browser binding hash, nonce, sealed PKCE
// verifier, short expiry) and the /authorize URL built by MSAL Node. The state is random,
// single-use and short-lived; it is bound to this consent request (the row) and to this browser
// (an HttpOnly cookie whose hash the row keeps).
import { prisma } from "@/lib/db/client";
import { UserFacingError } from "@/lib/errors/user-error";
import { PendingConsentCache } from "@/lib/tokens/cache-plugin";
import {
  createDelegatedClient,
  delegatedConfigFromEnv,
  type DelegatedClientConfig,
} from "@/lib/tokens/delegated-client";
import { sealCodeVerifier } from "@/lib/tokens/vault";
import type { Locale } from "@/lib/shared/locales";
import { resolveConsentEntry, type ConsentEntryKey } from "./links";
import { looksLikeSecret, pkcePair, randomSecret, sha256Hex } from "./secrets";
import { checkConsentStartLimits } from "./start-limits";

/** Long enough for a sign-in with MFA, short enough that a leaked state is soon worthless. */
export const CONSENT_ATTEMPT_LIFETIME_MS = 15 * 60_000;

export interface StartedConsent {
  attemptId: string;
  /** Where to send the browser (303). */
  authorizeUrl: string;
  /** Value of the browser-binding cookie; set it (HttpOnly) before redirecting. */
  browserBinding: string;
}

/**
 * Starts the authorization-code flow for a "ready" consent entry. `browserBinding` is the cookie the
 * browser already has (reused so two tabs do not invalidate each other), or undefined.
 */
export async function startConsent(
  key: ConsentEntryKey,
  options: { browserBinding?: string; config?: DelegatedClientConfig; now?: Date; locale?: Locale } = {},
): Promise<StartedConsent> {
  const now = options.now ?? new Date();
  const entry = await resolveConsentEntry(key, now);
  if (entry.kind !== "ready")
    throw new UserFacingError("This consent link can no longer be used.", { code: `consent.${entry.kind}` });
  await checkConsentStartLimits(entry.invitee.invitationId, now);
  const config = options.config ?? delegatedConfigFromEnv();
  const browserBinding = looksLikeSecret(options.browserBinding) ? options.browserBinding : randomSecret();
  const state = randomSecret();
  const nonce = randomSecret();
  const pkce = pkcePair();
  const stateHash = sha256Hex(state);

  const attempt = await prisma.consentAttempt.create({
    data: {
      invitationId: entry.invitee.invitationId,
      consentRequestId: entry.consentRequestId,
      stateHash,
      browserBindingHash: sha256Hex(browserBinding),
      nonce,
      ...sealCodeVerifier(stateHash, pkce.verifier),
      expiresAt: new Date(now.getTime() + CONSENT_ATTEMPT_LIFETIME_MS),
      locale: options.locale ?? null,
    },
    select: { id: true },
  });

  const client = await createDelegatedClient(config, new PendingConsentCache());
  const authorizeUrl = await client.getAuthCodeUrl({
    scopes: config.scopes,
    redirectUri: config.redirectUri,
    responseMode: "query",
    state,
    nonce,
    codeChallenge: pkce.challenge,
    codeChallengeMethod: "S256",
    loginHint: entry.invitee.email,
    // Microsoft's sign-in and consent pages in the language of the page the person came from.
    ...(options.locale ? { extraQueryParameters: { ui_locales: options.locale } } : {}),
  });
  return { attemptId: attempt.id, authorizeUrl, browserBinding };
}
