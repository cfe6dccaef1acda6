import "server-only";
/**
 * Pulls the facts out of whatever shape a Microsoft error arrives in: an MSAL error
 * (errorCode / subError / errorMessage with "AADSTS…: … Trace ID: … Correlation ID: …"),
 * a token-endpoint or redirect error (error / error_description / error_codes), a Graph error
 * body ({ error: { code, message, innerError } }), a GraphError from the SDK, our own
 * GraphRequestError (status, code, requestId, retryAfterSeconds), a network error, or a string.
 * Duck-typed on purpose so lib/errors depends on nothing else.
 */
export interface MicrosoftErrorFacts {
  aadstsCode?: string;
  oauthError?: string;
  graphCode?: string;
  innerGraphCode?: string;
  subError?: string;
  networkCode?: string;
  httpStatus?: number;
  requestId?: string;
  clientRequestId?: string;
  correlationId?: string;
  traceId?: string;
  timestamp?: string;
  retryAfterSeconds?: number;
  message?: string;
}

type Bag = Record<string, unknown>;

const isBag = (x: unknown): x is Bag => typeof x === "object" && x !== null;
const str = (x: unknown): string | undefined => (typeof x === "string" && x.trim() !== "" ? x : undefined);
const num = (x: unknown): number | undefined => {
  const n = typeof x === "string" ? Number(x) : x;
  return typeof n === "number" && Number.isFinite(n) ? n : undefined;
};

const NETWORK_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "ETIMEDOUT",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EPIPE",
  "ECONNABORTED",
  "UND_ERR_SOCKET",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
  "ABORT_ERR",
  "TimeoutError",
  "AbortError",
]);

function fromMessageText(text: string, facts: MicrosoftErrorFacts): void {
  facts.aadstsCode ??= /AADSTS(\d{4,8})/.exec(text)?.[1];
  facts.traceId ??= /Trace ID:\s*([0-9a-fA-F-]{36})/.exec(text)?.[1];
  facts.correlationId ??= /Correlation ID:\s*([0-9a-fA-F-]{36})/.exec(text)?.[1];
  facts.timestamp ??= /Timestamp:\s*(\d{4}-\d{2}-\d{2}[ T][\d:.]+Z?)/.exec(text)?.[1];
}

function fromGraphErrorObject(err: Bag, facts: MicrosoftErrorFacts): void {
  facts.graphCode ??= str(err.code);
  facts.message ??= str(err.message);
  const inner = isBag(err.innerError) ? err.innerError : isBag(err.innererror) ? err.innererror : undefined;
  if (inner) {
    facts.requestId ??= str(inner["request-id"]) ?? str(inner.requestId);
    facts.clientRequestId ??= str(inner["client-request-id"]);
    facts.timestamp ??= str(inner.date);
    facts.innerGraphCode ??= str(inner.code);
  }
}

function fromBag(x: Bag, facts: MicrosoftErrorFacts, depth: number): void {
  // MSAL (AuthError / ServerError / InteractionRequiredAuthError)
  const errorCode = str(x.errorCode);
  if (errorCode) {
    if (/^AADSTS\d+$/.test(errorCode)) facts.aadstsCode ??= errorCode.slice(6);
    else facts.oauthError ??= errorCode;
  }
  facts.subError ??= str(x.subError) ?? str(x.suberror);
  facts.message ??= str(x.errorMessage);
  const errorNo = str(x.errorNo) ?? (typeof x.errorNo === "number" ? String(x.errorNo) : undefined);
  if (errorNo && /^\d+$/.test(errorNo)) facts.aadstsCode ??= errorNo;

  // Token endpoint / redirect: { error: "invalid_grant", error_description, error_codes: [50020] }
  if (typeof x.error === "string") facts.oauthError ??= str(x.error);
  else if (isBag(x.error)) fromGraphErrorObject(x.error, facts); // Graph body { error: {...} }
  facts.message ??= str(x.error_description);
  const codes = x.error_codes;
  if (Array.isArray(codes) && codes.length > 0) facts.aadstsCode ??= String(codes[0]);
  facts.traceId ??= str(x.trace_id) ?? str(x.traceId);
  facts.correlationId ??= str(x.correlation_id) ?? str(x.correlationId);
  facts.timestamp ??= str(x.timestamp) ?? (x.date instanceof Date ? x.date.toISOString() : undefined);

  // GraphError (SDK) / GraphRequestError (ours) / already unwrapped Graph error object
  facts.httpStatus ??= num(x.statusCode) ?? num(x.status) ?? num(x.httpStatus);
  facts.requestId ??= str(x.requestId) ?? str(x["request-id"]);
  facts.retryAfterSeconds ??= num(x.retryAfterSeconds);
  const code = str(x.code);
  if (code && NETWORK_CODES.has(code)) facts.networkCode ??= code;
  else if (code && !errorCode) fromGraphErrorObject(x, facts);
  if (typeof x.body === "string" && x.body.startsWith("{")) {
    try {
      const parsed: unknown = JSON.parse(x.body);
      if (isBag(parsed)) fromBag(parsed, facts, depth + 1);
    } catch {
      /* not JSON: ignore */
    }
  }
  if (typeof x.name === "string" && NETWORK_CODES.has(x.name)) facts.networkCode ??= x.name;
  facts.message ??= str(x.message);
  if (depth < 3 && isBag(x.cause)) fromBag(x.cause, facts, depth + 1);
}

export function extractMicrosoftErrorFacts(input: unknown): MicrosoftErrorFacts {
  const facts: MicrosoftErrorFacts = {};
  if (typeof input === "string") facts.message = input;
  else if (input instanceof URLSearchParams) fromBag(Object.fromEntries(input.entries()), facts, 0);
  else if (isBag(input)) fromBag(input, facts, 0);
  if (facts.message) fromMessageText(facts.message, facts);
  if (facts.aadstsCode?.startsWith("AADSTS")) facts.aadstsCode = facts.aadstsCode.slice(6);
  return facts;
}
