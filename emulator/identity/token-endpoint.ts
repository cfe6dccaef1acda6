// POST /{tenant}/oauth2/v2.0/token: authenticates the client, then hands the grant to its handler.
// Every failure leaves as Entra's JSON error body.
import type { FastifyInstance, FastifyReply } from "fastify";
import type { EmulatorState } from "../state/store";
import type { AppRegistration } from "../state/types";
import { resolveAuthority, type Authority } from "./authority";
import { authenticateClient, readClientCredentials } from "./client-auth";
import { aadsts, IdentityError } from "./errors";
import { GRAPH_APP_ID, GRAPH_RESOURCE } from "./tokens";
import { parseScopes, type GrantContext, type TokenEndpointOptions, type TokenForm } from "./token-grant";
import { redeemAuthorizationCode, redeemRefreshToken } from "./user-grants";
import { noteErrorCode } from "../request-log";

/** The token endpoint URLs a client assertion may name as its audience for this authority. */
function tokenEndpointsFor(host: string, authority: Authority): string[] {
  const names = authority.tenant
    ? [authority.segment, authority.tenant.id, ...authority.tenant.domains]
    : [authority.segment];
  return names.flatMap((name) => [
    `${host}/${name}/oauth2/v2.0/token`,
    `${host}/${name}/oauth2/token`,
    `${host}/${name}/v2.0`,
  ]);
}

/** Finds the app for the request's authority: unknown apps and apps absent from the tenant get 700016. */
export function findClientApp(
  state: EmulatorState,
  authority: Authority,
  clientId: string | undefined,
): AppRegistration {
  if (!clientId) throw aadsts.missingParameter("client_id");
  const app = state.getApp(clientId);
  const directoryName = authority.tenant?.id ?? authority.segment;
  if (!app) throw aadsts.appNotFound(clientId, directoryName);
  if (authority.kind !== "tenant" && app.signInAudience === "AzureADMyOrg")
    throw aadsts.singleTenantViaCommon(app.appId, app.displayName);
  return app;
}

async function clientCredentialsGrant(context: GrantContext): Promise<Record<string, unknown>> {
  const { authority, app, options, form } = context;
  if (!authority.tenant) {
    throw new IdentityError(
      "invalid_request",
      50059,
      "No tenant-identifying information found in either the request or implied by any provided credentials.",
    );
  }
  const scopes = parseScopes(form.scope);
  if (scopes.length === 0) throw aadsts.missingParameter("scope");
  const scope = scopes[0]!;
  if (scopes.length > 1 || !scope.endsWith("/.default")) throw aadsts.clientCredentialsScope(form.scope ?? "");
  const resource = scope.slice(0, -"/.default".length).replace(/\/$/, "");
  if (resource !== GRAPH_RESOURCE && resource !== GRAPH_APP_ID) {
    throw new IdentityError(
      "invalid_resource",
      500011,
      `The resource principal named ${resource} was not found in the tenant named ${authority.tenant.displayName}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`,
    );
  }
  const lifetime = options.state.lifetimes.accessTokenSeconds;
  const accessToken = await options.tokens.issueAccessToken({
    tenantId: authority.tenant.id,
    appId: app.appId,
    appDisplayName: app.displayName,
    appidacr: context.appidacr,
    roles: options.state.applicationPermissions(app.appId, authority.tenant.id),
    lifetimeSeconds: lifetime,
  });
  return { token_type: "Bearer", expires_in: lifetime, ext_expires_in: lifetime, access_token: accessToken };
}

export function registerTokenEndpoint(app: FastifyInstance, options: TokenEndpointOptions): void {
  const sendError = (reply: FastifyReply, error: IdentityError) => {
    reply.header("cache-control", "no-store, no-cache").header("pragma", "no-cache");
    return reply.code(error.status).send(error.toJSON(options.authorityHost));
  };

  app.post<{ Params: { tenant: string }; Body: TokenForm }>("/:tenant/oauth2/v2.0/token", async (request, reply) => {
    try {
      const form = (request.body ?? {}) as TokenForm;
      const authority = resolveAuthority(options.state, request.params.tenant);
      const grantType = form.grant_type;
      if (!grantType) throw aadsts.missingParameter("grant_type");
      const credentials = readClientCredentials(form, request.headers.authorization);
      const client = findClientApp(options.state, authority, credentials.clientId);
      if (
        authority.tenant &&
        grantType === "client_credentials" &&
        !options.state.appIsKnownInTenant(client, authority.tenant.id)
      ) {
        throw aadsts.appNotFound(client.appId, authority.tenant.displayName);
      }
      const appidacr = await authenticateClient(
        client,
        credentials,
        tokenEndpointsFor(options.authorityHost, authority),
      );
      const context: GrantContext = { options, authority, app: client, appidacr, form };
      let body: Record<string, unknown>;
      if (grantType === "client_credentials") body = await clientCredentialsGrant(context);
      else if (grantType === "authorization_code") body = await redeemAuthorizationCode(context);
      else if (grantType === "refresh_token") body = await redeemRefreshToken(context);
      else throw aadsts.unsupportedGrant(grantType);
      reply.header("cache-control", "no-store, no-cache").header("pragma", "no-cache");
      const clientRequestId = request.headers["client-request-id"];
      if (typeof clientRequestId === "string") reply.header("client-request-id", clientRequestId);
      return body;
    } catch (error) {
      if (error instanceof IdentityError) {
        noteErrorCode(request, `AADSTS${error.code}`);
        return sendError(reply, error.withCorrelation(request.headers["client-request-id"]));
      }
      throw error;
    }
  });
}
