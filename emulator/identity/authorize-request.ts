// Reading an /authorize (or /adminconsent) request the way Entra does: errors about the client and
// the redirect URI are shown on a page (they cannot be trusted to go back); the rest are sent to the
// redirect URI in the requested response mode.
import { randomBytes } from "node:crypto";
import type { FastifyReply } from "fastify";
import type { EmulatorState } from "../state/store";
import type { AppRegistration } from "../state/types";
import { resolveAuthority } from "./authority";
import { aadsts, IdentityError } from "./errors";
import { errorPage, formPostPage } from "./pages";
import { normalizeScopes } from "./scopes";
import type { AuthorizationRequest, Prompt } from "./sessions";

export type RequestParameters = Record<string, string | undefined>;

/** An error to show on the emulator's page rather than send to the redirect URI. */
export class PageError extends Error {
  constructor(readonly identityError: IdentityError) {
    super(identityError.message);
  }
}

/** An error to send back to the (validated) redirect URI. */
export class RedirectError extends Error {
  constructor(
    readonly identityError: IdentityError,
    readonly target: Pick<AuthorizationRequest, "redirectUri" | "responseMode" | "state">,
    readonly extra: Record<string, string> = {},
  ) {
    super(identityError.message);
  }
}

/** Client, authority and redirect URI checks shared by /authorize, /adminconsent. */
export function validateClient(
  state: EmulatorState,
  tenantSegment: string,
  parameters: RequestParameters,
): { app: AppRegistration; authority: ReturnType<typeof resolveAuthority>; redirectUri: string } {
  let authority;
  try {
    authority = resolveAuthority(state, tenantSegment);
  } catch (error) {
    throw new PageError(error as IdentityError);
  }
  const clientId = parameters.client_id;
  if (!clientId) throw new PageError(aadsts.missingParameter("client_id"));
  const app = state.getApp(clientId);
  if (!app) throw new PageError(aadsts.appNotFound(clientId, authority.tenant?.displayName ?? authority.segment));
  if (!authority.tenant && app.signInAudience === "AzureADMyOrg")
    throw new PageError(aadsts.singleTenantViaCommon(app.appId, app.displayName));
  if (authority.tenant && app.signInAudience === "AzureADMyOrg" && authority.tenant.id !== app.homeTenantId) {
    throw new PageError(aadsts.appNotFound(app.appId, authority.tenant.displayName));
  }
  const redirectUri = parameters.redirect_uri ?? (app.redirectUris.length === 1 ? app.redirectUris[0] : undefined);
  if (!redirectUri) throw new PageError(aadsts.missingParameter("redirect_uri"));
  if (!app.redirectUris.includes(redirectUri)) throw new PageError(aadsts.redirectUriMismatch(redirectUri, app.appId));
  return { app, authority, redirectUri };
}

const PROMPTS = new Set(["login", "consent", "select_account", "none", "admin_consent"]);

export function parseAuthorizeRequest(
  state: EmulatorState,
  tenantSegment: string,
  parameters: RequestParameters,
): AuthorizationRequest {
  const { app, authority, redirectUri } = validateClient(state, tenantSegment, parameters);
  const mode = parameters.response_mode ?? "query";
  const target = {
    redirectUri,
    responseMode: (mode === "form_post" || mode === "fragment"
      ? mode
      : "query") as AuthorizationRequest["responseMode"],
    state: parameters.state ?? null,
  };
  const fail = (error: IdentityError) => new RedirectError(error, target);
  if (!["query", "fragment", "form_post"].includes(mode))
    throw fail(aadsts.invalidRequest(`The response_mode '${mode}' is not supported.`));
  const responseType = parameters.response_type;
  if (!responseType) throw fail(aadsts.missingParameter("response_type"));
  if (responseType !== "code") throw fail(aadsts.unsupportedResponseType(responseType));
  if (!parameters.scope) throw fail(aadsts.missingParameter("scope"));
  let scopes: string[];
  try {
    scopes = normalizeScopes(parameters.scope.split(/\s+/).filter(Boolean), app.requiredDelegatedPermissions);
  } catch (error) {
    throw fail(error as IdentityError);
  }
  const codeChallenge = parameters.code_challenge ?? null;
  let codeChallengeMethod: AuthorizationRequest["codeChallengeMethod"] = null;
  if (codeChallenge) {
    const method = parameters.code_challenge_method ?? "plain";
    if (method !== "S256" && method !== "plain")
      throw fail(
        aadsts.invalidRequest("The code_challenge_method is not valid. Supported values are 'plain' and 'S256'."),
      );
    if (!/^[A-Za-z0-9\-._~]{43,128}$/.test(codeChallenge))
      throw fail(aadsts.invalidRequest("The code_challenge is not valid."));
    codeChallengeMethod = method;
  }
  const prompt = parameters.prompt && PROMPTS.has(parameters.prompt) ? (parameters.prompt as Prompt) : null;
  if (parameters.prompt && !prompt) throw fail(aadsts.invalidRequest(`Invalid prompt value '${parameters.prompt}'.`));
  return {
    kind: "authorize",
    authority,
    appId: app.appId,
    ...target,
    nonce: parameters.nonce ?? null,
    scopes,
    codeChallenge,
    codeChallengeMethod,
    prompt,
    loginHint: parameters.login_hint ?? null,
  };
}

/** Sends parameters to the redirect URI in the request's response mode. */
export function sendToRedirectUri(
  reply: FastifyReply,
  target: Pick<AuthorizationRequest, "redirectUri" | "responseMode">,
  parameters: Record<string, string>,
): FastifyReply {
  if (target.responseMode === "form_post") {
    return reply
      .type("text/html; charset=utf-8")
      .header("cache-control", "no-store")
      .send(formPostPage(target.redirectUri, parameters));
  }
  const url = new URL(target.redirectUri);
  if (target.responseMode === "fragment") {
    url.hash = new URLSearchParams(parameters).toString();
  } else {
    for (const [name, value] of Object.entries(parameters)) url.searchParams.set(name, value);
  }
  return reply.code(302).header("location", url.toString()).header("cache-control", "no-store").send();
}

export function sendAuthorizeError(reply: FastifyReply, error: unknown, authorityHost: string): FastifyReply {
  if (error instanceof RedirectError) {
    return sendToRedirectUri(reply, error.target, {
      ...error.identityError.toRedirectParams(error.target.state, authorityHost),
      ...error.extra,
    });
  }
  if (error instanceof PageError)
    return reply.code(400).type("text/html; charset=utf-8").send(errorPage(error.identityError));
  if (error instanceof IdentityError) return reply.code(400).type("text/html; charset=utf-8").send(errorPage(error));
  throw error;
}

export const newAuthorizationCode = () => `1.Emu${randomBytes(40).toString("base64url")}`;
