// Staff sign-in refuses every broken OAuth answer: real Chromium, real Auth.js route, the emulator's
// real pages and token endpoint. Each case signs in a fresh Contoso account that holds
// Guestpass.Admin, breaks one thing, and then requires: the browser ends on the sign-in page with
// the explanation for that failure (no framework text, no stack), no Auth.js session cookie, and
// nothing stored for that account (no User row, no successful staff.sign_in audit entry).
// The consent side of the same list is lib/consent/consent-rejections.int.test.ts.
import { randomUUID } from "node:crypto";
import { expect, test, type BrowserContext, type Page } from "@playwright/test";
import { decode, encode } from "next-auth/jwt";
import { DEMO_APP, DEMO_ROLES, DEMO_TENANTS } from "../emulator/state/default-scenario";
import type { IdTokenDefect } from "../emulator/state/types";
import { emulatorControl, stackEnv, withDatabase } from "./support/stack";
import { DEMO_PASSWORD } from "./support/staff";

const CALLBACK_PATH = "/api/auth/callback/microsoft-entra-id";
const CHECK_COOKIE = { state: "authjs.state", pkce: "authjs.pkce.code_verifier" } as const;
const SESSION_COOKIE = /authjs\.session-token/;

const EXPLAINED = {
  InvalidCheck: "started in another browser or tab",
  OAuthCallbackError: "Microsoft did not complete the sign-in",
  IdTokenRejected: "could not be verified",
} as const;
type RefusalCode = keyof typeof EXPLAINED;

interface StaffAccount {
  userId: string;
  upn: string;
}

/** A Contoso account with Guestpass.Admin that has never signed in to the portal. */
async function freshStaff(label: string): Promise<StaffAccount> {
  const control = emulatorControl();
  const upn = `oauth-${label}-${randomUUID().slice(0, 8)}@contoso.com`;
  const user = await control.createUser({
    tenantId: DEMO_TENANTS.contoso.id,
    userPrincipalName: upn,
    displayName: `OAuth check ${label}`,
  });
  await control.assignAppRole(DEMO_APP.clientId, {
    tenantId: DEMO_TENANTS.contoso.id,
    userId: user.id,
    roleValue: DEMO_ROLES.admin,
  });
  return { userId: user.id, upn };
}

async function signInAtMicrosoft(page: Page, account: StaffAccount): Promise<void> {
  await page.goto("/signin");
  await page.getByRole("button", { name: "Sign in with Microsoft" }).click();
  await page.locator("#username").fill(account.upn);
  await page.locator("#password").fill(DEMO_PASSWORD);
  await page.locator("#signin-submit").click();
}

/**
 * Signs in at Microsoft and holds Microsoft's redirect back before it reaches the portal: the
 * sign-in form's POST is made by the test (same cookie jar), and its 302 to the portal is kept.
 * (Chromium's request interception does not see the redirect's own request.)
 */
async function callbackHeldBack(page: Page, account: StaffAccount): Promise<URL> {
  let held: URL | undefined;
  const signInForm = /\/login\/[^/?]+$/;
  await page.route(signInForm, async (route) => {
    if (route.request().method() !== "POST") return route.continue();
    const answer = await route.fetch({ maxRedirects: 0 });
    const location = answer.headers()["location"];
    if (answer.status() === 302 && location?.includes(`${CALLBACK_PATH}?`)) {
      held = new URL(location);
      return route.fulfill({
        status: 200,
        contentType: "text/html",
        body: "<title>held</title><p>held back by the test</p>",
      });
    }
    return route.fulfill({ response: answer });
  });
  await signInAtMicrosoft(page, account);
  await expect.poll(() => held?.searchParams.has("code") ?? false).toBe(true);
  await page.unroute(signInForm);
  return held!;
}

/** Starts a sign-in in this browser (state, PKCE and nonce cookies set) and returns the state it sent. */
async function startSignIn(page: Page): Promise<string> {
  await page.goto("/signin");
  const authorize = page.waitForRequest(/\/oauth2\/v2\.0\/authorize\?/);
  await page.getByRole("button", { name: "Sign in with Microsoft" }).click();
  const state = new URL((await authorize).url()).searchParams.get("state")!;
  // Let Microsoft's page finish loading: a navigation the test starts next would otherwise be cut
  // short by this one ("navigation interrupted by another navigation").
  await page.waitForURL(/\/oauth2\/v2\.0\/authorize\?/, { waitUntil: "load" });
  return state;
}

/** The same cookie, as the server would see it once its 15 minutes are over (Auth.js's own sealing). */
async function ageCheckCookie(context: BrowserContext, name: string): Promise<void> {
  const secret = stackEnv().AUTH_SECRET!;
  const cookie = (await context.cookies()).find((candidate) => candidate.name === name);
  expect(cookie, `${name} cookie`).toBeDefined();
  const sealed = await decode({ token: cookie!.value, secret, salt: name });
  expect(sealed?.value).toBeTruthy();
  const aged = await encode({
    token: { value: sealed!.value, provider: sealed!.provider },
    secret,
    salt: name,
    maxAge: -60,
  });
  await context.addCookies([{ ...cookie!, value: aged }]);
}

async function identityErrorsSince(mark: number): Promise<string[]> {
  const log = await emulatorControl().requests({ sinceId: mark, area: "identity" });
  return log.map((entry) => entry.errorCode).filter((code): code is string => code !== null);
}

async function requestMark(): Promise<number> {
  const log = await emulatorControl().requests({ area: "identity" });
  return log.at(-1)?.id ?? 0;
}

interface Stored {
  users: number;
  signIns: number;
  lastSignInAt: string | null;
}

async function storedFor(account: StaffAccount): Promise<Stored> {
  return withDatabase(async (db) => {
    const users = await db.query<{ n: number; last: Date | null }>(
      `SELECT count(*)::int AS n, max("lastSignInAt") AS last FROM "User" WHERE "entraObjectId" = $1 OR lower(email) = lower($2)`,
      [account.userId, account.upn],
    );
    const signIns = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM "AuditLogEntry" WHERE action = 'staff.sign_in' AND outcome = 'Success' AND lower("actorEmail") = lower($1)`,
      [account.upn],
    );
    return {
      users: users.rows[0]!.n,
      signIns: signIns.rows[0]!.n,
      lastSignInAt: users.rows[0]!.last?.toISOString() ?? null,
    };
  });
}

async function sessionCookies(context: BrowserContext): Promise<string[]> {
  return (await context.cookies()).filter((cookie) => SESSION_COOKIE.test(cookie.name)).map((cookie) => cookie.name);
}

/** The sign-in page with this failure's explanation, no session, and (by default) nothing stored. */
async function expectRefused(
  page: Page,
  account: StaffAccount,
  code: RefusalCode,
  stored: Stored = { users: 0, signIns: 0, lastSignInAt: null },
) {
  await expect(page).toHaveURL(new RegExp(`/signin\\?error=${code}$`));
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Sign in" }).getByRole("alert")).toContainText(EXPLAINED[code]);
  const text = await page.locator("body").innerText();
  expect(text).not.toMatch(
    /Application error|Internal Server Error|not configured correctly|authjs\.dev|OAUTH_|AADSTS|invalid_grant|\bat \S+\.(js|ts):\d+/,
  );
  expect(await sessionCookies(page.context())).toEqual([]);
  expect(await storedFor(account)).toEqual(stored);
}

test.describe("staff sign-in: state and browser binding", () => {
  test("a tampered state is refused", async ({ page }) => {
    const account = await freshStaff("tampered");
    const held = await callbackHeldBack(page, account);
    const state = held.searchParams.get("state")!;
    const middle = Math.floor(state.length / 2);
    held.searchParams.set(
      "state",
      `${state.slice(0, middle)}${state[middle] === "A" ? "B" : "A"}${state.slice(middle + 1)}`,
    );
    await page.goto(held.toString());
    await expectRefused(page, account, "InvalidCheck");
  });

  test("Microsoft's answer opened in another browser (no state, PKCE or nonce cookie) is refused", async ({
    page,
    browser,
  }) => {
    const account = await freshStaff("other-browser");
    const held = await callbackHeldBack(page, account);
    const otherBrowser = await browser.newContext();
    const other = await otherBrowser.newPage();
    await other.goto(held.toString());
    await expectRefused(other, account, "InvalidCheck");
    await otherBrowser.close();
  });

  test("an expired state cookie is refused", async ({ page }) => {
    const account = await freshStaff("expired-state");
    const held = await callbackHeldBack(page, account);
    await ageCheckCookie(page.context(), CHECK_COOKIE.state);
    await page.goto(held.toString());
    await expectRefused(page, account, "InvalidCheck");
  });
});

test.describe("staff sign-in: PKCE and the authorization code", () => {
  test("an expired PKCE cookie is refused", async ({ page }) => {
    const account = await freshStaff("expired-pkce");
    const held = await callbackHeldBack(page, account);
    await ageCheckCookie(page.context(), CHECK_COOKIE.pkce);
    await page.goto(held.toString());
    await expectRefused(page, account, "InvalidCheck");
  });

  test("a missing PKCE verifier cookie is refused", async ({ page }) => {
    const account = await freshStaff("no-pkce");
    const held = await callbackHeldBack(page, account);
    await page.context().clearCookies({ name: CHECK_COOKIE.pkce });
    await page.goto(held.toString());
    await expectRefused(page, account, "InvalidCheck");
  });

  test("another sign-in's PKCE verifier is refused by Microsoft (AADSTS501481)", async ({ page, browser }) => {
    const account = await freshStaff("wrong-pkce");
    const held = await callbackHeldBack(page, account);
    const otherBrowser = await browser.newContext();
    await startSignIn(await otherBrowser.newPage());
    const foreignVerifier = (await otherBrowser.cookies()).find((cookie) => cookie.name === CHECK_COOKIE.pkce)!;
    await page.context().addCookies([foreignVerifier]);
    const mark = await requestMark();
    await page.goto(held.toString());
    await expectRefused(page, account, "OAuthCallbackError");
    expect(await identityErrorsSince(mark)).toEqual(["AADSTS501481"]);
    await otherBrowser.close();
  });

  test("an authorization code that was already used is refused (AADSTS54005), and the first sign-in's record is untouched", async ({
    page,
    browser,
  }) => {
    const account = await freshStaff("code-replay");
    const held = await callbackHeldBack(page, account);
    await page.goto(held.toString());
    await expect(page).toHaveURL(/\/invitations$/);
    const afterFirst = await storedFor(account);
    expect(afterFirst).toMatchObject({ users: 1, signIns: 1 });

    // Someone holding the used code starts a sign-in of their own and swaps the code into its answer.
    const attackerBrowser = await browser.newContext();
    const attacker = await attackerBrowser.newPage();
    const state = await startSignIn(attacker);
    const replayed = new URL(held);
    replayed.searchParams.set("state", state);
    const mark = await requestMark();
    await attacker.goto(replayed.toString());
    await expectRefused(attacker, account, "OAuthCallbackError", afterFirst);
    expect(await identityErrorsSince(mark)).toEqual(["AADSTS54005"]);
    await attackerBrowser.close();
  });
});

test.describe("staff sign-in: redirect URI", () => {
  /** Rewrites the redirect_uri of the portal's authorize request, as a tampered link would. */
  async function authorizeWithRedirect(page: Page, redirectUri: string): Promise<void> {
    const registered = `${stackEnv().APP_URL}${CALLBACK_PATH}`;
    await page.route(/\/oauth2\/v2\.0\/authorize\?/, async (route) => {
      const url = new URL(route.request().url());
      if (url.searchParams.get("redirect_uri") !== registered) return route.continue();
      url.searchParams.set("redirect_uri", redirectUri);
      return route.fulfill({ status: 302, headers: { location: url.toString() } });
    });
  }

  test("a redirect URI that differs between sign-in and code exchange is refused (AADSTS50011)", async ({ page }) => {
    const account = await freshStaff("redirect-exchange");
    const control = emulatorControl();
    const app = (await control.listApps()).find((candidate) => candidate.appId === DEMO_APP.clientId)!;
    // Registered, reaches the same Auth.js callback, but is not the URI Auth.js names at the token endpoint.
    const variant = `${stackEnv().APP_URL}${CALLBACK_PATH}?via=oauth-negatives`;
    await control.updateApp(app.appId, { redirectUris: [...app.redirectUris, variant] });
    try {
      await authorizeWithRedirect(page, variant);
      const mark = await requestMark();
      await signInAtMicrosoft(page, account);
      await expectRefused(page, account, "OAuthCallbackError");
      expect(await identityErrorsSince(mark)).toEqual(["AADSTS50011"]);
    } finally {
      await control.updateApp(app.appId, { redirectUris: app.redirectUris });
    }
  });

  test("an unregistered redirect URI never leaves Microsoft's error page (AADSTS50011)", async ({ page }) => {
    const account = await freshStaff("redirect-unregistered");
    await authorizeWithRedirect(page, `${stackEnv().APP_URL}${CALLBACK_PATH}/typo`);
    await page.goto("/signin");
    await page.getByRole("button", { name: "Sign in with Microsoft" }).click();
    await expect(page.locator('[data-error-code="AADSTS50011"]')).toBeVisible();
    expect(new URL(page.url()).origin).not.toBe(stackEnv().APP_URL);
    expect(await sessionCookies(page.context())).toEqual([]);
    expect(await storedFor(account)).toEqual({ users: 0, signIns: 0, lastSignInAt: null });
  });
});

test.describe("staff sign-in: the ID token", () => {
  const defects: Record<IdTokenDefect, string> = {
    issuer: "another tenant's issuer",
    tenant: "another tenant's tid (issuer right)",
    audience: "another app's client id as audience",
    nonce: "a nonce this browser never sent",
    signature: "an altered signature",
    unknownKey: "a key Microsoft does not publish",
  };
  for (const [defect, what] of Object.entries(defects) as [IdTokenDefect, string][]) {
    test(`an ID token with ${what} is refused`, async ({ page }) => {
      const account = await freshStaff(`idtoken-${defect}`);
      const control = emulatorControl();
      await control.spoilIdTokens({ appId: DEMO_APP.clientId, userId: account.userId, defect });
      await signInAtMicrosoft(page, account);
      await expectRefused(page, account, "IdTokenRejected");
      // The spoiled token was handed out (the rule is spent), so the refusal is the portal's.
      expect(await control.idTokenDefects()).toEqual([]);
    });
  }

  test("a fresh account set up the same way signs in when its token is honest (the cases above fail for their defect alone)", async ({
    page,
  }) => {
    const account = await freshStaff("honest");
    await signInAtMicrosoft(page, account);
    await expect(page).toHaveURL(/\/invitations$/);
    expect(await sessionCookies(page.context())).toEqual(["authjs.session-token"]);
    expect(await storedFor(account)).toMatchObject({ users: 1, signIns: 1 });
  });
});
