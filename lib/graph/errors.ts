import "server-only";
import { explainMicrosoftError, type ExplainedError } from "@/lib/errors/explain";

/**
 * A request Graph answered with an error (or that never got an answer). Carries what support
 * needs (status, code, request-id, time) and what the retry logic needs (Retry-After); its
 * message is Microsoft's, already redacted by the catalogue. Show `explained` to people.
 */
export class GraphRequestError extends Error {
  override readonly name = "GraphRequestError";
  readonly status: number;
  readonly code: string;
  readonly requestId?: string;
  readonly clientRequestId?: string;
  readonly date?: string;
  /** Seconds Graph asked us to wait (429/503), when it said. */
  readonly retryAfterSeconds?: number;
  readonly method: string;
  /** Path relative to the Graph base URL, without query (no personal data in the query). */
  readonly path: string;
  /** The inner error code Graph sometimes adds (innerError.code). */
  readonly innerCode?: string;

  constructor(init: {
    status: number;
    code: string;
    message: string;
    method: string;
    path: string;
    requestId?: string;
    clientRequestId?: string;
    date?: string;
    retryAfterSeconds?: number;
    innerCode?: string;
    cause?: unknown;
  }) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.status = init.status;
    this.code = init.code;
    this.method = init.method;
    this.path = init.path;
    this.requestId = init.requestId;
    this.clientRequestId = init.clientRequestId;
    this.date = init.date;
    this.retryAfterSeconds = init.retryAfterSeconds;
    this.innerCode = init.innerCode;
  }

  get explained(): ExplainedError {
    return explainMicrosoftError(this);
  }

  /** 429, 5xx and network failures (status 0): trying again later may work. */
  get transient(): boolean {
    return this.status === 0 || this.status === 429 || this.status >= 500;
  }
}

/**
 * A write with side effects (invite, sendMail) whose outcome is unknown: the server failed with
 * 5xx, the connection dropped or timed out after the request went out. Graph may have done it.
 * Do not re-send blindly: reconcile first (e.g. look the invited user up), then decide.
 */
export class AmbiguousWriteError extends Error {
  override readonly name = "AmbiguousWriteError";
  readonly method: string;
  readonly path: string;
  readonly clientRequestId: string;
  /** The Graph answer, when there was one (5xx); undefined for a dropped connection/timeout. */
  readonly response?: GraphRequestError;

  constructor(init: {
    method: string;
    path: string;
    clientRequestId: string;
    cause: unknown;
    response?: GraphRequestError;
  }) {
    super(
      `${init.method} ${init.path} may or may not have taken effect (${init.response ? `HTTP ${init.response.status}` : "no answer"}); reconcile before retrying`,
      { cause: init.cause },
    );
    this.method = init.method;
    this.path = init.path;
    this.clientRequestId = init.clientRequestId;
    this.response = init.response;
  }

  get explained(): ExplainedError {
    return explainMicrosoftError(this.response ?? this.cause);
  }
}

export function isGraphRequestError(e: unknown): e is GraphRequestError {
  return e instanceof GraphRequestError;
}

export function isAmbiguousWriteError(e: unknown): e is AmbiguousWriteError {
  return e instanceof AmbiguousWriteError;
}
