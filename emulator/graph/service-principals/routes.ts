// Service principals, as far as an app needs to read who holds its app roles:
// GET /servicePrincipals(appId='{appId}') and GET /servicePrincipals(appId='{appId}')/appRoleAssignedTo
// (also by object id). Entra keeps one service principal per app and tenant; the emulator derives
// its object id from both, so it is stable across restarts. Permission: Application.Read.All
// (least privileged, as Graph's reference lists it), or a higher one.
import { createHash } from "node:crypto";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { AppRegistration } from "../../state/types";
import { authenticate, requestUrl, versionRoot, type GraphContext } from "../context";
import { GraphHttpError } from "../errors";
import { decodeSkipToken, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, nextLinkFor, ODataQueryError } from "../odata/query";
import { requireDirectoryPermission } from "../permissions";

const READ_APPLICATIONS = {
  application: [
    "Application.Read.All",
    "Application.ReadWrite.All",
    "Application.ReadWrite.OwnedBy",
    "Directory.Read.All",
    "Directory.ReadWrite.All",
  ],
  delegated: ["Application.Read.All", "Application.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"],
} as const;

/** A GUID from a hash, so the same app and tenant always name the same service principal. */
export function servicePrincipalId(appId: string, tenantId: string): string {
  const hex = createHash("sha256").update(`servicePrincipal:${appId}:${tenantId}`).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function notFound(key: string): GraphHttpError {
  return new GraphHttpError(
    404,
    "Request_ResourceNotFound",
    `Resource '${key}' does not exist or one of its queried reference-property objects are not present.`,
  );
}

/** The app behind `(appId='…')` or an object id, if it has a service principal in the tenant. */
function appOf(context: GraphContext, tenantId: string, key: string): AppRegistration {
  const byAppId = /^\(appId='([^']+)'\)$/i.exec(key);
  const apps = [...context.state.apps.values()].filter(
    (app) =>
      app.homeTenantId === tenantId ||
      tenantId in app.applicationPermissions ||
      context.state.delegatedGrants.some((grant) => grant.appId === app.appId && grant.tenantId === tenantId),
  );
  const app = byAppId
    ? apps.find((candidate) => candidate.appId === byAppId[1])
    : apps.find((candidate) => servicePrincipalId(candidate.appId, tenantId) === key.toLowerCase());
  if (!app) throw notFound(byAppId ? `appId='${byAppId[1]}'` : key);
  return app;
}

function toServicePrincipal(app: AppRegistration, tenantId: string) {
  return {
    id: servicePrincipalId(app.appId, tenantId),
    appId: app.appId,
    displayName: app.displayName,
    appOwnerOrganizationId: app.homeTenantId,
    servicePrincipalType: "Application",
    appRoles: app.appRoles.map((role) => ({
      id: role.id,
      value: role.value,
      displayName: role.displayName,
      allowedMemberTypes: role.allowedMemberTypes,
      description: role.displayName,
      isEnabled: true,
      origin: "Application",
    })),
  };
}

function pageOf(request: FastifyRequest): { top: number; offset: number } {
  const query = request.query as Record<string, string | undefined>;
  const rawTop = query.$top ?? query.top;
  const top = rawTop === undefined ? DEFAULT_PAGE_SIZE : Number(rawTop);
  if (!Number.isInteger(top) || top < 1 || top > MAX_PAGE_SIZE)
    throw new GraphHttpError(
      400,
      "Request_BadRequest",
      `Invalid page size specified: '${rawTop}'. Must be between 1 and ${MAX_PAGE_SIZE} inclusive.`,
    );
  const token = query.$skiptoken ?? query.skiptoken;
  try {
    return { top, offset: token ? decodeSkipToken(token) : 0 };
  } catch (error) {
    if (error instanceof ODataQueryError) throw new GraphHttpError(400, error.code, error.message);
    throw error;
  }
}

/** `(appId='…')` straight after the collection name, or `/{object id}`. */
const KEYED_PATHS = ["/servicePrincipals:key", "/servicePrincipals/:key"] as const;

export function registerServicePrincipalRoutes(app: FastifyInstance, context: GraphContext): void {
  for (const path of KEYED_PATHS) {
    app.get<{ Params: { key: string } }>(path, async (request) => {
      const caller = await authenticate(context, request);
      requireDirectoryPermission(caller, READ_APPLICATIONS);
      const registration = appOf(context, caller.tenantId, request.params.key);
      return {
        "@odata.context": `${versionRoot(request)}/$metadata#servicePrincipals/$entity`,
        ...toServicePrincipal(registration, caller.tenantId),
      };
    });
    app.get<{ Params: { key: string } }>(`${path}/appRoleAssignedTo`, (request) => assignedTo(context, request));
  }
}

async function assignedTo(context: GraphContext, request: FastifyRequest<{ Params: { key: string } }>) {
  const caller = await authenticate(context, request);
  requireDirectoryPermission(caller, READ_APPLICATIONS);
  const registration = appOf(context, caller.tenantId, request.params.key);
  const resourceId = servicePrincipalId(registration.appId, caller.tenantId);
  const assignments = context.state.roleAssignments
    .filter((assignment) => assignment.appId === registration.appId && assignment.tenantId === caller.tenantId)
    .map((assignment) => {
      const user = context.state.getUser(assignment.userId);
      return {
        id: assignment.id,
        deletedDateTime: null,
        appRoleId:
          registration.appRoles.find((role) => role.value === assignment.roleValue)?.id ??
          "00000000-0000-0000-0000-000000000000",
        createdDateTime: assignment.createdDateTime,
        principalDisplayName: user?.displayName ?? null,
        principalId: assignment.userId,
        principalType: "User",
        resourceDisplayName: registration.displayName,
        resourceId,
      };
    });
  const page = pageOf(request);
  const value = assignments.slice(page.offset, page.offset + page.top);
  const next = page.offset + page.top < assignments.length ? page.offset + page.top : null;
  return {
    "@odata.context": `${versionRoot(request)}/$metadata#servicePrincipals('${resourceId}')/appRoleAssignedTo`,
    ...(next !== null ? { "@odata.nextLink": nextLinkFor(requestUrl(request), next) } : {}),
    value,
  };
}
