// The grants that act for a user: authorization_code (exact redirect_uri, single use, short life,
// PKCE) and refresh_token (new token each use; old ones stay valid unless strict rotation is on;
// inactivity expiry; revocation). A refresh token is bound to the user and the client, not to a
// tenant (learn.microsoft.com/entra/identity-platform/refresh-tokens): at `common` it gives the
// home account's tokens; at a tenant where the user is a B2B guest it gives that tenant's tokens for
// the guest object (oid = the guest user, tid and iss = that tenant, idp = the home issuer;
// learn.microsoft.com/entra/external-id/user-token); elsewhere AADSTS50020.
import { createHash } from "node:crypto";
import type { EmulatorState } from "../state/store";
import type { AppRegistration, User } from "../state/types";
import { homeIssuer, type Authority } from "./authority";
import { aadsts, IdentityError } from "./errors";
import { normalizeScopes } from "./scopes";
import { parseScopes, type GrantContext } from "./token-grant";
import { issueUserTokens } from "./user-tokens";

function verifyPkce(challenge: string, method: "S256" | "plain", verifier: string | undefined): void {
  if (!verifier) throw aadsts.pkceMissing();
  const computed = method === "S256" ? createHash("sha256").update(verifier).digest("base64url") : verifier;
  if (computed !== challenge) throw aadsts.pkceMismatch();
}

/** A code issued in one tenant can be redeemed at that tenant's endpoint or a multi-tenant one. */
function checkSameDirectory(context: GrantContext, tenantId: string): void {
  if (context.authority.tenant && context.authority.tenant.id !== tenantId) {
    throw new IdentityError(
      "invalid_grant",
      700005,
      "Provided Authorization Code is intended to use against other tenant, thus rejected.",
    );
  }
}

export async function redeemAuthorizationCode(context: GrantContext): Promise<Record<string, unknown>> {
  const { options, app, form } = context;
  const { state } = options;
  if (!form.code) throw aadsts.missingParameter("code");
  if (!form.redirect_uri) throw aadsts.missingParameter("redirect_uri");
  const code = state.authorizationCodes.get(form.code);
  if (!code || code.appId !== app.appId) throw aadsts.codeInvalid();
  if (code.redeemed) throw aadsts.codeRedeemed();
  if (Date.now() > code.expiresAt) throw aadsts.codeExpired();
  checkSameDirectory(context, code.tenantId);
  if (form.redirect_uri !== code.redirectUri) throw aadsts.codeRedirectMismatch(form.redirect_uri, code.redirectUri);
  if (code.codeChallenge && code.codeChallengeMethod)
    verifyPkce(code.codeChallenge, code.codeChallengeMethod, form.code_verifier);
  code.redeemed = true;
  return issueUserTokens({
    state,
    tokens: options.tokens,
    app,
    tenantId: code.tenantId,
    userId: code.userId,
    scopes: code.scopes,
    nonce: code.nonce,
    authTime: code.authTime,
    appidacr: context.appidacr,
    wantsClientInfo: form.client_info === "1",
  });
}

export async function redeemRefreshToken(context: GrantContext): Promise<Record<string, unknown>> {
  const { options, app, form } = context;
  const { state } = options;
  if (!form.refresh_token) throw aadsts.missingParameter("refresh_token");
  const record = state.refreshTokens.get(form.refresh_token);
  if (!record || record.appId !== app.appId) throw aadsts.refreshMalformed();
  if (record.revoked) throw aadsts.refreshRevoked();
  if (Date.now() > record.expiresAt)
    throw aadsts.refreshExpired(new Date(record.lastUsedAt), state.lifetimes.refreshTokenInactivitySeconds);
  if (state.refreshRotation === "strict" && record.used) throw aadsts.refreshAlreadyUsed();
  const user = state.getUser(record.userId);
  if (!user || !user.accountEnabled) throw aadsts.refreshRevoked();
  const home = state.homeAccountOf(user);
  if (!home.accountEnabled) throw aadsts.refreshRevoked();
  const target = refreshTarget(state, context.authority, app, home);

  // A narrower (or equal) set of scopes may be asked for; anything not consented needs the user again.
  const requested = form.scope
    ? normalizeScopes(parseScopes(form.scope), app.requiredDelegatedPermissions)
    : record.scopes;
  const consented = state.consentedScopes(app.appId, target.tenantId, target.id);
  if (requested.some((scope) => !consented.has(scope))) throw aadsts.consentRequired(app.appId, app.displayName);
  record.used = true;
  record.lastUsedAt = Date.now();
  // The new refresh token stands for what the old one did, whether or not the client repeats offline_access.
  const scopes =
    record.scopes.includes("offline_access") && !requested.includes("offline_access")
      ? [...requested, "offline_access"]
      : requested;
  return issueUserTokens({
    state,
    tokens: options.tokens,
    app,
    tenantId: target.tenantId,
    userId: target.id,
    scopes,
    nonce: null,
    authTime: record.authTime,
    appidacr: context.appidacr,
    wantsClientInfo: form.client_info === "1",
  });
}

/** The directory object a refresh token acts as at this authority: the home account, or its guest object in the named tenant. */
function refreshTarget(state: EmulatorState, authority: Authority, app: AppRegistration, home: User): User {
  if (!authority.tenant || authority.tenant.id === home.tenantId) return home;
  const guest = state.findRedeemedGuest(authority.tenant.id, home);
  if (!guest) {
    // As at the sign-in page, but non-interactive: nothing here can redeem a pending invitation.
    throw new IdentityError(
      "invalid_grant",
      50020,
      aadsts.userNotInTenant(
        home.userPrincipalName,
        homeIssuer(home.tenantId),
        authority.tenant.displayName,
        app.appId,
        app.displayName,
      ).detail,
    );
  }
  if (!guest.accountEnabled) throw aadsts.userDisabled();
  return guest;
}
