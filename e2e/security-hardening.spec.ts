// Server actions only answer our own pages; security headers and cookie attributes are what the
// README promises. Runs against the production build (`next start`) of the e2e stack.
import { randomBytes, randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { concreteUrl, listActionsInBuild } from "./security/route-inventory";
import { callAction } from "./security/server-actions";
import { cookieHeader, mintStaffCookie } from "./security/staff-sessions";
import { withDatabase } from "./support/stack";
import { signInAs, STAFF } from "./support/staff";

const STACK_TRACE = /\n\s+at [\w.<>]+ \(|node_modules\//;

function lookupInvitee() {
  const action = listActionsInBuild().find((a) => a.key.endsWith("invitations/actions.ts#lookupInvitee"));
  if (!action) throw new Error("lookupInvitee is not in the build");
  return action;
}

test("a server action with a foreign Origin, no Origin or a forged id is refused", async ({ baseURL }) => {
  const admin = cookieHeader(await mintStaffCookie("admin"));
  const action = lookupInvitee();
  const url = new URL("/invitations/new", baseURL).toString();
  const base = { url, actionId: action.id, args: ["not-an-address"], cookie: admin };

  // Control: the same call from our own page reaches the action (which then validates the input).
  const own = await callAction(base);
  expect(own.code).toBe("invalid");

  for (const origin of ["https://evil.example", "null", `http://localhost.evil.example`, null]) {
    const answer = await callAction({ ...base, origin });
    expect(answer.status, `Origin ${origin}`).toBe(403);
    expect(answer.code, `Origin ${origin}`).toBeNull();
    expect(answer.body).not.toMatch(STACK_TRACE);
  }

  for (const forged of [
    randomBytes(21).toString("hex"),
    "00",
    "not-hex-at-all",
    action.id.replace(/.$/, (c) => (c === "0" ? "1" : "0")),
  ]) {
    const answer = await callAction({ ...base, actionId: forged });
    expect(answer.status, `action id ${forged}`).toBeGreaterThanOrEqual(400);
    expect(answer.status, `action id ${forged}`).toBeLessThan(500);
    expect(answer.ok).toBe(false);
    expect(answer.code).toBeNull();
    expect(answer.body).not.toMatch(STACK_TRACE);
  }
});

function issueConsentLinkAction() {
  const action = listActionsInBuild().find((a) => a.key.endsWith("consent-actions.ts#issueConsentLink"));
  if (!action) throw new Error("issueConsentLink is not in the build");
  return action;
}

/**
 * The multipart body a browser without JavaScript posts for a server action with bound arguments:
 * `$ACTION_REF_1` names the prefix whose fields carry the action id and the arguments. No Next-Action
 * header, so a check that looks only for that header never sees it.
 */
function noScriptActionForm(actionId: string, args: unknown[]): FormData {
  const form = new FormData();
  form.append("$ACTION_REF_1", "");
  form.append("$ACTION_1:0", JSON.stringify({ id: actionId, bound: "$@1" }));
  form.append("$ACTION_1:1", JSON.stringify(args));
  return form;
}

const auditEntriesFor = (targetId: string) =>
  withDatabase(
    async (db) =>
      (
        await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM "AuditLogEntry" WHERE "targetId" = $1`, [
          targetId,
        ])
      ).rows[0]!.n,
  );

test("a no-JS form action without Origin, or from another site, is refused with a page in words and does nothing", async ({
  baseURL,
}) => {
  const support = cookieHeader(await mintStaffCookie("support"));
  const action = issueConsentLinkAction();
  const url = new URL(concreteUrl(action.pages[0] ?? "/invitations/[id]"), baseURL).toString();
  const post = (invitationId: string, origin: string | null, extra: Record<string, string> = {}) =>
    fetch(url, {
      method: "POST",
      headers: { Cookie: support!, ...(origin === null ? {} : { Origin: origin }), ...extra },
      body: noScriptActionForm(action.id, [invitationId]),
      redirect: "manual",
    });

  // Control: the same form from our own page reaches the action, which audits it (no such invitation).
  const control = randomUUID();
  expect((await post(control, new URL(baseURL!).origin)).status).toBeLessThan(500);
  expect(await auditEntriesFor(control)).toBe(1);

  const target = randomUUID();
  for (const [origin, extra] of [
    [null, {}],
    ["https://evil.example", {}],
    ["null", {}],
    [null, { "Sec-Fetch-Site": "cross-site" }],
    ["https://evil.example", { "X-Forwarded-Host": "evil.example" }],
  ] as const) {
    const response = await post(target, origin, extra);
    const body = await response.text();
    const what = `Origin ${origin} ${JSON.stringify(extra)}`;
    expect(response.status, what).toBe(403);
    expect(response.headers.get("content-type"), what).toMatch(/^text\/html/);
    expect(body, what).toMatch(/<h1[^>]*>This form did not come from Guestpass<\/h1>/);
    expect(body, what).toContain("nothing was done");
    expect(body, what).not.toMatch(STACK_TRACE);
  }
  expect(await auditEntriesFor(target), "the refused forms reached no action").toBe(0);
});

/** Answers the proxy sees (pages, the not-found page, handlers, a redirect): a nonce CSP. */
const PROXIED_PATHS = [
  "/signin",
  "/no-access",
  "/invitations",
  "/no-such-page",
  "/consent/%FF",
  "/api/auth/session",
  "/consent/problem/state_expired",
];
/** Files the proxy's matcher skips: next.config.ts's policy, no inline script at all. */
const STATIC_PATHS = ["/icon.svg"];

function directive(csp: string, name: string): string[] {
  return (
    csp
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .find(([n]) => n === name)
      ?.slice(1) ?? []
  );
}

/** The one nonce the response's script-src allows. */
function nonceOf(csp: string): string {
  const nonces = directive(csp, "script-src").flatMap((source) => /^'nonce-(.+)'$/.exec(source)?.[1] ?? []);
  expect(nonces, csp).toHaveLength(1);
  return nonces[0] as string;
}

/** A built JavaScript file the sign-in page loads (static, skipped by the proxy). */
async function someStaticScript(baseURL: string | undefined): Promise<string> {
  const html = await (await fetch(new URL("/signin", baseURL))).text();
  const src = /<script[^>]+src="(\/_next\/static\/[^"]+\.js)"/.exec(html)?.[1];
  if (!src) throw new Error("no /_next/static script on /signin");
  return src;
}

test("security headers on pages, not-found, handlers and static files: nonce CSP, no unsafe-inline/eval for scripts, no framing", async ({
  baseURL,
}) => {
  const staticPaths = [...STATIC_PATHS, await someStaticScript(baseURL)];
  for (const path of [...PROXIED_PATHS, ...staticPaths]) {
    const response = await fetch(new URL(path, baseURL), { redirect: "manual" });
    const h = (name: string) => response.headers.get(name) ?? "";
    const csp = h("content-security-policy");
    // One policy, not two (fetch joins repeated headers with ", "): next.config.ts's copy must not
    // be sent beside the proxy's.
    expect(csp, path).not.toContain(",");
    expect(csp, path).toContain("frame-ancestors 'none'");
    expect(csp, path).toContain("object-src 'none'");
    expect(csp, path).toContain("base-uri 'self'");
    expect(csp, path).toMatch(/default-src 'self'/);
    expect(csp, path).not.toContain("unsafe-eval");
    const scripts = directive(csp, "script-src");
    expect(scripts, path).not.toContain("'unsafe-inline'");
    if (staticPaths.includes(path)) {
      expect(scripts, path).toEqual(["'self'"]);
    } else {
      expect(scripts, path).toEqual(["'self'", `'nonce-${nonceOf(csp)}'`, "'strict-dynamic'"]);
    }
    expect(h("x-frame-options"), path).toBe("DENY");
    expect(h("x-content-type-options"), path).toBe("nosniff");
    expect(h("referrer-policy"), path).toBe(
      path.startsWith("/consent/") ? "no-referrer" : "strict-origin-when-cross-origin",
    );
    expect(h("permissions-policy"), path).toContain("camera=()");
    expect(h("strict-transport-security"), path).toMatch(/max-age=\d{7,}/);
    expect(h("cross-origin-opener-policy"), path).toBe("same-origin");
    expect(h("x-powered-by"), path).toBe("");
  }
});

test("a fresh nonce per request, and every script in a served page carries that response's nonce", async ({
  baseURL,
}) => {
  const admin = cookieHeader(await mintStaffCookie("admin"));
  const seen = new Set<string>();
  // Prerendered pages would repeat a build-time nonce (or none): / and the not-found page were static.
  for (const path of [
    "/signin",
    "/signin",
    "/no-such-page",
    "/no-such-page",
    "/consent/problem/state_expired",
    "/invitations",
    "/invitations/new",
    "/",
  ]) {
    const response = await fetch(new URL(path, baseURL), { headers: { cookie: admin ?? "" }, redirect: "manual" });
    const html = await response.text();
    const nonce = nonceOf(response.headers.get("content-security-policy") ?? "");
    expect(seen.has(nonce), `${path}: nonce repeated`).toBe(false);
    seen.add(nonce);
    if (path === "/") {
      expect(response.status).toBe(307); // redirect("/invitations"): no HTML to check
      continue;
    }
    const tags = [...html.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1] ?? "");
    const inline = tags.filter((attributes) => !/\bsrc=/.test(attributes));
    // The App Router streams its payload inline: a page without inline scripts would prove nothing.
    expect(inline.length, path).toBeGreaterThan(0);
    for (const attributes of tags) expect(attributes, `${path}: <script${attributes}>`).toContain(`nonce="${nonce}"`);
  }
});

test("an inline script or handler without the nonce, injected into a served page, is blocked", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  // What an HTML injection would produce: markup in the page's HTML, parsed with it, under the page's
  // own CSP header (kept as the server sent it). The control script carries the response's nonce.
  await page.route("**/signin", async (route) => {
    const response = await route.fetch();
    const nonce = nonceOf(response.headers()["content-security-policy"] ?? "");
    const injected =
      `<script>window.__injectedScript = true</script>` +
      // An image that cannot load: its error handler is due whatever the browser makes of the source
      // (Chromium 150 no longer loads "data:,", so an onload handler alone was never due).
      `<img src="/no-such-image.png" alt="" onerror="window.__injectedHandler = true" onload="window.__injectedHandler = true">` +
      `<script nonce="${nonce}">window.__nonceScript = true</script>`;
    await route.fulfill({ response, body: (await response.text()).replace("<body>", `<body>${injected}`) });
  });
  await page.addInitScript(() => {
    const w = window as unknown as { __violations: string[] };
    w.__violations = [];
    document.addEventListener("securitypolicyviolation", (event) => w.__violations.push(event.effectiveDirective));
  });
  await page.goto("/signin");
  const flags = () =>
    page.evaluate(() => {
      const w = window as unknown as Record<string, unknown>;
      return {
        script: w.__injectedScript ?? false,
        handler: w.__injectedHandler ?? false,
        nonce: w.__nonceScript ?? false,
        next: typeof w.next === "object",
      };
    });
  // The page still hydrates (Next's own scripts run); the nonced control ran; the injections did not.
  await expect.poll(async () => (await flags()).next).toBe(true);
  // Each kind is reported; how many reports a blocked element gives varies between Chromium versions
  // (156 reports the image's blocked handlers twice, 150 once).
  await expect
    .poll(() =>
      page.evaluate(() => [...new Set((window as unknown as { __violations: string[] }).__violations)].sort()),
    )
    .toEqual(["script-src-attr", "script-src-elem"]);
  expect(await flags()).toEqual({ script: false, handler: false, nonce: true, next: true });
  expect(violations.length).toBeGreaterThanOrEqual(2);
  // The sign-in page works regardless: its button still takes the visitor to the identity platform.
  await expect(page.getByRole("button", { name: "Sign in with Microsoft" })).toBeEnabled();
});

test("the pages work under the CSP: they hydrate, the live list connects, and no CSP violation is reported", async ({
  page,
}) => {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  await signInAs(page, STAFF.admin);
  await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();
  // The live list's EventSource starts from client code: it only connects if the scripts ran.
  await expect(page.getByTestId("live-indicator")).toHaveAttribute("data-live-state", "live");
  await page.goto("/audit");
  await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();
  // The invite form's look-up runs as the address is typed (a server action called from the client).
  await page.goto("/invitations/new");
  await page.getByLabel("Email address").fill(`csp-${Date.now()}@fabrikam.com`);
  await page.getByLabel("Display name (optional)").focus();
  await expect(page.getByTestId("lookup-notice")).toContainText("Not in your tenant yet");
  // Submitting gives a toast (the toast library injects its own <style>: style-src 'unsafe-inline').
  await page.getByLabel("Send Microsoft's invitation mail").uncheck();
  await page.getByRole("button", { name: "Invite", exact: true }).click();
  await expect(page).toHaveURL(/\/invitations\/[0-9a-f-]{36}$/);
  await expect(page.locator("[data-sonner-toast]").first()).toBeVisible();
  // The not-found page (prerendered before the nonce) hydrates: its link navigates on the client.
  await page.goto("/no-such-page");
  await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));
  await page.getByRole("link", { name: "Go to the start page" }).click();
  await expect(page).toHaveURL(/\/invitations$/);
  expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
  expect(violations).toEqual([]);

  // Staff session cookie: HttpOnly and SameSite=Lax (Secure comes with https: Auth.js then uses
  // the __Secure- name and the Secure attribute).
  const cookies = await page.context().cookies();
  const session = cookies.find((c) => c.name === "authjs.session-token");
  expect(session).toBeDefined();
  expect(session).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/" });
  for (const cookie of cookies.filter((c) => c.name.startsWith("authjs.") && !c.name.includes("callback-url"))) {
    expect(cookie.httpOnly, cookie.name).toBe(true);
    expect(cookie.sameSite, cookie.name).toBe("Lax");
  }
  // Scripts cannot read the session.
  expect(await page.evaluate(() => document.cookie)).not.toContain("authjs.session-token");
});
