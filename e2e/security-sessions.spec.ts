// Staff sessions end: a cookie that Auth.js kept renewing stops working after sign-out, after the
// person's app role assignment is deleted in Entra, and 12 hours after sign-in; Auth.js's URLs do
// not follow a forged X-Forwarded-Host. Real Chromium signs in through the emulator's pages; the
// old cookie is then replayed by hand, as an attacker who copied it would.
import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { DEMO_APP, DEMO_ROLES, DEMO_TENANTS } from "../emulator/state/default-scenario";
import { listActionsInBuild } from "./security/route-inventory";
import { callAction } from "./security/server-actions";
import { cookieHeader, mintStaffCookie, SESSION_COOKIE } from "./security/staff-sessions";
import { emulatorControl, queueJob, withDatabase } from "./support/stack";
import { DEMO_PASSWORD } from "./support/staff";
import { shot } from "./support/screenshots";

/** A Contoso account holding one Guestpass role, signed in through the emulator's pages. */
async function signInFreshStaff(page: Page, role: string) {
  const control = emulatorControl();
  const upn = `session-${randomUUID().slice(0, 8)}@contoso.com`;
  const user = await control.createUser({
    tenantId: DEMO_TENANTS.contoso.id,
    userPrincipalName: upn,
    displayName: `Session check ${upn.slice(8, 16)}`,
  });
  const assignment = await control.assignAppRole(DEMO_APP.clientId, {
    tenantId: DEMO_TENANTS.contoso.id,
    userId: user.id,
    roleValue: role,
  });
  await page.goto("/signin?callbackUrl=%2Finvitations");
  await page.getByRole("button", { name: "Sign in with Microsoft" }).click();
  await page.locator("#username").fill(upn);
  await page.locator("#password").fill(DEMO_PASSWORD);
  await page.locator("#signin-submit").click();
  await expect(page).toHaveURL(/\/invitations$/);
  const cookie = (await page.context().cookies()).find((c) => c.name === SESSION_COOKIE);
  if (!cookie) throw new Error("no session cookie after sign-in");
  return { upn, user, assignment, cookie: `${cookie.name}=${cookie.value}` };
}

/** GET /api/auth/session with the cookie, as anyone holding it can: Auth.js answers with a renewed cookie. */
async function renew(baseURL: string, cookie: string): Promise<string> {
  const response = await fetch(new URL("/api/auth/session", baseURL), { headers: { Cookie: cookie } });
  const renewed = /authjs\.session-token=([^;]+)/.exec(response.headers.get("set-cookie") ?? "")?.[1];
  return renewed ? `${SESSION_COOKIE}=${renewed}` : cookie;
}

/** Where a page request with this cookie ends up (first redirect), or "page" when it renders. */
async function landing(baseURL: string, pathname: string, cookie: string): Promise<string> {
  const response = await fetch(new URL(pathname, baseURL), { headers: { Cookie: cookie }, redirect: "manual" });
  const body = response.status === 200 ? await response.text() : "";
  const location =
    response.headers.get("location") ?? /http-equiv="refresh" content="\d+;url=([^"]+)"/.exec(body)?.[1] ?? "";
  if (location) return new URL(location, baseURL).pathname;
  return response.status === 200 ? "page" : String(response.status);
}

function checkNowAction() {
  const action = listActionsInBuild().find((a) => a.key.endsWith("invitations/actions.ts#checkInvitationNow"));
  if (!action) throw new Error("checkInvitationNow is not in the build");
  return action;
}

test("a renewed admin cookie is refused after sign-out", async ({ page, baseURL }) => {
  const admin = await signInFreshStaff(page, DEMO_ROLES.admin);
  const renewed = await renew(baseURL!, admin.cookie);
  expect(await landing(baseURL!, "/settings", renewed)).toBe("page");

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin/);
  for (const cookie of [admin.cookie, renewed]) {
    expect(await landing(baseURL!, "/settings", cookie)).toBe("/signin");
    const answer = await callAction({
      url: new URL("/invitations", baseURL).toString(),
      actionId: checkNowAction().id,
      args: [randomUUID()],
      cookie,
    });
    expect(answer.code).toBe("unauthenticated");
  }
  // Renewing the ended session again gives nothing either.
  expect(await landing(baseURL!, "/invitations", await renew(baseURL!, renewed))).toBe("/signin");
});

test("a renewed support cookie loses its role once the assignment is deleted in Entra", async ({ page, baseURL }) => {
  const support = await signInFreshStaff(page, DEMO_ROLES.support);
  const renewed = await renew(baseURL!, support.cookie);
  const action = {
    url: new URL("/invitations", baseURL).toString(),
    actionId: checkNowAction().id,
    args: [randomUUID()],
  };
  // With the role: the action runs (and finds no such invitation).
  expect((await callAction({ ...action, cookie: renewed })).code).toBe("not_found");

  await emulatorControl().removeAppRoleAssignment(support.assignment.id);
  const removedAt = Date.now();
  // The access check runs every minute; queued now instead of waiting for its slot.
  await queueJob("staff.checkAccess");
  await expect
    .poll(
      () =>
        withDatabase(
          async (db) =>
            (await db.query<{ roles: string[] }>(`SELECT roles FROM "User" WHERE email = $1`, [support.upn])).rows[0]
              ?.roles,
        ),
      { timeout: 30_000 },
    )
    .toEqual([]);
  console.info(
    `[figure] role removal to refusal: ${((Date.now() - removedAt) / 1000).toFixed(1)} s with the check queued at once (scheduled: every 60 s)`,
  );

  for (const cookie of [support.cookie, renewed, await renew(baseURL!, renewed)]) {
    expect(await landing(baseURL!, "/invitations", cookie)).toBe("/no-access");
    expect((await callAction({ ...action, cookie })).code).toBe("forbidden");
  }
  await page.goto("/invitations");
  await expect(page).toHaveURL(/\/no-access/);
  await page.setViewportSize({ width: 1280, height: 800 });
  await shot(page, "session-role-removed-1280");
  await page.setViewportSize({ width: 390, height: 844 });
  await shot(page, "session-role-removed-390");
});

test("a session ends 12 hours after sign-in, however often its cookie was renewed", async ({ baseURL }) => {
  // The record's end passed (the cookie still claims more time): refused by the server.
  const recordEnded = await mintStaffCookie("admin", {
    recordEndsAt: new Date(Date.now() - 1_000),
    cookieEndsAt: new Date(Date.now() + 3_600_000),
  });
  expect(await landing(baseURL!, "/settings", cookieHeader(recordEnded)!)).toBe("/signin");
  // The cookie's own end passed: Auth.js drops it instead of renewing it.
  const cookieEnded = await mintStaffCookie("admin", { cookieEndsAt: new Date(Date.now() - 1_000) });
  const response = await fetch(new URL("/api/auth/session", baseURL), {
    headers: { Cookie: cookieHeader(cookieEnded)! },
  });
  expect(await response.json()).toBeNull();
  expect(response.headers.get("set-cookie") ?? "").toMatch(/authjs\.session-token=;/);
  // A live one, for contrast.
  expect(await landing(baseURL!, "/settings", cookieHeader(await mintStaffCookie("admin"))!)).toBe("page");
});

test("Auth.js builds its URLs from APP_URL, not from a forged X-Forwarded-Host", async ({ baseURL }) => {
  const response = await fetch(new URL("/api/auth/providers", baseURL), {
    headers: { "X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "https" },
  });
  const providers = (await response.json()) as Record<string, { signinUrl: string; callbackUrl: string }>;
  const entra = providers["microsoft-entra-id"]!;
  expect(new URL(entra.callbackUrl).origin).toBe(new URL(baseURL!).origin);
  expect(new URL(entra.signinUrl).origin).toBe(new URL(baseURL!).origin);
});
