import "server-only";
// One wrapper for every REST API operation, so each reads the same way: authenticate the key →
// check its scope → take from its rate budget → parse path, query and body with the operation's
// zod schemas → do → respond. Refusals are RFC 9457 problems (lib/api/problem.ts); an unexpected
// error is logged with a correlation id and answered without its text. The same definitions
// generate the OpenAPI document (lib/api/openapi.ts), so what is validated is what is documented.
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { describeErrorForLog } from "@/lib/errors/user-error";
import { logFor } from "@/lib/log";
import type { ApiScope } from "@/lib/shared/api-scopes";
import {
  DATABASE_BUSY_RETRY_AFTER_SECONDS,
  DATABASE_RETRY_AFTER_SECONDS,
  isDatabaseBusy,
  isDatabaseUnavailable,
} from "@/lib/shared/database-unavailable";
import { authenticateApiCall, type ApiCaller } from "./auth";
import { ApiProblem, invalidRequest, problemResponse } from "./problem";
import { takeApiKeyBudget } from "./rate-limit";

const log = logFor("api");

export type HttpMethod = "GET" | "POST" | "DELETE" | "PUT" | "PATCH";

export interface ApiResponseSpec {
  description: string;
  schema?: z.ZodType;
  headers?: Record<string, string>;
}

export interface ApiReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface ApiCall<Params, Query, Body> {
  params: Params;
  query: Query;
  body: Body;
  caller: ApiCaller;
  request: Request;
  correlationId: string;
}

export interface ApiOperation<Params = unknown, Query = unknown, Body = unknown> {
  operationId: string;
  method: HttpMethod;
  /** OpenAPI path under /api/v1, e.g. "/grants/{id}". */
  path: string;
  scope: ApiScope;
  summary: string;
  description?: string;
  tags: string[];
  params?: z.ZodType<Params>;
  query?: z.ZodType<Query>;
  body?: z.ZodType<Body>;
  /** Request headers the operation reads (documented), e.g. Idempotency-Key. */
  headers?: z.ZodObject;
  /** Success answers; problems (400, 401, 403, 404, 429, 503) are documented for every operation. */
  responses: Record<number, ApiResponseSpec>;
  run(call: ApiCall<Params, Query, Body>): Promise<ApiReply>;
}

export function defineApiOperation<Params, Query, Body>(
  operation: ApiOperation<Params, Query, Body>,
): ApiOperation<Params, Query, Body> {
  return operation;
}

type RouteContext = { params: Promise<Record<string, string | string[] | undefined>> };

async function readJson(request: Request): Promise<unknown> {
  const text = await request.text();
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiProblem(400, "api.invalid_request", "The body is not valid JSON.", {
      errors: [{ field: "body", message: "Not valid JSON." }],
    });
  }
}

function parseWith<T>(schema: z.ZodType<T> | undefined, value: unknown, where: "body" | "query" | "path"): T {
  if (!schema) return undefined as T;
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw invalidRequest(where, parsed.error);
  return parsed.data;
}

function json(reply: ApiReply, headers: Record<string, string>): Response {
  const all = { "cache-control": "no-store", ...headers, ...reply.headers };
  if (reply.body === undefined) return new Response(null, { status: reply.status, headers: all });
  return Response.json(reply.body, { status: reply.status, headers: all });
}

/** The route handler (`export const GET = apiHandler(operation)`) for one operation. */
export function apiHandler<Params, Query, Body>(operation: ApiOperation<Params, Query, Body>) {
  return async (request: Request, context: RouteContext): Promise<Response> => {
    const correlationId = randomUUID();
    let budget: Record<string, string> = {};
    try {
      const refusal = { method: operation.method, operation: operation.path, correlationId };
      const caller = await authenticateApiCall(request, operation.scope, refusal);
      budget = await takeApiKeyBudget(caller, refusal);
      const url = new URL(request.url);
      const params = parseWith(operation.params, await context.params, "path");
      const query = parseWith(operation.query, Object.fromEntries(url.searchParams), "query");
      const body = operation.body ? parseWith(operation.body, await readJson(request), "body") : (undefined as Body);
      const reply = await operation.run({ params, query, body, caller, request, correlationId });
      return json(reply, budget);
    } catch (error) {
      if (error instanceof ApiProblem) return problemResponse(error, correlationId, budget);
      if (isDatabaseUnavailable(error)) {
        return problemResponse(
          new ApiProblem(503, "api.unavailable", undefined, { retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS }),
          correlationId,
          budget,
        );
      }
      if (isDatabaseBusy(error)) {
        log.warn(
          { correlationId, operation: operation.operationId },
          "API call refused: every database connection busy",
        );
        return problemResponse(
          new ApiProblem(503, "api.busy", undefined, { retryAfterSeconds: DATABASE_BUSY_RETRY_AFTER_SECONDS }),
          correlationId,
          budget,
        );
      }
      log.error(
        { correlationId, operation: operation.operationId, ...describeErrorForLog(error) },
        "API operation failed",
      );
      return problemResponse(new ApiProblem(500, "api.internal"), correlationId, budget);
    }
  };
}
