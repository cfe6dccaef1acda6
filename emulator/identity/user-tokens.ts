// The token response for a signed-in user: a Graph access token, an ID token (with openid), a
// refresh token (only with offline_access) and client_info, as Entra's v2.0 endpoint returns them.
import { createHash, randomBytes } from "node:crypto";
import type { EmulatorState } from "../state/store";
import type { AppRegistration, User } from "../state/types";
import { homeIssuer } from "./authority";
import { signIdToken, takeIdTokenDefect } from "./id-token-defects";
import { accessTokenScopes } from "./scopes";
import { pairwiseSubject, type TokenService } from "./tokens";

export interface UserTokenInput {
  state: EmulatorState;
  tokens: TokenService;
  app: AppRegistration;
  /** Issuing tenant and the user object in it (a guest object for guests). */
  tenantId: string;
  userId: string;
  scopes: string[];
  nonce: string | null;
  authTime: number;
  appidacr: "0" | "1" | "2";
  /** MSAL sends client_info=1 and builds its account ids from the answer. */
  wantsClientInfo: boolean;
}

export function newRefreshToken(
  state: EmulatorState,
  input: { appId: string; tenantId: string; userId: string; scopes: string[]; authTime: number },
): string {
  // Entra's refresh tokens are long opaque strings; the emulator's say nothing about what they hold.
  const token = `1.Emu${randomBytes(48).toString("base64url")}`;
  const now = Date.now();
  state.refreshTokens.set(token, {
    token,
    ...input,
    issuedAt: now,
    lastUsedAt: now,
    expiresAt: now + state.lifetimes.refreshTokenInactivitySeconds * 1000,
    revoked: false,
    used: false,
  });
  return token;
}

/**
 * The `email` claim as Entra sends it: the home account's mail (else its UPN), left out when
 * Microsoft has not verified its domain for the user — unless the registration turned
 * removeUnverifiedEmailClaim off — and `xms_edov` (email domain owner verified) beside it when the
 * app asked for that optional claim (learn.microsoft.com/entra/identity-platform/optional-claims-reference,
 * migrate-off-email-claim-authorization).
 */
export function emailClaims(
  state: EmulatorState,
  app: AppRegistration,
  home: User,
  issuingTenantId: string,
): { email?: string; xms_edov?: boolean } {
  const address = home.mail ?? home.userPrincipalName;
  const verified = state.addressVerifiedFor(home, address, issuingTenantId);
  if (!verified && app.removeUnverifiedEmailClaim) return {};
  return { email: address, ...(app.idTokenOptionalClaims.includes("xms_edov") ? { xms_edov: verified } : {}) };
}

function idTokenClaims(input: UserTokenInput, user: User, home: User): Record<string, unknown> {
  const { state, app, tenantId, scopes } = input;
  const isGuest = home.id !== user.id;
  const roles = state.appRolesOf(app.appId, user.id);
  return {
    aud: app.appId,
    iss: input.tokens.issuerFor(tenantId),
    tid: tenantId,
    oid: user.id,
    sub: pairwiseSubject(user.id, app.appId),
    name: user.displayName,
    preferred_username: home.userPrincipalName,
    ...(scopes.includes("email") ? emailClaims(state, app, home, tenantId) : {}),
    ...(isGuest ? { idp: homeIssuer(home.tenantId) } : {}),
    ...(roles.length > 0 ? { roles } : {}),
    ...(input.nonce ? { nonce: input.nonce } : {}),
    auth_time: input.authTime,
    login_hint: Buffer.from(JSON.stringify({ oid: home.id, tid: home.tenantId, upn: home.userPrincipalName })).toString(
      "base64url",
    ),
    sid: createHash("sha256").update(`${home.id}:${input.authTime}`).digest("hex").slice(0, 32),
    uti: randomBytes(16).toString("base64url"),
    rh: `0.${randomBytes(12).toString("base64url")}.`,
    aio: randomBytes(24).toString("base64url"),
    ver: "2.0",
  };
}

export async function issueUserTokens(input: UserTokenInput): Promise<Record<string, unknown>> {
  const { state, tokens, app, tenantId, userId, scopes } = input;
  const user = state.getUser(userId)!;
  const home = state.homeAccountOf(user);
  const lifetime = state.lifetimes.accessTokenSeconds;
  const accessToken = await tokens.issueAccessToken({
    tenantId,
    appId: app.appId,
    appDisplayName: app.displayName,
    appidacr: input.appidacr,
    user: {
      id: user.id,
      name: user.displayName,
      upn: home.id !== user.id ? user.userPrincipalName : home.userPrincipalName,
      guestOfIssuer: home.id !== user.id ? homeIssuer(home.tenantId) : null,
    },
    scopes: accessTokenScopes(scopes),
    lifetimeSeconds: lifetime,
  });
  const body: Record<string, unknown> = {
    token_type: "Bearer",
    scope: accessTokenScopes(scopes).join(" "),
    expires_in: lifetime,
    ext_expires_in: lifetime,
    access_token: accessToken,
  };
  if (scopes.includes("offline_access")) {
    body.refresh_token = newRefreshToken(state, {
      appId: app.appId,
      tenantId,
      userId,
      scopes,
      authTime: input.authTime,
    });
  }
  if (scopes.includes("openid")) {
    const defect = takeIdTokenDefect(state, app.appId, [user.id, home.id]);
    body.id_token = await signIdToken(tokens, idTokenClaims(input, user, home), lifetime, defect);
  }
  if (input.wantsClientInfo) {
    body.client_info = Buffer.from(JSON.stringify({ uid: home.id, utid: home.tenantId })).toString("base64url");
  }
  return body;
}
