// POST /$batch (JSON batching): up to 20 requests, each replayed through the server itself so it
// meets the same authentication, handlers and throttling as a direct call; dependsOn orders them
// and a failed dependency turns its dependants into 424 Failed Dependency.
import type { FastifyInstance, FastifyRequest } from "fastify";
import { z } from "zod";
import { GraphHttpError } from "./errors";
import { INTERNAL_BATCH_HEADER, internalBatchSecret } from "./internal-call";

export const MAX_BATCH_REQUESTS = 20;

const batchRequestSchema = z.object({
  id: z.string().min(1),
  method: z.string().min(1),
  url: z.string().min(1),
  headers: z.record(z.string(), z.string()).optional(),
  body: z.unknown().optional(),
  dependsOn: z.array(z.string()).optional(),
});
type BatchRequest = z.infer<typeof batchRequestSchema>;

export interface BatchResponse {
  id: string;
  status: number;
  headers: Record<string, string>;
  body?: unknown;
}

const RETURNED_HEADERS = [
  "content-type",
  "location",
  "retry-after",
  "request-id",
  "client-request-id",
  "odata-version",
];

function invalidBatch(message: string): GraphHttpError {
  return new GraphHttpError(400, "BadRequest", message);
}

/** Checks the whole payload first: Graph refuses a malformed batch as a whole, before running any of it. */
export function parseBatchPayload(payload: unknown): BatchRequest[] {
  if (!payload || typeof payload !== "object" || !Array.isArray((payload as { requests?: unknown }).requests)) {
    throw invalidBatch("Invalid batch payload format.");
  }
  const raw = (payload as { requests: unknown[] }).requests;
  if (raw.length === 0) throw invalidBatch("Invalid batch payload format.");
  if (raw.length > MAX_BATCH_REQUESTS) {
    throw invalidBatch(`The number of requests in the batch exceeds the limit of ${MAX_BATCH_REQUESTS}.`);
  }
  const requests = raw.map((entry) => {
    const parsed = batchRequestSchema.safeParse(entry);
    if (!parsed.success) throw invalidBatch("Invalid batch payload format.");
    return parsed.data;
  });
  const ids = new Set<string>();
  for (const request of requests) {
    if (ids.has(request.id)) throw invalidBatch("Request Id values must be unique.");
    ids.add(request.id);
  }
  for (const request of requests) {
    for (const dependency of request.dependsOn ?? []) {
      if (!ids.has(dependency) || dependency === request.id) {
        throw invalidBatch(
          `Request dependsOn value '${dependency}' of request '${request.id}' does not refer to another request in the batch.`,
        );
      }
    }
    if (
      request.body !== undefined &&
      !Object.keys(request.headers ?? {}).some((name) => name.toLowerCase() === "content-type")
    ) {
      throw invalidBatch(`Request '${request.id}' has a body but no Content-Type header.`);
    }
    if (/^\/?\$batch(\?|$)/i.test(request.url))
      throw invalidBatch(`Request '${request.id}': a batch cannot contain another batch.`);
    if (/^https?:/i.test(request.url)) {
      throw invalidBatch(`Request '${request.id}' must use a URL relative to the version, such as '/users'.`);
    }
  }
  assertNoCycle(requests);
  return requests;
}

function assertNoCycle(requests: BatchRequest[]): void {
  const byId = new Map(requests.map((request) => [request.id, request]));
  const state = new Map<string, "visiting" | "done">();
  const visit = (id: string) => {
    if (state.get(id) === "done") return;
    if (state.get(id) === "visiting") throw invalidBatch("The dependsOn values of the batch form a cycle.");
    state.set(id, "visiting");
    for (const dependency of byId.get(id)?.dependsOn ?? []) visit(dependency);
    state.set(id, "done");
  };
  for (const request of requests) visit(request.id);
}

function parseBody(payload: string, contentType: string | undefined): unknown {
  if (payload.length === 0) return undefined;
  if (contentType?.includes("json")) {
    try {
      return JSON.parse(payload);
    } catch {
      return payload;
    }
  }
  return payload;
}

export async function runBatch(
  app: FastifyInstance,
  outer: FastifyRequest,
  versionBase: string,
  requests: BatchRequest[],
): Promise<BatchResponse[]> {
  const results = new Map<string, Promise<BatchResponse>>();
  const run = async (request: BatchRequest): Promise<BatchResponse> => {
    const dependencies = await Promise.all(
      (request.dependsOn ?? []).map((id) => results.get(id) as Promise<BatchResponse>),
    );
    if (dependencies.some((dependency) => dependency.status < 200 || dependency.status >= 300)) {
      return {
        id: request.id,
        status: 424,
        headers: { "content-type": "application/json" },
        body: { error: { code: "FailedDependency", message: "Failed dependency" } },
      };
    }
    const headers: Record<string, string> = {
      ...(request.headers ?? {}),
      [INTERNAL_BATCH_HEADER]: internalBatchSecret,
    };
    if (outer.headers.authorization) headers.authorization = outer.headers.authorization;
    // Same host, so links in inner responses (nextLink, @odata.context) point where the client is.
    if (outer.headers.host) headers.host = outer.headers.host;
    const path = request.url.startsWith("/") ? request.url : `/${request.url}`;
    const response = await app.inject({
      method: request.method.toUpperCase() as "GET",
      url: `${versionBase}${path}`,
      headers,
      payload:
        request.body === undefined
          ? undefined
          : typeof request.body === "string"
            ? request.body
            : JSON.stringify(request.body),
    });
    const returned: Record<string, string> = {};
    for (const name of RETURNED_HEADERS) {
      const value = response.headers[name];
      if (value !== undefined)
        returned[name === "content-type" ? "Content-Type" : name === "retry-after" ? "Retry-After" : name] =
          String(value);
    }
    const body = parseBody(response.payload, response.headers["content-type"]?.toString());
    return { id: request.id, status: response.statusCode, headers: returned, ...(body === undefined ? {} : { body }) };
  };
  // Requests without dependencies start at once, as Graph runs them in no fixed order.
  const pending = new Map(requests.map((request) => [request.id, request]));
  const start = (request: BatchRequest): Promise<BatchResponse> => {
    const existing = results.get(request.id);
    if (existing) return existing;
    for (const dependency of request.dependsOn ?? []) start(pending.get(dependency) as BatchRequest);
    const promise = run(request);
    results.set(request.id, promise);
    return promise;
  };
  return Promise.all(requests.map(start));
}
