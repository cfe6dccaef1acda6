import "server-only";
// The grants of the REST API: list (by account, status, tenant; cursor pages), read one, erase one.
import { eraseGrantAs } from "@/lib/grants/kill-switch";
import { auditApiCall } from "../auth";
import { defineApiOperation } from "../operation";
import { ApiProblem } from "../problem";
import { idParams } from "../schemas/common";
import { grantErasedSchema, grantListQuery, grantListSchema, grantSchema } from "../schemas/grants";
import { getApiGrant, listApiGrants } from "./queries";

const TAGS = ["Grants"];

export const listGrants = defineApiOperation({
  operationId: "listGrants",
  method: "GET",
  path: "/grants",
  scope: "grants:read",
  tags: TAGS,
  summary: "List grants",
  description: "The users who consented, newest first. Filter by account, status or home tenant; page with `cursor`.",
  query: grantListQuery,
  responses: { 200: { description: "A page of grants.", schema: grantListSchema } },
  run: async ({ query }) => ({ status: 200, body: await listApiGrants(query) }),
});

export const getGrant = defineApiOperation({
  operationId: "getGrant",
  method: "GET",
  path: "/grants/{id}",
  scope: "grants:read",
  tags: TAGS,
  summary: "Get a grant",
  description:
    "One grant: account, tenant, scopes, status with the reason when it is not usable, last refresh and the reconnect link.",
  params: idParams,
  responses: { 200: { description: "The grant.", schema: grantSchema } },
  async run({ params }) {
    const grant = await getApiGrant(params.id);
    if (!grant) throw new ApiProblem(404, "api.not_found", "No grant has that id.");
    return { status: 200, body: grant };
  },
});

export const deleteGrant = defineApiOperation({
  operationId: "deleteGrant",
  method: "DELETE",
  path: "/grants/{id}",
  scope: "grants:delete",
  tags: TAGS,
  summary: "Erase a grant's tokens",
  description:
    "Deletes the user's stored tokens for good. The grant stays, with status Erased, so its history reads right; the user can connect again through a new consent link, which keeps the grant's id.",
  params: idParams,
  responses: { 200: { description: "The tokens are erased.", schema: grantErasedSchema } },
  async run({ params, caller, correlationId }) {
    const erased = await eraseGrantAs(params.id, { actorType: "ApiKey", actorId: caller.keyId }, "api_request");
    if (erased.outcome === "missing") throw new ApiProblem(404, "api.not_found", "No grant has that id.");
    if (erased.outcome !== "erased")
      throw new ApiProblem(409, "api.conflict", "This grant holds no tokens any more (erased or revoked).");
    await auditApiCall(caller, correlationId, {
      action: "grant.erase",
      targetType: "grant",
      targetId: params.id,
      detail: { account: erased.username, previousStatus: erased.previousStatus },
    });
    return { status: 200, body: { id: params.id, status: "Erased" } };
  },
});
