// The public consent routes (no sign-in, reachable by anyone who guesses the paths) under generated
// requests over HTTP against `next start`: every page and route handler under app/consent, found from
// the route tree, with generated path segments, query strings, methods, bodies and binding cookies
// (e2e/security/consent-fuzz-inputs.ts). No 5xx, no stack trace, no framework default text, and every
// answer is a page with a heading, an explained 405, or a redirect to the portal that ends in such a
// page. GUESTPASS_FUZZ_RUNS sets the number of generated requests (default 10,000); they go out in
// batches of BATCH at once (one fast-check run per batch, so a failure still shrinks and replays).
import fc from "fast-check";
import { expect, test } from "@playwright/test";
// The same fixed fast-check seed as the vitest projects (random under GUESTPASS_SOAK=1).
import "../test/fast-check-seed";
import { CONSENT_ROUTES, consentProbe, type ConsentProbe } from "./security/consent-fuzz-inputs";
import { rawHttpClient, type RawRequest, type RawResponse } from "./security/raw-http";

const RUNS = Number(process.env.GUESTPASS_FUZZ_RUNS ?? 10_000);
const BATCH = 8;
test.setTimeout(Math.max(120_000, RUNS * 60));

const STACK_TRACE = /\n\s+at [\w.<>$]+ \(|node_modules\/|webpack-internal|\.ts:\d+:\d+|\.js:\d+:\d+/;
// Next's and React's own words when nothing of ours answered.
const FRAMEWORK_TEXT =
  /Internal Server Error|Application error: a (server|client)-side exception|This page could not be found|missing required error components|Bad Request|Method Not Allowed/;

type Verdict = { problem: string } | { follow: string } | "explained";

/** Whether one response explains itself (or points, on this origin, to something that might). */
function judge(method: string, { status, headers, body }: RawResponse, origin: string): Verdict {
  if (status >= 500) return { problem: `server error ${status}` };
  if (STACK_TRACE.test(body)) return { problem: `stack trace: ${STACK_TRACE.exec(body)![0]}` };
  // A browser sends OPTIONS only as a CORS preflight and never shows the answer to anyone: Next's 204
  // (handlers), 400 (dynamic pages) or 405 (static ones) is fine once it is no 5xx and no stack trace.
  if (method === "OPTIONS" && status < 300) return "explained";
  if (method === "OPTIONS" && status >= 400 && body.length < 100) return "explained";
  if (FRAMEWORK_TEXT.test(body)) return { problem: `framework text: ${FRAMEWORK_TEXT.exec(body)![0]}` };
  if (status >= 300 && status < 400) {
    if (!headers.location) return { problem: `${status} without Location` };
    const target = new URL(headers.location, origin);
    return target.origin === origin
      ? { follow: `${target.pathname}${target.search}` }
      : { problem: `redirect off the portal to ${target.origin}` };
  }
  if (method === "HEAD") return body === "" ? "explained" : { problem: "HEAD answered with a body" };
  if (status === 204) return { problem: `204 to ${method}` };
  const type = String(headers["content-type"] ?? "");
  // Unknown ids get app/not-found.tsx; for a dynamic page that calls notFound() while streaming, its
  // text arrives in the RSC payload rather than as an <h1>.
  if (type.startsWith("text/html"))
    return /<h1[\s>]/.test(body) || (status === 404 && body.includes("This page does not exist"))
      ? "explained"
      : { problem: `${status} page without a heading` };
  if (status === 405 && type.startsWith("text/plain") && /^[A-Z][^<>{}]{40,}\.$/.test(body) && headers.allow)
    return "explained";
  return { problem: `${status} ${type || "(no type)"} that explains nothing: ${JSON.stringify(body.slice(0, 80))}` };
}

test(`public consent routes: ${RUNS} generated requests, no server error, every answer explained`, async ({
  baseURL,
}) => {
  expect(CONSENT_ROUTES.length, "consent routes found in app/").toBeGreaterThanOrEqual(6);
  const origin = new URL(baseURL!).origin;
  // From 500 loopback addresses, so the per-client rate limit of /consent (60 at once, then 1/s)
  // leaves the routes themselves to be fuzzed; e2e/security-rate-limit.spec.ts tests the limit.
  const client = rawHttpClient(origin, BATCH, { sourceAddresses: 500 });
  const statuses = new Map<number, number>();
  const perRoute = new Map<string, { requests: number; ms: number }>();
  // Redirect targets repeat (/consent/problem/state_invalid…): each distinct one is fetched and judged once.
  const targets = new Map<string, Promise<string | null>>();

  async function landing(target: string, request: RawRequest, hops: number): Promise<string | null> {
    if (hops > 4) return `more than 4 redirects, last to ${target}`;
    const response = await client.send({
      method: "GET",
      target,
      headers: request.headers?.Cookie ? { Cookie: request.headers.Cookie } : {},
    });
    const verdict = judge("GET", response, origin);
    if (verdict === "explained") return null;
    if ("problem" in verdict) return `→ GET ${target.slice(0, 300)}: ${verdict.problem}`;
    return landing(verdict.follow, request, hops + 1);
  }

  async function check(probe: ConsentProbe): Promise<string | null> {
    const started = performance.now();
    const response = await client.send(probe);
    const timing = perRoute.get(probe.route) ?? { requests: 0, ms: 0 };
    perRoute.set(probe.route, { requests: timing.requests + 1, ms: timing.ms + performance.now() - started });
    statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
    const verdict = judge(probe.method, response, origin);
    const what = `${probe.method} ${probe.target.slice(0, 300)}${probe.body ? ` (${probe.headers?.["Content-Type"]}, ${probe.body.length} bytes)` : ""}`;
    if (verdict === "explained") return null;
    if ("problem" in verdict) return `${what}: ${verdict.problem}`;
    const key = `${verdict.follow}\0${probe.headers?.Cookie ?? ""}`;
    if (!targets.has(key)) targets.set(key, landing(verdict.follow, probe, 1));
    const problem = await targets.get(key)!;
    return problem && `${what} ${problem}`;
  }

  const started = performance.now();
  try {
    await fc.assert(
      fc.asyncProperty(fc.array(consentProbe(origin), { minLength: BATCH, maxLength: BATCH }), async (batch) => {
        const problems = (await Promise.all(batch.map(check))).filter(Boolean);
        expect(problems).toEqual([]);
      }),
      {
        numRuns: Math.ceil(RUNS / BATCH),
        seed: process.env.GUESTPASS_FUZZ_SEED ? Number(process.env.GUESTPASS_FUZZ_SEED) : undefined,
      },
    );
  } finally {
    client.close();
  }
  const seconds = (performance.now() - started) / 1000;
  const sent = [...statuses.values()].reduce((a, b) => a + b, 0);
  const summary = [...statuses.entries()]
    .sort(([a], [b]) => a - b)
    .map(([status, n]) => `${status}×${n}`)
    .join(" ");
  const routes = [...perRoute.entries()]
    .map(([route, { requests, ms }]) => `${route} ${requests} (${(ms / requests).toFixed(1)} ms)`)
    .join(", ");
  const line = `${sent} requests in ${seconds.toFixed(0)} s (${(sent / seconds).toFixed(0)}/s, ${BATCH} at once) → ${summary}; ${targets.size} redirect targets followed; per route: ${routes}`;
  console.log(`[fuzz] consent routes: ${line}`);
  test.info().annotations.push({ type: "fuzz", description: line });
});

// Regressions the fuzz found, pinned so they stay fixed whatever the generator happens to draw.
test("broken percent-escapes and unused methods on consent addresses are explained, not a bare 500 or 405", async ({
  baseURL,
}) => {
  const origin = new URL(baseURL!).origin;
  const client = rawHttpClient(origin, 1);
  try {
    for (const route of CONSENT_ROUTES.filter((r) => r.pattern.includes("["))) {
      for (const broken of ["%FF", "%E2%82", "%ED%A0%80", "ok%C0%AF"]) {
        const target = route.pattern.replace(/\[\w+\]/g, broken);
        const response = await client.send({ method: "GET", target });
        expect(response.status, target).toBe(404);
        expect(judge("GET", response, origin), target).toBe("explained");
      }
    }
    const typedIn = await client.send({ method: "GET", target: "/consent/start" });
    expect(typedIn.status).toBe(303);
    expect(typedIn.headers.location).toMatch(/\/consent\/problem\/missing_state$/);
    for (const [method, target] of [
      ["PUT", "/consent/start"],
      ["DELETE", "/consent/start"],
      ["POST", "/consent/callback"],
      ["PATCH", "/consent/callback"],
    ]) {
      const response = await client.send({ method: method!, target: target!, headers: { Origin: origin } });
      expect(response.status, `${method} ${target}`).toBe(405);
      expect(judge(method!, response, origin), `${method} ${target}`).toBe("explained");
      // Without Origin (not from a Guestpass page) proxy.ts refuses it first, with a page in words.
      const foreign = await client.send({ method: method!, target: target! });
      expect(foreign.status, `${method} ${target} without Origin`).toBe(403);
      expect(judge(method!, foreign, origin), `${method} ${target} without Origin`).toBe("explained");
    }
  } finally {
    client.close();
  }
});
