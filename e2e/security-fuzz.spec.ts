// The public consent routes (no sign-in, reachable by anyone who guesses the paths) under generated
// requests over HTTP against `next start`: no 5xx, no stack trace, and every answer is a page that
// says something (a heading) or a redirect to one. GUESTPASS_FUZZ_RUNS sets the number (default
// 2,000 in npm test; the README's figure is from a 10,000 run).
import fc from "fast-check";
import { expect, test } from "@playwright/test";

const RUNS = Number(process.env.GUESTPASS_FUZZ_RUNS ?? 2_000);
test.setTimeout(Math.max(120_000, RUNS * 150));

const STACK_TRACE = /\n\s+at [\w.<>$]+ \(|node_modules\/|webpack-internal|\.ts:\d+:\d+/;
const segment = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.stringMatching(/^[A-Za-z0-9_-]{43}$/),
  fc.uuid(),
  fc.constantFrom("..", "%2e%2e", "%00", "%", "%zz", "con", "<svg onload=alert(1)>", "' OR 1=1 --", "state_expired", "other_browser", "A".repeat(3000)),
);
const queryValue = fc.oneof(fc.string({ maxLength: 60 }), fc.constantFrom("", "access_denied", "AADSTS65001", "consent_required", "x".repeat(5000)));
const query = fc.dictionary(fc.constantFrom("state", "code", "error", "error_description", "error_uri", "session_state", "admin_consent", "tenant", "error_subcode", "x"), queryValue, { maxKeys: 6 });

type Probe = { method: "GET" | "POST"; path: string; form?: Record<string, string> };
const probe: fc.Arbitrary<Probe> = fc.oneof(
  segment.map((s) => ({ method: "GET" as const, path: `/consent/${encodeURIComponent(s)}` })),
  segment.map((s) => ({ method: "GET" as const, path: `/consent/i/${encodeURIComponent(s)}` })),
  segment.map((s) => ({ method: "GET" as const, path: `/consent/problem/${encodeURIComponent(s)}` })),
  segment.map((s) => ({ method: "GET" as const, path: `/consent/done/${encodeURIComponent(s)}` })),
  query.map((q) => ({ method: "GET" as const, path: `/consent/callback?${new URLSearchParams(q)}` })),
  fc.dictionary(fc.constantFrom("link", "invitation", "x"), fc.oneof(segment, queryValue), { maxKeys: 3 }).map((form) => ({ method: "POST" as const, path: "/consent/start", form })),
);

test(`public consent routes: ${RUNS} generated requests, no server error, every answer explained`, async ({ baseURL }) => {
  const statuses = new Map<number, number>();
  await fc.assert(
    fc.asyncProperty(probe, async ({ method, path, form }) => {
      const url = new URL(path, baseURL);
      const response = await fetch(url, {
        method,
        redirect: "manual",
        headers: { Origin: url.origin },
        body: form ? new URLSearchParams(form) : undefined,
      });
      const body = await response.text();
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      expect(response.status, `${method} ${path}`).toBeLessThan(500);
      expect(body, `${method} ${path}`).not.toMatch(STACK_TRACE);
      if (response.status >= 300 && response.status < 400) {
        expect(response.headers.get("location"), `${method} ${path}`).toBeTruthy();
      } else {
        // A page that says what happened (not a blank or raw error). Unknown ids get app/not-found.tsx (for a
        // dynamic page that calls notFound() while streaming, its text arrives in the RSC payload).
        expect(body, `${method} ${path}: ${response.status}`).toMatch(response.status === 404 ? /<h1[\s>]|This page does not exist/ : /<h1[\s>]/);
      }
    }),
    { numRuns: RUNS },
  );
  const summary = [...statuses.entries()].sort(([a], [b]) => a - b).map(([status, n]) => `${status}×${n}`).join(" ");
  console.log(`[fuzz] consent routes: ${RUNS} requests → ${summary}`);
});
