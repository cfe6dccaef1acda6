import "server-only";
import { randomUUID } from "node:crypto";
import { AmbiguousWriteError, GraphRequestError } from "./errors";
import {
  DEFAULT_RETRY_OPTIONS,
  decideRetry,
  parseRetryAfter,
  type AttemptOutcome,
  type RetryOptions,
} from "./retry-policy";

/**
 * The one Graph client: a thin typed wrapper over fetch on a configurable base URL
 * (GRAPH_BASE_URL). Chosen over @microsoft/microsoft-graph-client because our write policy
 * differs from its RetryHandler, which re-sends any buffered POST on 503/504 - exactly the blind
 * retry of an invitation we must not do - and because every error here must come out as one
 * typed GraphRequestError with request-id and Retry-After. Paging and $batch are a few lines on
 * top (see pages() and batch.ts).
 */
export type HttpMethod = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
export type QueryValue = string | number | boolean | undefined;

/** Where the client gets its bearer token: app-only providers cache, delegated ones refresh the grant. */
export type AccessTokenSource = (options?: {
  forceRefresh?: boolean;
  /** With forceRefresh: the token Graph refused; a source that has renewed it since may answer at once. */
  refused?: string;
}) => Promise<string>;

export interface GraphClientConfig {
  /** GRAPH_BASE_URL, e.g. the emulator's https://localhost:4010. */
  baseUrl: string;
  /** Graph version segment. */
  version?: "v1.0" | "beta";
  /**
   * Called once per request, and once more with `forceRefresh` after a 401 (a token revoked or
   * expired before its time): the repeat goes out only with a token different from the refused one.
   */
  getAccessToken: AccessTokenSource;
  retry?: Partial<RetryOptions>;
  /** Per-attempt timeout. */
  timeoutMs?: number;
  fetch?: typeof fetch;
  /** Waits between attempts; tests may pass a recorder. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

export interface GraphRequestOptions {
  query?: Record<string, QueryValue>;
  body?: unknown;
  headers?: Record<string, string>;
  /** Safe to repeat after an unknown outcome. Default: true for everything but POST. */
  idempotent?: boolean;
}

export interface GraphResponse<T> {
  status: number;
  body: T;
  requestId?: string;
  headers: Headers;
}

export interface GraphClient {
  readonly baseUrl: string;
  request<T>(method: HttpMethod, path: string, options?: GraphRequestOptions): Promise<GraphResponse<T>>;
  get<T>(path: string, options?: Omit<GraphRequestOptions, "body">): Promise<T>;
  /** Follows @odata.nextLink, yielding one page of items at a time. */
  pages<T>(path: string, options?: Omit<GraphRequestOptions, "body">): AsyncGenerator<T[], void, undefined>;
  /** The client's wait (configurable for tests), for callers honouring Retry-After themselves. */
  sleep(ms: number): Promise<void>;
  readonly random: () => number;
}

const NOT_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "UND_ERR_CONNECT_TIMEOUT"]);

/** Did the failed fetch get as far as sending the request? Unknown counts as sent. */
function requestWasSent(error: unknown): boolean {
  const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause;
  const code = typeof cause?.code === "string" ? cause.code : undefined;
  return !(code && NOT_SENT_CODES.has(code));
}

async function readGraphError(response: Response, method: string, path: string): Promise<GraphRequestError> {
  const text = await response.text().catch(() => "");
  let code = response.status === 429 ? "TooManyRequests" : `HTTP${response.status}`;
  let message = response.statusText || `HTTP ${response.status}`;
  let inner: Record<string, unknown> = {};
  try {
    const parsed = JSON.parse(text) as { error?: { code?: unknown; message?: unknown; innerError?: unknown } };
    if (typeof parsed.error?.code === "string") code = parsed.error.code;
    if (typeof parsed.error?.message === "string") message = parsed.error.message;
    if (parsed.error?.innerError && typeof parsed.error.innerError === "object")
      inner = parsed.error.innerError as Record<string, unknown>;
  } catch {
    /* not JSON (gateway error pages): keep the status text */
  }
  const s = (v: unknown) => (typeof v === "string" ? v : undefined);
  return new GraphRequestError({
    status: response.status,
    code,
    message,
    method,
    path,
    requestId: response.headers.get("request-id") ?? s(inner["request-id"]),
    clientRequestId: response.headers.get("client-request-id") ?? s(inner["client-request-id"]),
    date: s(inner.date) ?? response.headers.get("date") ?? undefined,
    retryAfterSeconds: parseRetryAfter(response.headers.get("retry-after")),
    innerCode: s(inner.code),
  });
}

export function createGraphClient(config: GraphClientConfig): GraphClient {
  const base = config.baseUrl.replace(/\/+$/, "");
  const versionBase = `${base}/${config.version ?? "v1.0"}`;
  const baseOrigin = new URL(base).origin;
  const retry = { ...DEFAULT_RETRY_OPTIONS, ...config.retry };
  const doFetch = config.fetch ?? fetch;
  const sleep = config.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const timeoutMs = config.timeoutMs ?? 30_000;

  /** Absolute URLs (nextLink) are pinned to the configured origin: the token goes nowhere else. */
  function resolveUrl(path: string, query?: Record<string, QueryValue>): URL {
    let url: URL;
    if (/^https?:\/\//i.test(path)) {
      const given = new URL(path);
      url = new URL(`${given.pathname}${given.search}`, baseOrigin);
    } else url = new URL(`${versionBase}${path.startsWith("/") ? path : `/${path}`}`);
    for (const [key, value] of Object.entries(query ?? {}))
      if (value !== undefined) url.searchParams.set(key, String(value));
    return url;
  }

  async function request<T>(
    method: HttpMethod,
    path: string,
    options: GraphRequestOptions = {},
  ): Promise<GraphResponse<T>> {
    const url = resolveUrl(path, options.query);
    const logPath = url.pathname.startsWith(new URL(versionBase).pathname)
      ? url.pathname.slice(new URL(versionBase).pathname.length) || "/"
      : url.pathname;
    const idempotent = options.idempotent ?? method !== "POST";
    // One client-request-id for every attempt of this logical request, so Microsoft support
    // (and the emulator's request log) can tie the attempts together.
    const clientRequestId = randomUUID();
    let tokenRefreshed = false;
    let token = "";
    let renewed: string | undefined;
    for (let attempt = 1; ; attempt++) {
      // Asked on every attempt (a long Retry-After can outlive a token); the source caches.
      token = renewed ?? (await config.getAccessToken());
      renewed = undefined;
      const headers: Record<string, string> = {
        Authorization: `Bearer ${token}`,
        Accept: "application/json",
        "client-request-id": clientRequestId,
        "return-client-request-id": "true",
        ...options.headers,
      };
      if (options.body !== undefined) headers["Content-Type"] = "application/json";
      let response: Response;
      let outcome: AttemptOutcome;
      let failure: unknown;
      try {
        response = await doFetch(url, {
          method,
          headers,
          body: options.body === undefined ? undefined : JSON.stringify(options.body),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        failure = error;
        outcome = { kind: "network", sent: requestWasSent(error) };
        const decision = decideRetry({ attempt, idempotent, outcome, options: retry, random: config.random });
        if (decision.action === "retry") {
          await sleep(decision.delayMs);
          continue;
        }
        if (decision.action === "ambiguous")
          throw new AmbiguousWriteError({ method, path: logPath, clientRequestId, cause: failure });
        throw new GraphRequestError({
          status: 0,
          code: "NetworkError",
          message:
            failure instanceof Error
              ? `${failure.message}${failure.cause instanceof Error ? `: ${failure.cause.message}` : ""}`
              : "network failure",
          method,
          path: logPath,
          clientRequestId,
          cause: failure,
        });
      }
      if (response.ok) {
        const text = response.status === 204 ? "" : await response.text();
        let body: T;
        try {
          body = (text === "" ? undefined : JSON.parse(text)) as T;
        } catch {
          body = text as T; // not JSON (Graph answers some calls with text); the caller knows which
        }
        return {
          status: response.status,
          body,
          requestId: response.headers.get("request-id") ?? undefined,
          headers: response.headers,
        };
      }
      const error = await readGraphError(response, method, logPath);
      outcome = { kind: "status", status: response.status, retryAfterSeconds: error.retryAfterSeconds };
      const decision = decideRetry({
        attempt,
        idempotent,
        outcome,
        options: retry,
        tokenRefreshed,
        random: config.random,
      });
      if (decision.action === "retryWithFreshToken") {
        tokenRefreshed = true;
        renewed = await config.getAccessToken({ forceRefresh: true, refused: token });
        // A source that cannot renew (a fixed delegated token) would only be refused again.
        if (renewed === token) throw error;
        continue;
      }
      if (decision.action === "retry") {
        await sleep(decision.delayMs);
        continue;
      }
      if (decision.action === "ambiguous")
        throw new AmbiguousWriteError({ method, path: logPath, clientRequestId, cause: error, response: error });
      throw error;
    }
  }

  async function* pages<T>(
    path: string,
    options: Omit<GraphRequestOptions, "body"> = {},
  ): AsyncGenerator<T[], void, undefined> {
    let next: string | undefined = path;
    let query = options.query;
    while (next) {
      const page: GraphResponse<{ value?: T[]; "@odata.nextLink"?: string }> = await request("GET", next, {
        ...options,
        query,
      });
      yield page.body?.value ?? [];
      next = page.body?.["@odata.nextLink"];
      query = undefined; // the nextLink carries the query (and its skip token)
    }
  }

  return {
    baseUrl: base,
    request,
    get: async <T>(path: string, options?: Omit<GraphRequestOptions, "body">) =>
      (await request<T>("GET", path, options)).body,
    pages,
    sleep,
    random: config.random ?? Math.random,
  };
}
