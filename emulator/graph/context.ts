// What every Graph route needs: the emulator's state, its token service, and the caller behind
// the bearer token (401 InvalidAuthenticationToken when there is none that Graph would accept).
import type { FastifyRequest } from "fastify";
import { AccessTokenError, type TokenService } from "../identity/tokens";
import type { EmulatorState } from "../state/store";
import type { Tenant, User } from "../state/types";
import { GraphHttpError } from "./errors";
import { callerFromClaims, type GraphCaller } from "./permissions";

export interface GraphContext {
  state: EmulatorState;
  tokens: TokenService;
}

function unauthenticated(message: string): GraphHttpError {
  return new GraphHttpError(401, "InvalidAuthenticationToken", message, {
    "WWW-Authenticate":
      'Bearer realm="", authorization_uri="/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"',
  });
}

export async function authenticate(
  context: GraphContext,
  request: FastifyRequest,
): Promise<GraphCaller & { tenant: Tenant }> {
  const header = request.headers.authorization;
  if (!header || header.trim() === "") throw unauthenticated("Access token is empty.");
  const [scheme, token] = header.trim().split(/\s+/, 2);
  if (scheme?.toLowerCase() !== "bearer" || !token) throw unauthenticated("Access token is empty.");
  if (token.split(".").length !== 3) throw unauthenticated("CompactToken parsing failed with error code: 80049217");
  let claims: Record<string, unknown>;
  try {
    claims = await context.tokens.verifyAccessToken(token);
  } catch (error) {
    if (error instanceof AccessTokenError) throw unauthenticated(error.message);
    throw error;
  }
  const caller = callerFromClaims(claims);
  const tenant = context.state.getTenant(caller.tenantId);
  if (!tenant) throw unauthenticated("Access token validation failure. Invalid issuer.");
  return { ...caller, tenant };
}

/** The signed-in user of a delegated token; /me with an app-only token is refused as Graph does. */
export function signedInUser(context: GraphContext, caller: GraphCaller): User {
  if (caller.kind !== "delegated" || !caller.userObjectId) {
    throw new GraphHttpError(400, "BadRequest", "/me request is only valid with delegated authentication flow.");
  }
  const user = context.state.getUser(caller.userObjectId);
  if (!user || user.tenantId !== caller.tenantId) {
    throw new GraphHttpError(
      404,
      "Request_ResourceNotFound",
      `Resource '${caller.userObjectId}' does not exist or one of its queried reference-property objects are not present.`,
    );
  }
  return user;
}

/** A user of the caller's tenant by object id or user principal name, or Graph's 404. */
export function userInTenant(context: GraphContext, tenantId: string, idOrUpn: string): User {
  const key = decodeURIComponent(idOrUpn).toLowerCase();
  const user =
    context.state.getUser(key) ??
    context.state.usersInTenant(tenantId).find((candidate) => candidate.userPrincipalName.toLowerCase() === key);
  if (!user || user.tenantId !== tenantId) {
    throw new GraphHttpError(
      404,
      "Request_ResourceNotFound",
      `Resource '${decodeURIComponent(idOrUpn)}' does not exist or one of its queried reference-property objects are not present.`,
    );
  }
  return user;
}

/** Absolute URL of the version root the request came in on, e.g. https://localhost:4010/v1.0. */
export function versionRoot(request: FastifyRequest): string {
  const path = request.url.split("?")[0] ?? "";
  const match = /^(.*?\/(v1\.0|beta))(\/|$)/i.exec(path);
  return `https://${request.host}${match?.[1] ?? ""}`;
}

export function requestUrl(request: FastifyRequest): URL {
  return new URL(request.url, `https://${request.host}`);
}
