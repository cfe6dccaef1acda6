import "server-only";
import type { GraphClient, HttpMethod } from "./client";
import { GraphRequestError } from "./errors";
import { parseRetryAfter } from "./retry-policy";
import { addressLookupUrl, bestAddressMatch, lookUpUserByEmail, USER_SELECT, type DirectoryUser } from "./users";

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
  if (requests.length > BATCH_MAX_REQUESTS)
    throw new Error(`A $batch takes at most ${BATCH_MAX_REQUESTS} requests (got ${requests.length}).`);
  const body = {
    requests: requests.map((r) => ({
      id: r.id,
      method: r.method,
      url: r.url,
      ...(r.body === undefined ? {} : { body: r.body, headers: { "Content-Type": "application/json", ...r.headers } }),
      ...(r.body === undefined && r.headers ? { headers: r.headers } : {}),
    })),
  };
  const response = await graph.request<{ responses?: BatchResponse[] }>("POST", "/$batch", {
    body,
    idempotent: requests.every((r) => r.method === "GET"),
  });
  return response.body?.responses ?? [];
}

function errorOfBatchResponse(r: BatchResponse, url: string): GraphRequestError {
  const error = (
    r.body as { error?: { code?: string; message?: string; innerError?: Record<string, string> } } | undefined
  )?.error;
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
 * GETs many URLs with $batch, 20 per request, and answers each (by its key) with its response.
 * Throttled items (429, or any 5xx) are asked again after the longest Retry-After of the round, an
 * item Graph did not answer at all too; other statuses are the caller's to read.
 */
async function batchGet(
  graph: GraphClient,
  urls: ReadonlyMap<string, string>,
  maxRounds: number,
): Promise<Map<string, BatchResponse>> {
  const answers = new Map<string, BatchResponse>();
  const keys = [...urls.keys()];
  for (let start = 0; start < keys.length; start += BATCH_MAX_REQUESTS) {
    let pending = keys.slice(start, start + BATCH_MAX_REQUESTS);
    for (let round = 1; pending.length > 0; round++) {
      const ids = new Map(pending.map((key, i) => [String(i), key]));
      const responses = await sendBatch(
        graph,
        [...ids].map(([id, key]) => ({ id, method: "GET", url: urls.get(key)! })),
      );
      const retry = new Set<string>();
      let waitSeconds = 0;
      for (const r of responses) {
        const key = ids.get(r.id);
        if (key === undefined) continue;
        if ((r.status === 429 || r.status >= 500) && round < maxRounds) {
          retry.add(key);
          waitSeconds = Math.max(waitSeconds, errorOfBatchResponse(r, urls.get(key)!).retryAfterSeconds ?? 2 ** round);
        } else answers.set(key, r);
      }
      for (const key of pending) if (!answers.has(key) && !retry.has(key)) retry.add(key);
      if (retry.size > 0 && round >= maxRounds)
        throw new Error(`$batch left ${retry.size} reads unanswered after ${round} rounds`);
      if (retry.size > 0) await graph.sleep(waitSeconds * 1000 + Math.round(graph.random() * 250));
      pending = [...retry];
    }
  }
  return answers;
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
  const urls = new Map([...new Set(ids)].map((id) => [id, `/users/${encodeURIComponent(id)}?$select=${select}`]));
  const result = new Map<string, DirectoryUser | null>();
  for (const [id, r] of await batchGet(graph, urls, options.maxRounds ?? 5)) {
    if (r.status >= 200 && r.status < 300) result.set(id, r.body as DirectoryUser);
    else if (r.status === 404) result.set(id, null);
    else throw errorOfBatchResponse(r, urls.get(id)!);
  }
  return result;
}

/**
 * Looks many addresses up at once: Microsoft's look-up query per address (lookUpUserByEmail's),
 * 20 to a $batch, so a bulk invite asks Graph once per 20 rows instead of once per row. An address
 * whose combined filter Microsoft refuses (400) is looked up alone, condition by condition.
 * Lower-cased addresses map to the user holding them, or null.
 */
export async function batchLookUpUsersByEmail(
  graph: GraphClient,
  emails: readonly string[],
  options: { maxRounds?: number } = {},
): Promise<Map<string, DirectoryUser | null>> {
  const urls = new Map(
    [...new Set(emails.map((email) => email.trim().toLowerCase()))].map((email) => [email, addressLookupUrl(email)]),
  );
  const result = new Map<string, DirectoryUser | null>();
  for (const [email, r] of await batchGet(graph, urls, options.maxRounds ?? 5)) {
    if (r.status >= 200 && r.status < 300)
      result.set(email, bestAddressMatch(email, (r.body as { value?: DirectoryUser[] } | undefined)?.value ?? []));
    else if (r.status === 400) result.set(email, (await lookUpUserByEmail(graph, email)).user);
    else throw errorOfBatchResponse(r, urls.get(email)!);
  }
  return result;
}
