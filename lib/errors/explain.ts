import "server-only";
import { lookupError, type CatalogueEntry, type ErrorAudience } from "./catalogue";
import { extractMicrosoftErrorFacts, type MicrosoftErrorFacts } from "./extract";
import { redactSecrets } from "./redact";

/** A Microsoft error explained for people, safe to show and to log (no tokens, no secrets). */
export interface ExplainedError {
  /** The most specific code seen: "AADSTS50020", "MailboxNotEnabledForRESTAPI", "HTTP 418", "unknown". */
  readonly code: string;
  /** Key of the catalogue entry used, when the error is known. */
  readonly catalogueKey?: string;
  readonly known: boolean;
  readonly title: string;
  readonly meaning: string;
  readonly fix: readonly string[];
  /** Wording for the invited user on public pages; generic when the entry has none. */
  readonly invitedUserMessage: string;
  readonly audience: ErrorAudience;
  readonly transient: boolean;
  readonly source: "identity" | "graph" | "mail" | "network" | "unknown";
  readonly httpStatus?: number;
  readonly aadstsCode?: string;
  readonly oauthError?: string;
  readonly graphCode?: string;
  readonly subError?: string;
  readonly requestId?: string;
  readonly clientRequestId?: string;
  readonly correlationId?: string;
  readonly traceId?: string;
  readonly timestamp?: string;
  readonly retryAfterSeconds?: number;
  /** Microsoft's own message, with anything secret-looking removed. */
  readonly message?: string;
}

const GRAPH_ALIASES: Record<string, string> = {
  badrequest: "Request_BadRequest",
  invalidrequest: "Request_BadRequest",
  errorinvalidrequest: "Request_BadRequest",
  forbidden: "Authorization_RequestDenied",
  accessdenied: "Authorization_RequestDenied",
  resourcenotfound: "Request_ResourceNotFound",
  itemnotfound: "Request_ResourceNotFound",
  activitylimitreached: "TooManyRequests",
  toomanyrequests: "TooManyRequests",
  request_throttled: "TooManyRequests",
  servicenotavailable: "ServiceUnavailable",
  serviceunavailable: "ServiceUnavailable",
  generalexception: "ServiceUnavailable",
  unknownerror: "ServiceUnavailable",
  internalservererror: "ServiceUnavailable",
  gatewaytimeout: "ServiceUnavailable",
  timeout: "ServiceUnavailable",
};

/** Graph reuses generic codes; the message tells the real cause for a few important ones. */
function refineGraphCode(code: string | undefined, message: string): string | undefined {
  if (
    /guest invitations? (are )?not allowed|invitations? (are )?(disabled|not allowed)|not allowed to invite|b2b.*disabled/i.test(
      message,
    )
  )
    return "B2BInvitationsDisabled";
  if (/suspicious activity|blocked.*(abuse|suspicious)/i.test(message)) return "B2BInvitationBlocked";
  const canonical = code ? (GRAPH_ALIASES[code.toLowerCase()] ?? code) : undefined;
  if (
    canonical === "Request_BadRequest" &&
    /invitedUserEmailAddress|email address|invited user email|SMTP address/i.test(message)
  )
    return "Request_BadRequest.InvitedUserEmailAddress";
  return canonical;
}

function chooseEntry(
  f: MicrosoftErrorFacts,
  message: string,
): { entry?: CatalogueEntry; source: ExplainedError["source"] } {
  if (f.aadstsCode) {
    const entry = lookupError(`AADSTS${f.aadstsCode}`);
    if (entry) return { entry, source: "identity" };
  }
  if (/5\.7\.708/.test(message)) return { entry: lookupError("550 5.7.708"), source: "mail" };
  const graph =
    refineGraphCode(f.graphCode, message) ??
    (f.innerGraphCode ? refineGraphCode(f.innerGraphCode, message) : undefined);
  if (graph) {
    const entry = lookupError(graph) ?? (f.innerGraphCode ? lookupError(f.innerGraphCode) : undefined);
    if (entry) return { entry, source: /^Error|Mailbox/.test(entry.key) ? "mail" : "graph" };
  } else if (/suspicious|not allowed/i.test(message)) {
    const refined = refineGraphCode(undefined, message);
    if (refined) return { entry: lookupError(refined), source: "graph" };
  }
  if (f.oauthError) {
    const entry = lookupError(f.oauthError);
    if (entry) return { entry, source: "identity" };
  }
  if (f.httpStatus === 429) return { entry: lookupError("TooManyRequests"), source: "graph" };
  if (f.httpStatus !== undefined && f.httpStatus >= 500)
    return { entry: lookupError("ServiceUnavailable"), source: "graph" };
  if (f.httpStatus === 403 && f.graphCode)
    return { entry: lookupError("Authorization_RequestDenied"), source: "graph" };
  if (f.networkCode || /fetch failed|socket hang up|network/i.test(message))
    return { entry: lookupError("NetworkError"), source: "network" };
  return { source: f.aadstsCode || f.oauthError ? "identity" : f.graphCode ? "graph" : "unknown" };
}

function displayCode(f: MicrosoftErrorFacts, entry?: CatalogueEntry): string {
  if (f.aadstsCode) return `AADSTS${f.aadstsCode}`;
  if (entry?.key === "550 5.7.708") return entry.key;
  return (
    f.graphCode ?? f.oauthError ?? f.networkCode ?? (f.httpStatus ? `HTTP ${f.httpStatus}` : (entry?.key ?? "unknown"))
  );
}

const GENERIC_USER_MESSAGE =
  "Something went wrong while talking to Microsoft. Please try again later; if it keeps happening, contact the person who invited you and quote the reference below.";

/**
 * Explains any Microsoft error (MSAL error, Graph error body or GraphRequestError, OAuth redirect
 * parameters, a raw message) through the catalogue. Unknown codes keep their code and ids so
 * staff can still search for them and quote them to Microsoft.
 */
export function explainMicrosoftError(input: unknown): ExplainedError {
  const f = extractMicrosoftErrorFacts(input);
  const message = f.message ? redactSecrets(f.message) : undefined;
  const { entry, source } = chooseEntry(f, message ?? "");
  const transient = entry ? entry.transient : f.httpStatus === 429 || (f.httpStatus ?? 0) >= 500;
  const ids = {
    httpStatus: f.httpStatus,
    aadstsCode: f.aadstsCode ? `AADSTS${f.aadstsCode}` : undefined,
    oauthError: f.oauthError,
    graphCode: f.graphCode,
    subError: f.subError,
    requestId: f.requestId,
    clientRequestId: f.clientRequestId,
    correlationId: f.correlationId,
    traceId: f.traceId,
    timestamp: f.timestamp,
    retryAfterSeconds: f.retryAfterSeconds,
    message,
  };
  const code = displayCode(f, entry);
  if (entry) {
    return {
      code,
      catalogueKey: entry.key,
      known: true,
      title: entry.title,
      meaning: entry.meaning,
      fix: entry.fix,
      invitedUserMessage: entry.invitedUserMessage ?? GENERIC_USER_MESSAGE,
      audience: entry.audience,
      transient,
      source,
      ...ids,
    };
  }
  return {
    code,
    known: false,
    title: `Microsoft returned an error Guestpass does not know yet (${code})`,
    meaning: message ?? "Microsoft gave no description for this error.",
    fix: [
      `Search Microsoft's documentation for "${code}".`,
      "When contacting Microsoft support, quote the request id / correlation id and the time below.",
    ],
    invitedUserMessage: GENERIC_USER_MESSAGE,
    audience: "staff",
    transient,
    source,
    ...ids,
  };
}

/**
 * Explains an error with a named catalogue entry where the context says what a generic code means
 * (e.g. ErrorAccessDenied on the app's own invitation mail), keeping Microsoft's code and ids.
 */
export function explainMicrosoftErrorAs(input: unknown, key: string): ExplainedError {
  const explained = explainMicrosoftError(input);
  const entry = lookupError(key);
  if (!entry) return explained;
  return {
    ...explained,
    code: explained.known || explained.code !== "unknown" ? explained.code : entry.key,
    catalogueKey: entry.key,
    known: true,
    title: entry.title,
    meaning: entry.meaning,
    fix: entry.fix,
    invitedUserMessage: entry.invitedUserMessage ?? explained.invitedUserMessage,
    audience: entry.audience,
    transient: entry.transient,
  };
}

/** "request-id …, correlation id …, 2026-11-24 13:00:00Z": the ids support asks for. */
export function errorReference(e: ExplainedError): string {
  const parts = [
    e.requestId && `request-id ${e.requestId}`,
    e.correlationId && `correlation id ${e.correlationId}`,
    e.traceId && `trace id ${e.traceId}`,
    e.timestamp,
  ].filter(Boolean);
  return parts.join(", ");
}
