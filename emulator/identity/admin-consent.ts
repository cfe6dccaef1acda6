// Admin consent: `/{tenant}/adminconsent?client_id=…` (v1, the app's listed permissions) and
// `/{tenant}/v2.0/adminconsent?client_id=…&scope=…` (v2). An admin of the tenant grants the app for
// everyone there, which is how a Northwind-style tenant (users may not consent) lets its users in.
import type { FastifyInstance, FastifyReply } from "fastify";
import { BRAND, escapeHtml, page } from "../ui/html";
import { IdentityError } from "./errors";
import {
  PageError,
  RedirectError,
  sendAuthorizeError,
  sendToRedirectUri,
  validateClient,
  type RequestParameters,
} from "./authorize-request";
import { consentPage } from "./pages";
import { normalizeScopes } from "./scopes";
import { continueTransaction, type InteractiveOptions } from "./authorize";
import type { Transaction } from "./sessions";

const notAdmin = () =>
  new IdentityError(
    "access_denied",
    90093,
    "Graph returned Forbidden (403). This application requires permissions that only an administrator can grant. Sign out and sign in as an administrator or contact one of your organization's administrators.",
  );

function adminTenantOf(options: InteractiveOptions, transaction: Transaction) {
  const home = options.state.getUser(transaction.homeAccountId!)!;
  const authority = transaction.request.authority;
  // The admin must belong to the tenant named in the URL; with common, their own tenant.
  if (authority.tenant && authority.tenant.id !== home.tenantId) return { home, tenant: null };
  return { home, tenant: options.state.getTenant(home.tenantId)! };
}

export function continueAdminConsent(
  options: InteractiveOptions,
  reply: FastifyReply,
  transaction: Transaction,
): FastifyReply {
  const { home, tenant } = adminTenantOf(options, transaction);
  if (!tenant || !home.isTenantAdmin) throw new RedirectError(notAdmin(), transaction.request);
  const app = options.state.getApp(transaction.request.appId)!;
  return reply.type("text/html; charset=utf-8").send(
    consentPage({
      transactionId: transaction.id,
      appName: app.displayName,
      publisherTenant: options.state.getTenant(app.homeTenantId)?.displayName ?? app.homeTenantId,
      account: home,
      scopes: transaction.request.scopes,
      canConsentForOrganization: false,
      organizationName: tenant.displayName,
    }),
  );
}

export function finishAdminConsent(
  options: InteractiveOptions,
  reply: FastifyReply,
  transaction: Transaction,
  accepted: boolean,
): FastifyReply {
  const request = transaction.request;
  options.interactions.finish(transaction.id);
  const { home, tenant } = adminTenantOf(options, transaction);
  if (!tenant || !home.isTenantAdmin) throw new RedirectError(notAdmin(), request);
  if (!accepted)
    throw new RedirectError(
      new IdentityError("access_denied", 65004, "User declined to consent to access the app."),
      request,
      { error_subcode: "cancel" },
    );
  options.state.grantDelegated(request.appId, tenant.id, null, request.scopes);
  if (!request.redirectUri) {
    return reply
      .type("text/html; charset=utf-8")
      .send(
        page(
          "Permissions granted",
          `${BRAND}<h1 id="admin-consent-granted">Permissions granted</h1><p>${escapeHtml(tenant.displayName)} granted the app for all its users.</p>`,
        ),
      );
  }
  return sendToRedirectUri(reply, request, {
    admin_consent: "True",
    tenant: tenant.id,
    ...(request.v2AdminConsent ? { scope: request.scopes.join(" ") } : {}),
    ...(request.state !== null ? { state: request.state } : {}),
  });
}

export function registerAdminConsentRoutes(app: FastifyInstance, options: InteractiveOptions): void {
  for (const [url, v2] of [
    ["/:tenant/adminconsent", false],
    ["/:tenant/v2.0/adminconsent", true],
  ] as const) {
    app.get(url, async (request, reply) => {
      try {
        const parameters = request.query as RequestParameters;
        const tenantSegment = (request.params as { tenant: string }).tenant;
        // v1 may leave out redirect_uri (then the emulator shows a page); v2 requires it.
        const withRedirect = parameters.redirect_uri !== undefined || v2;
        const {
          app: registration,
          authority,
          redirectUri,
        } = withRedirect
          ? validateClient(options.state, tenantSegment, parameters)
          : {
              ...validateClient(options.state, tenantSegment, {
                ...parameters,
                redirect_uri: options.state.getApp(parameters.client_id ?? "")?.redirectUris[0],
              }),
              redirectUri: "",
            };
        let scopes = registration.requiredDelegatedPermissions;
        if (v2) {
          try {
            scopes = normalizeScopes(
              (parameters.scope ?? ".default").split(/\s+/).filter(Boolean),
              registration.requiredDelegatedPermissions,
            );
          } catch (error) {
            throw new PageError(error as IdentityError);
          }
        }
        const transaction = options.interactions.begin({
          kind: "adminconsent",
          authority,
          appId: registration.appId,
          redirectUri,
          responseMode: "query",
          state: parameters.state ?? null,
          nonce: null,
          scopes,
          codeChallenge: null,
          codeChallengeMethod: null,
          prompt: null,
          loginHint: parameters.login_hint ?? null,
          v2AdminConsent: v2,
        });
        return await continueTransaction(options, request, reply, transaction);
      } catch (error) {
        return sendAuthorizeError(reply, error, options.authorityHost);
      }
    });
  }
}
