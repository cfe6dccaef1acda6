import "server-only";
import type { GraphClient, HttpMethod } from "./client";
import { GraphRequestError } from "./errors";
import { parseRetryAfter } from "./retry-policy";
import { USER_SELECT, type DirectoryUser } from "./users";

/** Graph's limit of requests in one JSON $batch. */
export const BATCH_MAX_REQUESTS = 20;

export interface BatchRequest {
  id: string;
  method: HttpMethod;
  /** Relative to the version, e.g. "/users/{id}?$select=id". */
  url: string;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface BatchResponse<T = unknown> {
  id: string;
  status: number;
  headers?: Record<string, string>;
  body?: T;
}

/**
 * Sends up to 20 requests in one $batch. Only for requests that are safe to repeat: the batch
 * as a whole is retried on 5xx/network failures.
 */
export async function sendBatch(graph: GraphClient, requests: readonly BatchRequest[]): Promise<BatchResponse[]> {
  if (requests.length === 0) return [];
  if (requests.length > BATCH_MAX_REQUESTS) throw new Error(`A $batch takes at most ${BATCH_MAX_REQUESTS} requests (got ${requests.length}).`);
  const body = {
    requests: requests.map((r) => ({
      id: r.id,
      method: r.method,
      url: r.url,
      ...(r.body === undefined ? {} : { body: r.body, headers: { "Content-Type": "application/json", ...r.headers } }),
      ...(r.body === undefined && r.headers ? { headers: r.headers } : {}),
    })),
  };
  const response = await graph.request<{ responses?: BatchResponse[] }>("POST", "/$batch", { body, idempotent: requests.every((r) => r.method === "GET") });
  return response.body?.responses ?? [];
}

function errorOfBatchResponse(r: BatchResponse, url: string): GraphRequestError {
  const error = (r.body as { error?: { code?: string; message?: string; innerError?: Record<string, string> } } | undefined)?.error;
  const header = (name: string) => Object.entries(r.headers ?? {}).find(([k]) => k.toLowerCase() === name)?.[1];
  return new GraphRequestError({
    status: r.status,
    code: error?.code ?? `HTTP${r.status}`,
    message: error?.message ?? `HTTP ${r.status}`,
    method: "GET",
    path: url.split("?")[0] ?? url,
    requestId: error?.innerError?.["request-id"] ?? header("request-id"),
    retryAfterSeconds: parseRetryAfter(header("retry-after")),
  });
}

/**
 * Reads many users with $batch, 20 per request instead of one GET each (status sync).
 * Missing users map to null. Throttled items (429, or 503 with Retry-After) are retried after
 * the longest Retry-After of the round; other failures throw a GraphRequestError.
 */
export async function batchGetUsers(
  graph: GraphClient,
  ids: readonly string[],
  options: { select?: readonly string[]; maxRounds?: number } = {},
): Promise<Map<string, DirectoryUser | null>> {
  const select = (options.select ?? USER_SELECT).join(",");
  const result = new Map<string, DirectoryUser | null>();
  const unique = [...new Set(ids)];
  for (let start = 0; start < unique.length; start += BATCH_MAX_REQUESTS) {
    let pending = unique.slice(start, start + BATCH_MAX_REQUESTS);
    for (let round = 1; pending.length > 0; round++) {
      const urls = new Map(pending.map((id, i) => [String(i), { id, url: `/users/${encodeURIComponent(id)}?$select=${select}` }]));
      const responses = await sendBatch(graph, [...urls].map(([key, { url }]) => ({ id: key, method: "GET", url })));
      const retry: string[] = [];
      let waitSeconds = 0;
      for (const r of responses) {
        const item = urls.get(r.id);
        if (!item) continue;
        if (r.status >= 200 && r.status < 300) result.set(item.id, r.body as DirectoryUser);
        else if (r.status === 404) result.set(item.id, null);
        else {
          const error = errorOfBatchResponse(r, item.url);
          if ((r.status === 429 || r.status >= 500) && round < (options.maxRounds ?? 5)) {
            retry.push(item.id);
            waitSeconds = Math.max(waitSeconds, error.retryAfterSeconds ?? 2 ** round);
          } else throw error;
        }
      }
      // An item Graph did not answer at all is asked again too.
      for (const { id } of urls.values()) if (!result.has(id) && !retry.includes(id)) retry.push(id);
      if (retry.length > 0 && round >= (options.maxRounds ?? 5))
        throw new Error(`$batch left ${retry.length} user reads unanswered after ${round} rounds`);
      if (retry.length > 0) await graph.sleep(waitSeconds * 1000 + Math.round(graph.random() * 250));
      pending = retry;
    }
  }
  return result;
}
