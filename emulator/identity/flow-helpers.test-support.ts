// Raw OAuth helpers for the emulator's identity tests: build /authorize URLs and call /token
// directly, so each rule can be checked on the wire (MSAL-level behaviour has its own tests).
import { createHash, randomBytes } from "node:crypto";
import { DEMO_APP } from "../state/default-scenario";
import type { RunningEmulator } from "../server";
import type { User } from "../state/types";

export const APP_URL = "http://localhost:3999";
export const CONSENT_REDIRECT = `${APP_URL}/consent/callback`;
export const CONSENT_SCOPE = "openid offline_access email profile User.Read Mail.Send";

export function pkce(method: "S256" | "plain" = "S256") {
  const verifier = randomBytes(32).toString("base64url");
  const challenge = method === "S256" ? createHash("sha256").update(verifier).digest("base64url") : verifier;
  return { verifier, challenge, method };
}

export function authorizeUrl(
  emulator: RunningEmulator,
  authority: string,
  parameters: Record<string, string | undefined> = {},
): string {
  const url = new URL(`${emulator.authorityHost}/${authority}/oauth2/v2.0/authorize`);
  const defaults: Record<string, string> = {
    client_id: DEMO_APP.clientId,
    response_type: "code",
    redirect_uri: CONSENT_REDIRECT,
    scope: CONSENT_SCOPE,
    state: "s-1",
  };
  for (const [name, value] of Object.entries({ ...defaults, ...parameters }))
    if (value !== undefined) url.searchParams.set(name, value);
  return url.toString();
}

export interface TokenAnswer {
  status: number;
  body: Record<string, unknown> & {
    error?: string;
    error_description?: string;
    error_codes?: number[];
    access_token?: string;
    refresh_token?: string;
    id_token?: string;
  };
}

export async function postToken(
  emulator: RunningEmulator,
  authority: string,
  form: Record<string, string | undefined>,
): Promise<TokenAnswer> {
  const body = new URLSearchParams();
  const all: Record<string, string | undefined> = {
    client_id: DEMO_APP.clientId,
    client_secret: DEMO_APP.clientSecret,
    ...form,
  };
  for (const [name, value] of Object.entries(all)) if (value !== undefined) body.set(name, value);
  const response = await fetch(`${emulator.authorityHost}/${authority}/oauth2/v2.0/token`, { method: "POST", body });
  return { status: response.status, body: (await response.json()) as TokenAnswer["body"] };
}

export function redeemCode(
  emulator: RunningEmulator,
  authority: string,
  code: string,
  verifier: string | undefined,
  extra: Record<string, string | undefined> = {},
) {
  return postToken(emulator, authority, {
    grant_type: "authorization_code",
    code,
    redirect_uri: CONSENT_REDIRECT,
    code_verifier: verifier,
    scope: CONSENT_SCOPE,
    ...extra,
  });
}

/** Adds a guest for a home account to a tenant, as POST /invitations would. */
export function inviteGuest(emulator: RunningEmulator, tenantId: string, home: { id: string; upn: string }): User {
  const guest = emulator.state.addUser({
    id: "99999999-0000-4000-8000-000000000001",
    tenantId,
    userPrincipalName: `${home.upn.replace("@", "_")}#EXT#@contoso.onmicrosoft.com`,
    displayName: home.upn,
    givenName: null,
    surname: null,
    mail: home.upn,
    otherMails: [home.upn],
    userType: "Guest",
    accountEnabled: true,
    createdDateTime: new Date().toISOString(),
    externalUserState: "PendingAcceptance",
    externalUserStateChangeDateTime: new Date().toISOString(),
    password: null,
    mailbox: "none",
    isTenantAdmin: false,
    redeemedBy: null,
  });
  emulator.state.invitations.set("99999999-0000-4000-8000-0000000000aa", {
    id: "99999999-0000-4000-8000-0000000000aa",
    tenantId,
    invitedByAppId: DEMO_APP.clientId,
    invitedUserEmailAddress: home.upn,
    invitedUserDisplayName: null,
    invitedUserType: "Guest",
    inviteRedirectUrl: `${APP_URL}/consent/start?invitation=1`,
    inviteRedeemUrl: `${emulator.authorityHost}/redeem?tenant=${tenantId}&user=${guest.id}&ticket=99999999-0000-4000-8000-0000000000aa`,
    sendInvitationMessage: false,
    invitedUserMessageInfo: { customizedMessageBody: null, messageLanguage: null, ccRecipients: [] },
    resetRedemption: false,
    status: "PendingAcceptance",
    invitedUserId: guest.id,
    createdDateTime: new Date().toISOString(),
  });
  return guest;
}
