// /authorize and its pages: sign in (pick or type an account, password), consent, "need admin
// approval", then a single-use code sent to the redirect URI. prompt, login_hint, state, nonce,
// PKCE and response_mode behave as on Entra; the browser session cookie gives SSO and prompt=none.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { DEMO_PASSWORD } from "../state/default-scenario";
import type { EmulatorState } from "../state/store";
import type { User } from "../state/types";
import { aadsts, IdentityError } from "./errors";
import {
  newAuthorizationCode,
  parseAuthorizeRequest,
  RedirectError,
  sendAuthorizeError,
  sendToRedirectUri,
  type RequestParameters,
} from "./authorize-request";
import { adminApprovalPage, consentPage, signInPage } from "./pages";
import {
  isPersonalAccountTenant,
  scopeNotForPersonalAccounts,
  scopeNotValidForPersonalAccount,
} from "./personal-accounts";
import { checkPassword, resolvePrincipal, type SignedInPrincipal } from "./sign-in";
import type { InteractionStore, Transaction } from "./sessions";
import type { TokenService } from "./tokens";
import { continueAdminConsent, finishAdminConsent } from "./admin-consent";
import { continueRedemption } from "./redeem";

export interface InteractiveOptions {
  state: EmulatorState;
  tokens: TokenService;
  interactions: InteractionStore;
  readonly authorityHost: string;
}

const html = (reply: FastifyReply, body: string) =>
  reply.type("text/html; charset=utf-8").header("cache-control", "no-store").send(body);

export function showSignIn(
  options: InteractiveOptions,
  request: FastifyRequest,
  reply: FastifyReply,
  transaction: Transaction,
  withAccounts: boolean,
): FastifyReply {
  const { state } = options;
  const app = state.getApp(transaction.request.appId);
  const accounts = withAccounts
    ? options.interactions
        .sessionAccounts(request)
        .map((id) => state.getUser(id))
        .filter((user): user is User => !!user)
    : [];
  const authority = transaction.request.authority;
  return html(
    reply,
    signInPage({
      transactionId: transaction.id,
      heading: transaction.request.kind === "redeem" ? "Accept the invitation" : "Sign in",
      appName: app?.displayName ?? "Microsoft",
      directoryName: authority.tenant?.displayName ?? "your organization",
      loginHint: transaction.request.loginHint,
      accounts,
      error: transaction.formError,
      note: transaction.request.kind === "redeem" ? redemptionNote(state, transaction) : undefined,
      extraActions: transaction.request.kind === "redeem" ? redemptionAlternatives(state, transaction) : undefined,
      demoPassword: demoPassword(state),
    }),
  );
}

function redemptionNote(state: EmulatorState, transaction: Transaction): string {
  const guest = state.getUser(transaction.request.guestUserId ?? "");
  const tenant = transaction.request.authority.tenant;
  return `${tenant?.displayName ?? "An organization"} invited ${guest?.mail ?? "you"}. Sign in with that account to accept.`;
}

/**
 * The demo scenario's password, for the sign-in page to show, as long as some account signs in with
 * it; a scenario that gives its accounts their own passwords gets no hint.
 */
function demoPassword(state: EmulatorState): string | undefined {
  return [...state.users.values()].some((user) => user.password === DEMO_PASSWORD) ? DEMO_PASSWORD : undefined;
}

/**
 * On the redemption page, for an invited address no account signs in with: a one-time passcode by
 * mail, as Entra offers (email one-time passcode, on by default), or creating an account for it.
 */
function redemptionAlternatives(state: EmulatorState, transaction: Transaction) {
  const address = state.getUser(transaction.request.guestUserId ?? "")?.mail;
  if (!address || state.findHomeAccount(address)) return undefined;
  return [
    {
      action: `/redeem/passcode/${transaction.id}`,
      label: `Send a code to ${address}`,
      id: "redeem-with-passcode",
      explanation: `Microsoft can send a one-time passcode to ${address} instead: you accept without any account of your own.`,
    },
    {
      action: `/redeem/create-account/${transaction.id}`,
      label: `Create ${address}`,
      id: "create-invited-account",
      explanation: `No account signs in as ${address} in this emulator. Create it (with the demo password) in a tenant for its domain, then accept.`,
    },
  ];
}

/** Picks the session account for SSO, or null when the user must choose or type one. */
function ssoAccount(
  options: InteractiveOptions,
  request: FastifyRequest,
  transaction: Transaction,
): string | null | "ambiguous" {
  const accounts = options.interactions.sessionAccounts(request);
  const hint = transaction.request.loginHint?.toLowerCase();
  if (hint) {
    const match = accounts.find((id) => options.state.getUser(id)?.userPrincipalName.toLowerCase() === hint);
    return match ?? (accounts.length > 0 ? "ambiguous" : null);
  }
  if (accounts.length === 1) return accounts[0]!;
  return accounts.length > 1 ? "ambiguous" : null;
}

/** Moves a transaction on as far as it can without the user, then shows the page it needs. */
export async function continueTransaction(
  options: InteractiveOptions,
  request: FastifyRequest,
  reply: FastifyReply,
  transaction: Transaction,
): Promise<FastifyReply> {
  const authorization = transaction.request;
  if (!transaction.homeAccountId) {
    const prompt = authorization.prompt;
    const sso =
      prompt === "login" || prompt === "select_account" || authorization.kind !== "authorize"
        ? null
        : ssoAccount(options, request, transaction);
    if (prompt === "none") {
      if (sso === null) throw new RedirectError(aadsts.loginRequired(), authorization);
      if (sso === "ambiguous") throw new RedirectError(aadsts.interactionRequired(), authorization);
    }
    if (sso === null || sso === "ambiguous")
      return showSignIn(options, request, reply, transaction, prompt !== "login");
    transaction.homeAccountId = sso;
  }
  if (authorization.kind === "redeem") return continueRedemption(options, reply, transaction);
  if (authorization.kind === "adminconsent") return continueAdminConsent(options, reply, transaction);

  const { state } = options;
  const app = state.getApp(authorization.appId)!;
  const home = state.getUser(transaction.homeAccountId)!;
  let principal: SignedInPrincipal;
  try {
    principal = resolvePrincipal(state, home, authorization.authority, app);
  } catch (error) {
    if (error instanceof IdentityError && authorization.prompt === "none")
      throw new RedirectError(error, authorization);
    throw error;
  }
  if (isPersonalAccountTenant(principal.tenant.id)) {
    const refused = scopeNotForPersonalAccounts(authorization.scopes);
    if (refused) throw new RedirectError(scopeNotValidForPersonalAccount(refused), authorization);
  }
  const consented = state.consentedScopes(app.appId, principal.tenant.id, principal.user.id);
  const needed = authorization.scopes.filter((scope) => !consented.has(scope));
  if (needed.length > 0 || authorization.prompt === "consent") {
    if (authorization.prompt === "none")
      throw new RedirectError(aadsts.consentRequiredInteractive(app.appId, app.displayName), authorization);
    if (principal.tenant.userConsent === "adminOnly" && !principal.user.isTenantAdmin) {
      return html(
        reply,
        adminApprovalPage({
          transactionId: transaction.id,
          appName: app.displayName,
          account: principal.home,
          adminConsentUrl: `${options.authorityHost}/${principal.tenant.id}/adminconsent?client_id=${app.appId}`,
          error: aadsts.adminApprovalRequired(app.displayName),
        }),
      );
    }
    return html(
      reply,
      consentPage({
        transactionId: transaction.id,
        appName: app.displayName,
        publisherTenant: state.getTenant(app.homeTenantId)?.displayName ?? app.homeTenantId,
        account: principal.home,
        scopes: authorization.prompt === "consent" ? authorization.scopes : needed,
        canConsentForOrganization: principal.user.isTenantAdmin,
        organizationName: principal.tenant.displayName,
      }),
    );
  }
  return issueCode(options, reply, transaction, principal);
}

function issueCode(
  options: InteractiveOptions,
  reply: FastifyReply,
  transaction: Transaction,
  principal: SignedInPrincipal,
): FastifyReply {
  const authorization = transaction.request;
  const code = newAuthorizationCode();
  const now = Date.now();
  options.state.authorizationCodes.set(code, {
    code,
    appId: authorization.appId,
    redirectUri: authorization.redirectUri,
    tenantId: principal.tenant.id,
    userId: principal.user.id,
    authoritySegment: authorization.authority.segment,
    scopes: authorization.scopes,
    nonce: authorization.nonce,
    codeChallenge: authorization.codeChallenge,
    codeChallengeMethod: authorization.codeChallengeMethod,
    authTime: Math.floor(now / 1000),
    expiresAt: now + options.state.lifetimes.authorizationCodeSeconds * 1000,
    redeemed: false,
  });
  options.interactions.finish(transaction.id);
  return sendToRedirectUri(reply, authorization, {
    code,
    ...(authorization.state !== null ? { state: authorization.state } : {}),
    session_state: principal.home.id,
  });
}

function withErrors(
  options: InteractiveOptions,
  handler: (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply>,
) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    try {
      return await handler(request, reply);
    } catch (error) {
      const identityError = (error as { identityError?: IdentityError }).identityError ?? error;
      if (identityError instanceof IdentityError)
        (request as FastifyRequest & { emulatorErrorCode?: string }).emulatorErrorCode =
          identityError.code === null ? identityError.error : `AADSTS${identityError.code}`;
      return sendAuthorizeError(reply, error, options.authorityHost);
    }
  };
}

export function registerAuthorizeRoutes(app: FastifyInstance, options: InteractiveOptions): void {
  const { state, interactions } = options;
  const authorize = withErrors(options, async (request, reply) => {
    const parameters = (request.method === "POST" ? request.body : request.query) as RequestParameters;
    const tenant = (request.params as { tenant: string }).tenant;
    const transaction = interactions.begin(parseAuthorizeRequest(state, tenant, parameters ?? {}));
    return continueTransaction(options, request, reply, transaction);
  });
  app.get("/:tenant/oauth2/v2.0/authorize", authorize);
  app.post("/:tenant/oauth2/v2.0/authorize", authorize);

  const transactionOf = (request: FastifyRequest): Transaction => {
    const transaction = interactions.get((request.params as { tx: string }).tx);
    if (!transaction)
      throw new IdentityError(
        "invalid_request",
        50058,
        "The sign-in session has expired or is unknown. Start the sign-in again from the application.",
      );
    return transaction;
  };

  app.post(
    "/login/:tx",
    withErrors(options, async (request, reply) => {
      const transaction = transactionOf(request);
      const form = (request.body ?? {}) as RequestParameters;
      try {
        const home = checkPassword(state, form.username ?? "", form.password ?? "", transaction.request.authority);
        interactions.rememberAccount(request, reply, home.id);
        transaction.homeAccountId = home.id;
        transaction.formError = null;
      } catch (error) {
        if (!(error instanceof IdentityError)) throw error;
        const messages: Record<number, string> = {
          50126: "Your account or password is incorrect.",
          50057: "Your account has been disabled. Contact your administrator. (AADSTS50057)",
        };
        transaction.formError =
          (error.code !== null ? messages[error.code] : undefined) ??
          `We couldn't find an account with that username. (AADSTS${error.code})`;
        transaction.request.loginHint = form.username ?? transaction.request.loginHint;
        return showSignIn(options, request, reply, transaction, false);
      }
      return continueTransaction(options, request, reply, transaction);
    }),
  );

  app.post(
    "/login/:tx/account",
    withErrors(options, async (request, reply) => {
      const transaction = transactionOf(request);
      const account = ((request.body ?? {}) as RequestParameters).account;
      if (!account || !interactions.sessionAccounts(request).includes(account))
        return showSignIn(options, request, reply, transaction, true);
      transaction.homeAccountId = account;
      return continueTransaction(options, request, reply, transaction);
    }),
  );

  app.post(
    "/consent/:tx",
    withErrors(options, async (request, reply) => {
      const transaction = transactionOf(request);
      const form = (request.body ?? {}) as RequestParameters;
      const authorization = transaction.request;
      if (!transaction.homeAccountId) return showSignIn(options, request, reply, transaction, true);
      if (authorization.kind === "adminconsent")
        return finishAdminConsent(options, reply, transaction, form.decision === "accept");
      const appRegistration = state.getApp(authorization.appId)!;
      if (form.decision === "return") {
        interactions.finish(transaction.id);
        throw new RedirectError(aadsts.adminApprovalRequired(appRegistration.displayName), authorization);
      }
      if (form.decision !== "accept") {
        interactions.finish(transaction.id);
        throw new RedirectError(aadsts.userDeclinedConsent(), authorization, { error_subcode: "cancel" });
      }
      const principal = resolvePrincipal(
        state,
        state.getUser(transaction.homeAccountId)!,
        authorization.authority,
        appRegistration,
      );
      if (principal.tenant.userConsent === "adminOnly" && !principal.user.isTenantAdmin)
        return continueTransaction(options, request, reply, transaction);
      const forOrganization = form.consent_for_organization === "true" && principal.user.isTenantAdmin;
      state.grantDelegated(
        appRegistration.appId,
        principal.tenant.id,
        forOrganization ? null : principal.user.id,
        authorization.scopes,
      );
      return issueCode(options, reply, transaction, principal);
    }),
  );

  app.get("/:tenant/oauth2/v2.0/logout", async (request, reply) => {
    interactions.forget(request, reply);
    const target = (request.query as RequestParameters).post_logout_redirect_uri;
    if (target) return reply.code(302).header("location", target).send();
    return html(
      reply,
      `<!doctype html><title>Signed out</title><p id="signed-out">You signed out of your account.</p>`,
    );
  });
}
