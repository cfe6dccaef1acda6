// Server actions only answer our own pages; security headers and cookie attributes are what the
// README promises. Runs against the production build (`next start`) of the e2e stack.
import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { listActionsInBuild } from "./security/route-inventory";
import { callAction } from "./security/server-actions";
import { cookieHeader, mintStaffCookie } from "./security/staff-sessions";
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

  for (const forged of [randomBytes(21).toString("hex"), "00", "not-hex-at-all", action.id.replace(/.$/, (c) => (c === "0" ? "1" : "0"))]) {
    const answer = await callAction({ ...base, actionId: forged });
    expect(answer.status, `action id ${forged}`).toBeGreaterThanOrEqual(400);
    expect(answer.status, `action id ${forged}`).toBeLessThan(500);
    expect(answer.ok).toBe(false);
    expect(answer.code).toBeNull();
    expect(answer.body).not.toMatch(STACK_TRACE);
  }
});

const HEADER_PATHS = ["/signin", "/no-access", "/invitations", "/api/auth/session", "/consent/problem/state_expired", "/icon.svg"];

test("security headers on pages, handlers and static files: CSP without unsafe-eval, no framing", async ({ baseURL }) => {
  for (const path of HEADER_PATHS) {
    const response = await fetch(new URL(path, baseURL), { redirect: "manual" });
    const h = (name: string) => response.headers.get(name) ?? "";
    const csp = h("content-security-policy");
    expect(csp, path).toContain("frame-ancestors 'none'");
    expect(csp, path).toContain("object-src 'none'");
    expect(csp, path).toContain("base-uri 'self'");
    expect(csp, path).toMatch(/default-src 'self'/);
    expect(csp, path).not.toContain("unsafe-eval");
    expect(h("x-frame-options"), path).toBe("DENY");
    expect(h("x-content-type-options"), path).toBe("nosniff");
    expect(h("referrer-policy"), path).toBe(path.startsWith("/consent/") ? "no-referrer" : "strict-origin-when-cross-origin");
    expect(h("permissions-policy"), path).toContain("camera=()");
    expect(h("strict-transport-security"), path).toMatch(/max-age=\d{7,}/);
    expect(h("x-powered-by"), path).toBe("");
  }
});

test("the pages work under the CSP: sign-in hydrates and no CSP violation is reported", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  await signInAs(page, STAFF.support);
  await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();
  await page.goto("/audit");
  await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();
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
