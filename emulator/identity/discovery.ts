// OpenID Connect discovery, the JWKS and MSAL's instance discovery, shaped like Entra's documents.
// Multi-tenant authorities publish the issuer template `{authorityHost}/{tenantid}/v2.0`, as Entra.
import type { FastifyInstance } from "fastify";
import type { EmulatorState } from "../state/store";
import { resolveAuthority } from "./authority";
import { IdentityError } from "./errors";
import type { TokenService } from "./tokens";

export interface DiscoveryOptions {
  state: EmulatorState;
  tokens: TokenService;
  authorityHost: string;
  graphBaseUrl: string;
}

export function openIdConfiguration(options: DiscoveryOptions, segment: string): Record<string, unknown> {
  const authority = resolveAuthority(options.state, segment);
  const host = options.authorityHost;
  // Entra names tenant endpoints by tenant id even when the request used a domain.
  const path = authority.tenant ? authority.tenant.id : authority.segment;
  const issuer = authority.tenant ? `${host}/${authority.tenant.id}/v2.0` : `${host}/{tenantid}/v2.0`;
  return {
    token_endpoint: `${host}/${path}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ["client_secret_post", "private_key_jwt", "client_secret_basic"],
    jwks_uri: `${host}/${path}/discovery/v2.0/keys`,
    response_modes_supported: ["query", "fragment", "form_post"],
    subject_types_supported: ["pairwise"],
    id_token_signing_alg_values_supported: ["RS256"],
    response_types_supported: ["code", "id_token", "code id_token", "id_token token"],
    scopes_supported: ["openid", "profile", "email", "offline_access"],
    issuer,
    request_uri_parameter_supported: false,
    userinfo_endpoint: `${options.graphBaseUrl}/oidc/userinfo`,
    authorization_endpoint: `${host}/${path}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${host}/${path}/oauth2/v2.0/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${host}/${path}/oauth2/v2.0/logout`,
    claims_supported: [
      "sub",
      "iss",
      "cloud_instance_name",
      "cloud_instance_host_name",
      "cloud_graph_host_name",
      "msgraph_host",
      "aud",
      "exp",
      "iat",
      "auth_time",
      "acr",
      "nonce",
      "preferred_username",
      "name",
      "tid",
      "ver",
      "at_hash",
      "c_hash",
      "email",
    ],
    code_challenge_methods_supported: ["plain", "S256"],
    kerberos_endpoint: `${host}/${path}/kerberos`,
    tenant_region_scope: authority.tenant ? "EU" : null,
    cloud_instance_name: "microsoftonline.com",
    cloud_graph_host_name: "graph.windows.net",
    msgraph_host: new URL(options.graphBaseUrl).host,
    rbac_url: "https://pas.windows.net",
  };
}

export function registerDiscoveryRoutes(app: FastifyInstance, options: DiscoveryOptions): void {
  const sendError = (error: unknown, reply: import("fastify").FastifyReply) => {
    if (error instanceof IdentityError) return reply.code(error.status).send(error.toJSON(options.authorityHost));
    throw error;
  };

  for (const url of ["/:tenant/v2.0/.well-known/openid-configuration", "/:tenant/.well-known/openid-configuration"]) {
    app.get<{ Params: { tenant: string } }>(url, async (request, reply) => {
      try {
        return openIdConfiguration(options, request.params.tenant);
      } catch (error) {
        return sendError(error, reply);
      }
    });
  }

  for (const url of ["/:tenant/discovery/v2.0/keys", "/:tenant/discovery/keys"]) {
    app.get<{ Params: { tenant: string } }>(url, async (request, reply) => {
      try {
        resolveAuthority(options.state, request.params.tenant);
        return options.tokens.jwks();
      } catch (error) {
        return sendError(error, reply);
      }
    });
  }

  // MSAL's instance discovery (skipped when the client lists the host in knownAuthorities).
  app.get<{ Querystring: { authorization_endpoint?: string } }>("/common/discovery/instance", async (request) => {
    const host = options.authorityHost;
    const hostName = new URL(host).host;
    const endpoint = request.query.authorization_endpoint ?? `${host}/common/oauth2/v2.0/authorize`;
    const tenant = /^https?:\/\/[^/]+\/([^/]+)\//.exec(endpoint)?.[1] ?? "common";
    return {
      tenant_discovery_endpoint: `${host}/${tenant}/v2.0/.well-known/openid-configuration`,
      "api-version": "1.1",
      metadata: [{ preferred_network: hostName, preferred_cache: hostName, aliases: [hostName] }],
    };
  });
}
