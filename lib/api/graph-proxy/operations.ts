import "server-only";
// The Graph proxy (/grants/{id}/graph/{path}): forwards a call to GRAPH_BASE_URL with the user's
// delegated token, refreshed as needed, so the product never holds it. Never the caller's
// Authorization; Graph's status, body and Retry-After come back as Graph sent them. And token issue
// (/grants/{id}/token, off unless the operator enables it): the one call that hands a token out,
// audited every time.
import { z } from "zod";
import { getEnv } from "@/lib/env";
import { acquireGrantToken, type GrantTokenOutcome } from "@/lib/grants/grant-token";
import { NOT_ACTIVE_REASONS } from "@/lib/shared/grants";
import { createGraphClient } from "@/lib/graph/client";
import { GraphRequestError } from "@/lib/graph/errors";
import { prisma } from "@/lib/db/client";
import { auditApiCall, auditRefusal } from "../auth";
import { defineApiOperation, type ApiCall } from "../operation";
import { ApiProblem } from "../problem";
import { recordId } from "../schemas/common";
import { checkProxyCall, graphPathAsSent } from "./guard";

const TAGS = ["Graph"];
const PROXY_PATH = "/grants/{id}/graph/{path}";

const proxyParams = z.object({
  id: recordId.meta({ description: "The grant's id." }),
  path: z
    .array(z.string())
    .min(1)
    .meta({
      description: "The Graph v1.0 path, e.g. me or me/messages: its segments separated by slashes, not encoded.",
      // Next hands the route's segments over as an array; on the wire the path is one string.
      override: ({ jsonSchema }) => {
        delete jsonSchema.items;
        delete jsonSchema.minItems;
        jsonSchema.type = "string";
      },
    }),
});

/** Graph's JSON answer, passed back as Graph sent it. */
const graphAnswerSchema = z
  .record(z.string(), z.unknown())
  .meta({ id: "GraphAnswer", description: "Microsoft Graph's JSON answer, as Graph sent it." });

function tokenOf(outcome: GrantTokenOutcome): { accessToken: string; expiresOn: Date | null } {
  if (outcome.kind === "token") return outcome;
  if (outcome.kind === "missing") throw new ApiProblem(404, "api.not_found", "No grant has that id.");
  if (outcome.kind === "not_active")
    throw new ApiProblem(
      409,
      "api.grant_unusable",
      NOT_ACTIVE_REASONS[outcome.status] ?? NOT_ACTIVE_REASONS.NeedsRenewal!,
    );
  if (outcome.kind === "failed") {
    const { failure } = outcome;
    throw new ApiProblem(failure.kind === "consent_lost" ? 409 : 503, failure.code, undefined, {
      explained: failure.explained,
      retryAfterSeconds: failure.kind === "consent_lost" ? undefined : 30,
    });
  }
  throw new Error("unreachable: not_due without onlyIfDue");
}

type ProxyCall = ApiCall<z.output<typeof proxyParams>, unknown, unknown>;

/** How much of a refused Graph path the audit entry keeps: enough to see the trick, not a flood. */
const AUDITED_PATH_CHARS = 200;

async function forward(method: "GET" | "POST", { params, request, body, caller, correlationId }: ProxyCall) {
  const grant = await prisma.grant.findUnique({ where: { id: params.id }, select: { scopes: true } });
  if (!grant) throw new ApiProblem(404, "api.not_found", "No grant has that id.");
  const url = new URL(request.url);
  const verdict = checkProxyCall(method, params.path, url.pathname, grant.scopes);
  if (!verdict.allowed) {
    // The path as sent (before Next decoded it), so the entry shows the trick that was tried.
    await auditRefusal(
      caller,
      `proxy_${verdict.reason}`,
      { method, operation: PROXY_PATH, correlationId },
      { grantId: params.id, graphPath: graphPathAsSent(url.pathname).slice(0, AUDITED_PATH_CHARS) },
    );
    throw new ApiProblem(403, "api.scope_missing", verdict.detail);
  }
  const graph = createGraphClient({
    baseUrl: getEnv().GRAPH_BASE_URL,
    getAccessToken: async (options) =>
      tokenOf(await acquireGrantToken(params.id, { forceRefresh: options?.forceRefresh })).accessToken,
    // Graph's own answer goes back, 429 and Retry-After included: the caller decides when to repeat.
    retry: { maxAttempts: 1 },
  });
  try {
    const answer = await graph.request<unknown>(method, verdict.path, {
      query: Object.fromEntries(url.searchParams),
      body,
      idempotent: method === "GET",
    });
    return { status: answer.status, body: answer.status === 204 ? undefined : answer.body };
  } catch (error) {
    if (!(error instanceof GraphRequestError)) throw error;
    return {
      status: error.status,
      body: { error: { code: error.code, message: error.message } },
      headers: error.retryAfterSeconds !== undefined ? { "retry-after": String(error.retryAfterSeconds) } : undefined,
    };
  }
}

const PROXY_DESCRIPTION =
  "Forwards to Microsoft Graph v1.0 with the user's token: the user's own profile (me), mail (me/messages, me/mailFolders), calendar (me/events …) and contacts, each only if the user consented to a scope that covers it. Graph's status, body and Retry-After come back unchanged.";

export const proxyGraphGet = defineApiOperation({
  operationId: "proxyGraphGet",
  method: "GET",
  path: PROXY_PATH,
  scope: "graph:proxy",
  tags: TAGS,
  summary: "Read from Microsoft Graph as the user",
  description: PROXY_DESCRIPTION,
  params: proxyParams,
  responses: { 200: { description: "Graph's answer.", schema: graphAnswerSchema } },
  run: (call) => forward("GET", call),
});

export const proxyGraphPost = defineApiOperation({
  operationId: "proxyGraphPost",
  method: "POST",
  path: PROXY_PATH,
  scope: "graph:proxy",
  tags: TAGS,
  summary: "Write to Microsoft Graph as the user",
  description: `${PROXY_DESCRIPTION} Not repeated by Guestpass: a write may have happened if the connection is lost.`,
  params: proxyParams,
  body: z.record(z.string(), z.unknown()).optional(),
  responses: { 200: { description: "Graph's answer (its own status: 201, 202 …).", schema: graphAnswerSchema } },
  run: (call) => forward("POST", call),
});

const tokenSchema = z
  .object({ accessToken: z.string(), expiresAt: z.iso.datetime().nullable(), scopes: z.array(z.string()) })
  .meta({ id: "IssuedToken", description: "A current delegated access token of the user. Handle it as a secret." });

export const issueToken = defineApiOperation({
  operationId: "issueToken",
  // A read (it changes nothing but the audit log), never cached: answers carry no-store.
  method: "GET",
  path: "/grants/{id}/token",
  scope: "tokens:issue",
  tags: TAGS,
  summary: "Hand out the user's access token (off by default)",
  description:
    "Returns a current access token and its expiry. The token then leaves Guestpass: prefer the Graph proxy. Refused unless the operator set API_TOKEN_ISSUE_ENABLED; every issue is audited with the key.",
  params: z.object({ id: recordId }),
  responses: { 200: { description: "The token.", schema: tokenSchema } },
  async run({ params, caller, correlationId }) {
    const grant = await prisma.grant.findUnique({ where: { id: params.id }, select: { scopes: true, username: true } });
    if (!grant) throw new ApiProblem(404, "api.not_found", "No grant has that id.");
    const token = tokenOf(await acquireGrantToken(params.id));
    await auditApiCall(caller, correlationId, {
      action: "api.token_issue",
      targetType: "grant",
      targetId: params.id,
      detail: { account: grant.username, expiresAt: token.expiresOn?.toISOString() ?? null },
    });
    return {
      status: 200,
      body: { accessToken: token.accessToken, expiresAt: token.expiresOn?.toISOString() ?? null, scopes: grant.scopes },
    };
  },
});
