// Users: GET /users (OData $select/$filter/$top/$skiptoken/$count), GET /users/{id | UPN},
// PATCH and DELETE /users/{id}, GET /me.
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { User } from "../../state/types";
import { authenticate, requestUrl, signedInUser, userInTenant, versionRoot, type GraphContext } from "../context";
import { GraphHttpError } from "../errors";
import {
  nextLinkFor,
  ODataQueryError,
  pageCollection,
  parseCollectionQuery,
  parseSelect,
  projectEntity,
  type QueryParameters,
} from "../odata/query";
import { PERMISSIONS, requireDirectoryPermission } from "../permissions";
import { advancedOnlyOperator } from "../odata/filter-evaluate";
import { toGraphUser, USER_SCHEMA } from "./representation";

function queryOf(request: FastifyRequest): QueryParameters {
  const parameters: QueryParameters = {};
  for (const [name, value] of Object.entries(request.query as Record<string, unknown>)) {
    // Graph accepts the options with or without the $ prefix.
    const key = name.startsWith("$") ? name : `$${name}`;
    if (["$select", "$filter", "$top", "$skiptoken", "$count"].includes(key.toLowerCase())) {
      parameters[key.toLowerCase() as keyof QueryParameters] = Array.isArray(value) ? String(value[0]) : String(value);
    }
  }
  return parameters;
}

function asGraphError(error: unknown): never {
  if (error instanceof ODataQueryError) throw new GraphHttpError(400, error.code, error.message);
  throw error;
}

function selectionContext(
  request: FastifyRequest,
  collection: string,
  select: readonly string[],
  single: boolean,
): string {
  const projection = queryOf(request).$select ? `(${select.join(",")})` : "";
  return `${versionRoot(request)}/$metadata#${collection}${projection}${single ? "/$entity" : ""}`;
}

function singleUser(request: FastifyRequest, user: User, collection: string) {
  let select: string[];
  try {
    select = parseSelect(USER_SCHEMA, queryOf(request).$select);
  } catch (error) {
    asGraphError(error);
  }
  return {
    "@odata.context": selectionContext(request, collection, select, true),
    ...projectEntity(toGraphUser(user), select),
  };
}

const UPDATABLE = new Set(["userType", "displayName", "givenName", "surname", "accountEnabled", "otherMails"]);

function applyUserPatch(user: User, body: unknown): void {
  if (!body || typeof body !== "object" || Array.isArray(body))
    throw new GraphHttpError(400, "BadRequest", "Empty Payload. JSON content expected.");
  for (const [property, value] of Object.entries(body as Record<string, unknown>)) {
    if (!UPDATABLE.has(property)) {
      if (USER_SCHEMA.properties.includes(property)) {
        throw new GraphHttpError(400, "Request_BadRequest", `Property '${property}' is read-only and cannot be set.`);
      }
      throw new GraphHttpError(
        400,
        "Request_BadRequest",
        `Property '${property}' does not exist as a declared property or extension property.`,
      );
    }
    const invalid = () =>
      new GraphHttpError(
        400,
        "Request_BadRequest",
        `Invalid value specified for property '${property}' of resource 'User'.`,
      );
    if (property === "userType") {
      if (value !== "Guest" && value !== "Member") throw invalid();
      user.userType = value;
    } else if (property === "accountEnabled") {
      if (typeof value !== "boolean") throw invalid();
      user.accountEnabled = value;
    } else if (property === "otherMails") {
      if (!Array.isArray(value) || !value.every((item) => typeof item === "string")) throw invalid();
      user.otherMails = value;
    } else {
      if (value !== null && typeof value !== "string") throw invalid();
      if (property === "displayName") {
        if (!value) throw invalid();
        user.displayName = value;
      } else if (property === "givenName") user.givenName = value;
      else user.surname = value;
    }
  }
}

export function registerUserRoutes(app: FastifyInstance, context: GraphContext): void {
  app.get("/users", async (request) => {
    const caller = await authenticate(context, request);
    requireDirectoryPermission(caller, PERMISSIONS.readUsers);
    let page: ReturnType<typeof pageCollection>;
    let select: string[];
    let count: boolean;
    try {
      const query = parseCollectionQuery(USER_SCHEMA, queryOf(request));
      const eventual = String(request.headers.consistencylevel ?? "").toLowerCase() === "eventual";
      if (query.count && !eventual) {
        throw new ODataQueryError("Request_BadRequest", "$count is not currently supported.");
      }
      const advanced = query.filter ? advancedOnlyOperator(query.filter) : null;
      if (advanced && !(eventual && query.count)) {
        // Microsoft's words for an advanced-only operator sent without the advanced query parameters.
        throw new ODataQueryError(
          "Request_UnsupportedQuery",
          `Operator '${advanced}' is not supported because the required parameters might be missing. Try adding $count=true query parameter and ConsistencyLevel:eventual header. Refer to https://aka.ms/graph-docs/advanced-queries for more information`,
        );
      }
      page = pageCollection(context.state.usersInTenant(caller.tenantId).map(toGraphUser), query);
      select = query.select;
      count = query.count;
    } catch (error) {
      asGraphError(error);
    }
    return {
      "@odata.context": selectionContext(request, "users", select, false),
      ...(count ? { "@odata.count": page.total } : {}),
      ...(page.nextOffset !== null ? { "@odata.nextLink": nextLinkFor(requestUrl(request), page.nextOffset) } : {}),
      value: page.value,
    };
  });

  app.get<{ Params: { id: string } }>("/users/:id", async (request) => {
    const caller = await authenticate(context, request);
    const user = userInTenant(context, caller.tenantId, request.params.id);
    // A signed-in user may always read their own profile with User.Read.
    const self = caller.kind === "delegated" && caller.userObjectId === user.id;
    requireDirectoryPermission(caller, self ? PERMISSIONS.readMe : PERMISSIONS.readUsers);
    return singleUser(request, user, "users");
  });

  app.patch<{ Params: { id: string } }>("/users/:id", async (request, reply) => {
    const caller = await authenticate(context, request);
    requireDirectoryPermission(caller, PERMISSIONS.updateUser);
    const user = userInTenant(context, caller.tenantId, request.params.id);
    applyUserPatch(user, request.body);
    return reply.code(204).send();
  });

  app.delete<{ Params: { id: string } }>("/users/:id", async (request, reply) => {
    const caller = await authenticate(context, request);
    requireDirectoryPermission(caller, PERMISSIONS.deleteUser);
    const user = userInTenant(context, caller.tenantId, request.params.id);
    context.state.deleteUser(user.id);
    for (const [id, invitation] of context.state.invitations) {
      if (invitation.invitedUserId === user.id) context.state.invitations.delete(id);
    }
    return reply.code(204).send();
  });

  app.get("/me", async (request) => {
    const caller = await authenticate(context, request);
    const user = signedInUser(context, caller);
    requireDirectoryPermission(caller, PERMISSIONS.readMe);
    return singleUser(request, user, "users");
  });
}
