// Unmodified MSAL Node driving the authorization-code flow with PKCE against the emulator: the
// consent flow Guestpass runs for invited users and the staff sign-in, then silent refresh.
import { ConfidentialClientApplication, CryptoProvider, type AuthorizationUrlRequest } from "@azure/msal-node";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEMO_APP, DEMO_PASSWORD, DEMO_TENANTS, DEMO_USERS } from "../state/default-scenario";
import type { RunningEmulator } from "../server";
import { startTestEmulator } from "../test-support";
import { ScriptedBrowser, type ScriptedOutcome } from "./scripted-browser";

let emulator: RunningEmulator;
const APP_URL = "http://localhost:3999";
const CONSENT_REDIRECT = `${APP_URL}/consent/callback`;
const STAFF_REDIRECT = `${APP_URL}/api/auth/callback/microsoft-entra-id`;
const CONSENT_SCOPES = ["openid", "offline_access", "email", "profile", "User.Read", "Mail.Send"];

beforeAll(async () => {
  emulator = await startTestEmulator({ appUrl: APP_URL });
});
afterAll(async () => {
  await emulator?.close();
});
beforeEach(() => emulator.reset());

function msal(authority = "common") {
  return new ConfidentialClientApplication({
    auth: {
      clientId: DEMO_APP.clientId,
      clientSecret: DEMO_APP.clientSecret,
      authority: `${emulator.authorityHost}/${authority}`,
      knownAuthorities: [new URL(emulator.authorityHost).host],
    },
  });
}

async function signIn(
  client: ConfidentialClientApplication,
  user: { upn: string },
  request: Partial<AuthorizationUrlRequest> = {},
  browser = new ScriptedBrowser(emulator.url),
) {
  const { verifier, challenge } = await new CryptoProvider().generatePkceCodes();
  const url = await client.getAuthCodeUrl({
    scopes: CONSENT_SCOPES,
    redirectUri: CONSENT_REDIRECT,
    codeChallenge: challenge,
    codeChallengeMethod: "S256",
    state: "state-123",
    loginHint: user.upn,
    ...request,
  });
  const outcome = await browser.run(url, { username: user.upn, password: DEMO_PASSWORD });
  return { outcome, verifier, browser };
}

function codeFrom(outcome: ScriptedOutcome): string {
  if (outcome.kind !== "redirect") throw new Error(`expected a redirect, got ${JSON.stringify(outcome).slice(0, 400)}`);
  const code = outcome.url.searchParams.get("code");
  if (!code) throw new Error(`no code in ${outcome.url}`);
  return code;
}

describe("authorization code with PKCE (MSAL Node)", () => {
  it("lets a Fabrikam user consent via common and issues tokens from their home tenant", async () => {
    const client = msal();
    const { outcome, verifier } = await signIn(client, DEMO_USERS.alice);
    expect(outcome.kind === "redirect" && outcome.url.searchParams.get("state")).toBe("state-123");
    const result = await client.acquireTokenByCode({
      code: codeFrom(outcome),
      scopes: CONSENT_SCOPES,
      redirectUri: CONSENT_REDIRECT,
      codeVerifier: verifier,
    });
    expect(result.tenantId).toBe(DEMO_TENANTS.fabrikam.id);
    expect(result.account?.username).toBe(DEMO_USERS.alice.upn);
    expect(result.idTokenClaims).toMatchObject({
      tid: DEMO_TENANTS.fabrikam.id,
      oid: DEMO_USERS.alice.id,
      aud: DEMO_APP.clientId,
      email: DEMO_USERS.alice.upn,
    });
    const access = decodeJwt(result.accessToken);
    expect(access).toMatchObject({
      aud: "https://graph.microsoft.com",
      tid: DEMO_TENANTS.fabrikam.id,
      idtyp: "user",
      oid: DEMO_USERS.alice.id,
    });
    expect(String(access.scp).split(" ")).toEqual(expect.arrayContaining(["Mail.Send", "User.Read"]));
    // offline_access was granted, so MSAL holds a refresh token
    expect(Object.keys(JSON.parse(client.getTokenCache().serialize()).RefreshToken)).toHaveLength(1);
    expect(
      emulator.state.consentedScopes(DEMO_APP.clientId, DEMO_TENANTS.fabrikam.id, DEMO_USERS.alice.id).has("Mail.Send"),
    ).toBe(true);

    // silent refresh with forceRefresh: a new access token through the refresh_token grant
    const refreshed = await client.acquireTokenSilent({
      account: result.account!,
      scopes: ["User.Read", "Mail.Send"],
      forceRefresh: true,
    });
    expect(refreshed.accessToken).not.toBe(result.accessToken);
    expect(
      emulator.state.requestLog.filter((entry) => entry.url.includes("/oauth2/v2.0/token")).length,
    ).toBeGreaterThanOrEqual(2);
  });

  it("refreshes silently when the cached access token is about to expire", async () => {
    emulator.state.lifetimes.accessTokenSeconds = 120; // inside MSAL's 5-minute renewal window
    const client = msal();
    const { outcome, verifier } = await signIn(client, DEMO_USERS.alice);
    const first = await client.acquireTokenByCode({
      code: codeFrom(outcome),
      scopes: CONSENT_SCOPES,
      redirectUri: CONSENT_REDIRECT,
      codeVerifier: verifier,
    });
    const second = await client.acquireTokenSilent({ account: first.account!, scopes: ["Mail.Send"] });
    expect(second.accessToken).not.toBe(first.accessToken);
    emulator.state.lifetimes.accessTokenSeconds = 3900;
    const third = await client.acquireTokenSilent({ account: first.account!, scopes: ["Mail.Send"] });
    const fourth = await client.acquireTokenSilent({ account: first.account!, scopes: ["Mail.Send"] });
    expect(fourth.accessToken).toBe(third.accessToken); // cached, not refreshed
  });

  it("signs staff in at the company tenant with their app role in the ID token and no consent prompt", async () => {
    const client = msal(DEMO_TENANTS.contoso.id);
    const { outcome, verifier } = await signIn(client, DEMO_USERS.admin, {
      scopes: ["openid", "profile", "email"],
      redirectUri: STAFF_REDIRECT,
      nonce: "n-1",
    });
    const result = await client.acquireTokenByCode({
      code: codeFrom(outcome),
      scopes: ["openid", "profile", "email"],
      redirectUri: STAFF_REDIRECT,
      codeVerifier: verifier,
      nonce: "n-1",
    });
    expect(result.idTokenClaims).toMatchObject({
      roles: ["Guestpass.Admin"],
      tid: DEMO_TENANTS.contoso.id,
      nonce: "n-1",
      iss: `${emulator.authorityHost}/${DEMO_TENANTS.contoso.id}/v2.0`,
    });
  });

  it("rejects an account of another tenant at a tenant-specific authority with AADSTS50020", async () => {
    const { outcome } = await signIn(msal(DEMO_TENANTS.contoso.id), DEMO_USERS.alice);
    expect(outcome).toMatchObject({ kind: "errorPage", code: "AADSTS50020" });
    expect(outcome.kind === "errorPage" && outcome.html).toContain(
      `User account &#39;${DEMO_USERS.alice.upn}&#39; from identity provider &#39;https://sts.windows.net/${DEMO_TENANTS.fabrikam.id}/&#39; does not exist in tenant &#39;Contoso&#39;`,
    );
  });
});
