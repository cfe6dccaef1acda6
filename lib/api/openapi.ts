import "server-only";
// The OpenAPI 3.1 document of /api/v1, generated (zod-openapi) from the same zod schemas and
// operation definitions that validate requests and shape answers: nothing is written twice.
import type { z } from "zod";
import {
  createDocument,
  type ZodOpenApiOperationObject,
  type ZodOpenApiPathsObject,
  type ZodOpenApiResponseObject,
  type ZodOpenApiResponsesObject,
} from "zod-openapi";
import { EVENT_ENVELOPES } from "@/lib/events/catalogue";
import { getEnv } from "@/lib/env";
import { API_SCOPE_DESCRIPTIONS, API_SCOPES } from "@/lib/shared/api-scopes";
import { API_OPERATIONS } from "./operations";
import { problemSchema } from "./schemas/common";

export const API_VERSION = "1.0.0";

const problem = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: problemSchema } },
});

const PROBLEMS = {
  "400": problem("The request is not valid: `errors` names each field."),
  "401": problem("No API key, or one that is unknown, revoked or expired."),
  "403": problem("The key lacks the scope this operation needs."),
  "404": problem("Nothing has that id."),
  "429": {
    ...problem("The key's request budget is spent: wait Retry-After seconds."),
    headers: { "Retry-After": { description: "Seconds to wait.", schema: { type: "integer" as const } } },
  },
  "503": problem("Guestpass's database is unavailable for a moment: wait Retry-After seconds."),
};

/** `appUrl` is where the portal answers (the document's server); APP_URL unless given. */
export function buildOpenApiDocument(appUrl: string = getEnv().APP_URL): ReturnType<typeof createDocument> {
  const paths: ZodOpenApiPathsObject = {};
  for (const operation of API_OPERATIONS) {
    const responses: ZodOpenApiResponsesObject = { ...PROBLEMS };
    for (const [status, spec] of Object.entries(operation.responses)) {
      // An operation's own refusals (409, 422 …) are problems like the shared ones.
      responses[status as `2${string}`] = spec.schema
        ? ({
            description: spec.description,
            content: { "application/json": { schema: spec.schema } },
          } satisfies ZodOpenApiResponseObject)
        : Number(status) >= 400
          ? problem(spec.description)
          : { description: spec.description };
    }
    const method = operation.method.toLowerCase() as "get" | "post" | "delete" | "put" | "patch";
    paths[operation.path] = {
      ...paths[operation.path],
      [method]: {
        operationId: operation.operationId,
        summary: operation.summary,
        description: `${operation.description ?? ""}\n\nNeeds the scope \`${operation.scope}\`.`.trim(),
        tags: operation.tags,
        security: [{ apiKey: [operation.scope] }],
        "x-guestpass-scope": operation.scope,
        requestParams: {
          // Path and query schemas are z.object()s (their types are narrowed per operation).
          ...(operation.params ? { path: operation.params as unknown as z.ZodObject } : {}),
          ...(operation.query ? { query: operation.query as unknown as z.ZodObject } : {}),
          ...(operation.headers ? { header: operation.headers } : {}),
        },
        ...(operation.body
          ? { requestBody: { required: true, content: { "application/json": { schema: operation.body } } } }
          : {}),
        responses,
      } satisfies ZodOpenApiOperationObject,
    };
  }
  // Each event type is a webhook: Guestpass POSTs its envelope to the company's endpoints, signed
  // per Standard Webhooks (docs/webhooks.md).
  const webhooks: ZodOpenApiPathsObject = {};
  for (const [type, envelope] of Object.entries(EVENT_ENVELOPES)) {
    webhooks[type] = {
      post: {
        operationId: `webhook_${type.replace(/[^A-Za-z0-9]+/g, "_")}`,
        summary: envelope.description ?? type,
        description:
          "Signed per Standard Webhooks: verify `webhook-id`, `webhook-timestamp` and `webhook-signature` with the endpoint's secret before trusting the body. Answer 2xx within 10 s; anything else is retried.",
        tags: ["Webhooks"],
        parameters: [
          {
            name: "webhook-id",
            in: "header",
            required: true,
            description: "The event's id: the same on every retry (deduplicate on it).",
            schema: { type: "string" },
          },
          {
            name: "webhook-timestamp",
            in: "header",
            required: true,
            description: "Seconds since the epoch of this attempt.",
            schema: { type: "string" },
          },
          {
            name: "webhook-signature",
            in: "header",
            required: true,
            description: "Space-separated `v1,<base64 HMAC-SHA256>` signatures, one per live secret.",
            schema: { type: "string" },
          },
        ],
        requestBody: { required: true, content: { "application/json": { schema: envelope } } },
        responses: {
          "200": { description: "Received. Any 2xx counts; anything else (or no answer in 10 s) is retried." },
        },
      } satisfies ZodOpenApiOperationObject,
    };
  }
  return createDocument({
    openapi: "3.1.0",
    info: {
      title: "Guestpass API",
      version: API_VERSION,
      description:
        "Invite external Microsoft 365 users, read their grants and send mail as them. Authenticate with an API key from Settings → API keys as `Authorization: Bearer gpk_…`. Errors are RFC 9457 problem details.",
    },
    servers: [{ url: `${appUrl}/api/v1` }],
    components: {
      securitySchemes: {
        apiKey: {
          type: "http",
          scheme: "bearer",
          description: `An API key. Scopes: ${API_SCOPES.map((scope) => `\`${scope}\` (${API_SCOPE_DESCRIPTIONS[scope].label})`).join(", ")}.`,
        },
      },
    },
    paths,
    webhooks,
  });
}
