// Generated requests for the public consent routes (e2e/security-fuzz.spec.ts): for every page and
// route handler under app/consent (found from the route tree), a path whose dynamic segments are
// generated, a query string an attacker or a broken mail client could produce, a method, a body and
// sometimes a forged binding cookie. Everything is built as raw request-line text, so malformed
// escapes (`%FF`, a cut `%E2%82`), NUL, encoded slashes and dot segments reach the server as written.
import fc from "fast-check";
import type { RawRequest } from "./raw-http";
import { listRoutes, type RouteEntry } from "./route-inventory";

export const CONSENT_ROUTES: RouteEntry[] = listRoutes().filter(
  (route) => route.pattern === "/consent" || route.pattern.startsWith("/consent/"),
);

const hex = (byte: number) => `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
/** Percent-escapes of arbitrary bytes: mostly invalid UTF-8, sometimes NUL, `/`, `?`, `#`. */
const escapedBytes = fc
  .array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 12 })
  .map((bytes) => bytes.map(hex).join(""));
const encoded = (text: fc.Arbitrary<string>) => text.map(encodeURIComponent);

const LITERAL_SEGMENTS = [
  "..",
  ".",
  "%2e%2e",
  "%2E",
  "%2F",
  "a%2Fb",
  "%5C..%5C",
  "%00",
  "a%00b",
  "%",
  "%zz",
  "%E2%82",
  "%FF",
  "%C0%AF",
  "%ED%A0%80",
  "con",
  "nul",
  "index",
  "_next",
  "callback",
  "start",
  "%3Csvg%20onload%3Dalert(1)%3E",
  "'%20OR%201%3D1%20--",
  "missing_state",
  "state_invalid",
  "state_replayed",
  "state_expired",
  "other_browser",
  "admin_approved",
  "error",
  "__proto__",
  "constructor",
  "A".repeat(3000),
  "%41".repeat(1500),
  "00000000-0000-7000-8000-000000000000",
];

/** One path segment, already in request-line form. */
export const pathSegment: fc.Arbitrary<string> = fc.oneof(
  encoded(fc.string({ maxLength: 80 })),
  encoded(fc.string({ unit: "grapheme", maxLength: 40 })),
  encoded(fc.string({ unit: "binary", maxLength: 20 })),
  fc.stringMatching(/^[A-Za-z0-9_-]{43}$/),
  fc.uuid(),
  escapedBytes,
  fc.constantFrom(...LITERAL_SEGMENTS),
  fc
    .array(
      fc.oneof(escapedBytes, encoded(fc.string({ maxLength: 10 })), fc.constantFrom(...LITERAL_SEGMENTS.slice(0, 20))),
      { minLength: 2, maxLength: 4 },
    )
    .map((parts) => parts.join("")),
);

const QUERY_KEYS = [
  "state",
  "code",
  "error",
  "error_description",
  "error_uri",
  "error_subcode",
  "session_state",
  "admin_consent",
  "tenant",
  "ref",
  "client_info",
  "id_token",
  "x",
];
const queryText = fc.oneof(
  encoded(fc.string({ maxLength: 60 })),
  encoded(fc.string({ unit: "grapheme", maxLength: 30 })),
  escapedBytes,
  fc.constantFrom(
    "",
    "start",
    "access_denied",
    "AADSTS65001",
    "AADSTS50105",
    "consent_required",
    "True",
    "%00",
    "%2F%2F",
    "a+b",
    "%",
    "=",
    "&",
    "x".repeat(5000),
  ),
);
/** Key/value pairs, duplicates allowed (`state=a&state=b`), keys sometimes generated too. */
const queryString = fc
  .array(
    fc.tuple(
      fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...QUERY_KEYS) }, { weight: 1, arbitrary: queryText }),
      queryText,
      fc.boolean(),
    ),
    { maxLength: 8 },
  )
  .map((pairs) => pairs.map(([key, value, bare]) => (bare && !value ? key : `${key}=${value}`)).join("&"));

const formValue = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.string({ unit: "grapheme", maxLength: 30 }),
  fc.stringMatching(/^[A-Za-z0-9_-]{43}$/),
  fc.uuid(),
  fc.constantFrom("", "\0", "../../etc/passwd", "x".repeat(20_000)),
);
const formFields = fc.array(
  fc.tuple(fc.constantFrom("link", "invitation", "x", "$ACTION_ID_x", "1_$ACTION_REF_1"), formValue),
  { maxLength: 4 },
);

type Body = Pick<RawRequest, "body"> & { contentType?: string };
const body: fc.Arbitrary<Body> = fc.oneof(
  formFields.map((fields) => ({
    contentType: "application/x-www-form-urlencoded",
    body: Buffer.from(new URLSearchParams(fields).toString()),
  })),
  formFields.map((fields) => {
    const boundary = "----guestpassfuzz";
    const parts = fields.map(
      ([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
    );
    return {
      contentType: `multipart/form-data; boundary=${boundary}`,
      body: Buffer.from(`${parts.join("")}--${boundary}--\r\n`),
    };
  }),
  fc
    .tuple(
      fc.constantFrom(
        "application/json",
        "multipart/form-data",
        "multipart/form-data; boundary=x",
        "application/x-www-form-urlencoded",
        "text/plain",
        "application/octet-stream",
        "text/x-component",
      ),
      fc.oneof(
        fc.uint8Array({ maxLength: 2000 }).map((bytes) => Buffer.from(bytes)),
        fc.json().map((json) => Buffer.from(json)),
        fc.constant(Buffer.alloc(200_000, 0x61)),
      ),
    )
    .map(([contentType, bytes]) => ({ contentType, body: bytes })),
  fc.constant({}),
);

const cookie = fc.option(
  fc
    .oneof(fc.stringMatching(/^[A-Za-z0-9_-]{43}$/), fc.uuid(), fc.stringMatching(/^[\x21-\x3a\x3c-\x7e]{0,200}$/))
    .map((value) => `guestpass_consent_binding=${value}`),
  { nil: undefined, freq: 3 },
);

export interface ConsentProbe extends RawRequest {
  /** The route pattern it was generated for, to count cases per route. */
  route: string;
}

function probeFor(route: RouteEntry, origin: string): fc.Arbitrary<ConsentProbe> {
  const names = [...route.pattern.matchAll(/\[(\w+)\]/g)].map((match) => match[1]!);
  const methods =
    route.kind === "route"
      ? fc.constantFrom("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")
      : fc.oneof(
          { weight: 6, arbitrary: fc.constant("GET") },
          { weight: 1, arbitrary: fc.constantFrom("HEAD", "POST", "PUT", "DELETE", "OPTIONS") },
        );
  return fc
    .record({
      segments: fc.tuple(...names.map(() => pathSegment)),
      trailingSlash: fc.oneof(
        { weight: 9, arbitrary: fc.constant(false) },
        { weight: 1, arbitrary: fc.constant(true) },
      ),
      query: fc.option(queryString, { nil: undefined, freq: 2 }),
      method: methods,
      body,
      cookie,
    })
    .map(
      ({
        segments,
        trailingSlash,
        query,
        method: generatedMethod,
        body: { body: bytes, contentType },
        cookie: binding,
      }) => {
        let index = 0;
        let method = generatedMethod;
        const path = route.pattern.replace(/\[\w+\]/g, () => segments[index++]!) + (trailingSlash ? "/" : "");
        // Dot segments that climb out of /consent reach the portal's start page, a static page that
        // answers anything but GET with Next's own 405: those leave the consent routes, so only GET.
        if (!new URL(path, origin).pathname.startsWith("/consent")) method = "GET";
        const headers: Record<string, string> = { Origin: origin };
        if (binding) headers.Cookie = binding;
        const sendsBody = method !== "GET" && method !== "HEAD" && method !== "OPTIONS" && bytes;
        if (sendsBody && contentType) headers["Content-Type"] = contentType;
        return {
          route: route.pattern,
          method,
          target: query === undefined ? path : `${path}?${query}`,
          headers,
          body: sendsBody ? bytes : undefined,
        };
      },
    );
}

/** Every consent route equally often; a request line stays under Node's 16 kB header limit (431 before the portal). */
export function consentProbe(origin: string): fc.Arbitrary<ConsentProbe> {
  return fc
    .oneof(...CONSENT_ROUTES.map((route) => probeFor(route, origin)))
    .filter((probe) => probe.target.length < 14_000);
}
