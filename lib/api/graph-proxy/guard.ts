import "server-only";
// What the Graph proxy forwards: only paths under the user's own /me, only methods and paths the
// grant's consented scopes cover, only segments that cannot climb out of the path (no "." or "..",
// no encoded slash or backslash, no scheme, nothing empty). Anything else is refused before a
// token is even taken.
export interface ProxyRule {
  method: "GET" | "POST";
  pattern: RegExp;
  /** Any one of these delegated scopes covers the call. */
  scopes: readonly string[];
}

export const PROXY_RULES: readonly ProxyRule[] = [
  { method: "GET", pattern: /^me$/, scopes: ["User.Read", "User.ReadWrite", "User.Read.All"] },
  {
    method: "GET",
    pattern: /^me\/(messages|mailfolders)(\/|$)/,
    scopes: ["Mail.ReadBasic", "Mail.Read", "Mail.ReadWrite"],
  },
  { method: "POST", pattern: /^me\/sendmail$/, scopes: ["Mail.Send"] },
  {
    method: "GET",
    pattern: /^me\/(events|calendar|calendars|calendarview)(\/|$)/,
    scopes: ["Calendars.Read", "Calendars.ReadWrite"],
  },
  { method: "POST", pattern: /^me\/events$/, scopes: ["Calendars.ReadWrite"] },
  { method: "GET", pattern: /^me\/contacts(\/|$)/, scopes: ["Contacts.Read", "Contacts.ReadWrite"] },
];

const SEGMENT = /^[A-Za-z0-9_~@$=(),'+!*-][A-Za-z0-9._~@$=(),'+!*-]*$/;

export type ProxyVerdict =
  { allowed: true; path: string } | { allowed: false; reason: "path" | "not_allowed" | "scope"; detail: string };

/** What follows /graph/ in the request's path, as sent (the whole path if it has no /graph/). */
export function graphPathAsSent(requestPath: string): string {
  const at = requestPath.toLowerCase().indexOf("/graph/");
  return at < 0 ? requestPath : requestPath.slice(at + "/graph/".length);
}

/**
 * `segments` are Next's decoded catch-all; `rawPath` is the request's path as sent (to see encoded
 * separators, which decoding would hide).
 */
export function checkProxyCall(
  method: string,
  segments: readonly string[],
  rawPath: string,
  grantScopes: readonly string[],
): ProxyVerdict {
  const raw = graphPathAsSent(rawPath);
  if (/%2f|%5c|%2e|%25|%00|\\|\/\/|\/\.\.?(\/|$)|^\.\.?(\/|$)/i.test(raw))
    return {
      allowed: false,
      reason: "path",
      detail: "The Graph path may not contain encoded separators, dot segments or empty segments.",
    };
  if (
    segments.length === 0 ||
    segments.some((segment) => segment === "." || segment === ".." || !SEGMENT.test(segment))
  ) {
    return {
      allowed: false,
      reason: "path",
      detail: "The Graph path must be plain segments under me/, e.g. me/messages.",
    };
  }
  const path = segments.join("/");
  const lower = path.toLowerCase();
  const rule = PROXY_RULES.find((candidate) => candidate.method === method && candidate.pattern.test(lower));
  if (!rule)
    return {
      allowed: false,
      reason: "not_allowed",
      detail: `${method} ${path} is not something the proxy forwards (only the user's own mail, calendar, contacts and profile).`,
    };
  const granted = new Set(grantScopes.map((scope) => scope.toLowerCase()));
  if (!rule.scopes.some((scope) => granted.has(scope.toLowerCase()))) {
    return {
      allowed: false,
      reason: "scope",
      detail: `${method} ${path} needs one of ${rule.scopes.join(", ")}; the user consented to ${grantScopes.join(", ") || "none"}.`,
    };
  }
  return { allowed: true, path: `/${path}` };
}
