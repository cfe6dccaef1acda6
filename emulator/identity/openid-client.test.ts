// A certified OpenID Connect relying party (openid-client v6) against the emulator: discovery,
// code flow with PKCE, ID-token validation (issuer, signature, audience, nonce). For `common`, the
// issuer is the template `{authorityHost}/{tenantid}/v2.0`; it is validated as Microsoft documents
// (replace {tenantid} with the token's tid) with jose and the published JWKS.
import * as oidc from "openid-client";
import { createRemoteJWKSet, decodeJwt, jwtVerify } from "jose";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEMO_APP, DEMO_PASSWORD, DEMO_TENANTS, DEMO_USERS } from "../state/default-scenario";
import type { RunningEmulator } from "../server";
import { startTestEmulator } from "../test-support";
import { APP_URL, CONSENT_REDIRECT } from "./flow-helpers.test-support";
import { ScriptedBrowser } from "./scripted-browser";

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startTestEmulator({ appUrl: APP_URL });
});
afterAll(async () => {
  await emulator?.close();
});
beforeEach(() => emulator.reset());

async function authorize(config: oidc.Configuration, user: { upn: string }) {
  const verifier = oidc.randomPKCECodeVerifier();
  const nonce = oidc.randomNonce();
  const state = oidc.randomState();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: CONSENT_REDIRECT,
    scope: "openid profile email offline_access User.Read",
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    nonce,
    state,
  });
  const outcome = await new ScriptedBrowser(emulator.url).run(url.toString(), {
    username: user.upn,
    password: DEMO_PASSWORD,
  });
  if (outcome.kind !== "redirect") throw new Error(`expected a redirect, got ${outcome.kind}`);
  return { callback: outcome.url, verifier, nonce, state };
}

describe("openid-client (certified RP)", () => {
  it("discovers a tenant authority and completes the code flow with a validated ID token", async () => {
    const issuer = `${emulator.authorityHost}/${DEMO_TENANTS.contoso.id}/v2.0`;
    const config = await oidc.discovery(new URL(issuer), DEMO_APP.clientId, DEMO_APP.clientSecret);
    expect(config.serverMetadata().issuer).toBe(issuer);
    const { callback, verifier, nonce, state } = await authorize(config, DEMO_USERS.support);
    const tokens = await oidc.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: verifier,
      expectedNonce: nonce,
      expectedState: state,
    });
    expect(tokens.claims()).toMatchObject({
      iss: issuer,
      aud: DEMO_APP.clientId,
      tid: DEMO_TENANTS.contoso.id,
      roles: ["Guestpass.Support"],
      nonce,
    });
    expect(tokens.refresh_token).toBeTruthy();
    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
    expect(refreshed.access_token).not.toBe(tokens.access_token);
    const userinfo = await oidc.fetchUserInfo(config, tokens.access_token, tokens.claims()!.sub);
    expect(userinfo.email).toBe(DEMO_USERS.support.upn);
  });

  it("rejects a callback whose nonce differs", async () => {
    const config = await oidc.discovery(
      new URL(`${emulator.authorityHost}/${DEMO_TENANTS.contoso.id}/v2.0`),
      DEMO_APP.clientId,
      DEMO_APP.clientSecret,
    );
    const { callback, verifier, state } = await authorize(config, DEMO_USERS.support);
    await expect(
      oidc.authorizationCodeGrant(config, callback, {
        pkceCodeVerifier: verifier,
        expectedNonce: "another",
        expectedState: state,
      }),
    ).rejects.toMatchObject({ cause: { message: expect.stringContaining('"nonce" claim') } });
  });

  it("validates a common-authority ID token against the {tenantid} issuer template and the JWKS", async () => {
    const discovery = (await (
      await fetch(`${emulator.authorityHost}/common/v2.0/.well-known/openid-configuration`)
    ).json()) as { issuer: string; jwks_uri: string; authorization_endpoint: string; token_endpoint: string };
    expect(discovery.issuer).toBe(`${emulator.authorityHost}/{tenantid}/v2.0`);
    // openid-client applies Entra's issuer template only for login.microsoftonline.com, so the
    // flow is driven with it against explicit metadata and the ID token validated as Microsoft documents.
    const config = new oidc.Configuration(
      { ...discovery, issuer: discovery.issuer },
      DEMO_APP.clientId,
      DEMO_APP.clientSecret,
    );
    const { callback, verifier } = await authorize(config, DEMO_USERS.alice);
    const answer = await fetch(discovery.token_endpoint, {
      method: "POST",
      body: new URLSearchParams({
        grant_type: "authorization_code",
        code: callback.searchParams.get("code")!,
        redirect_uri: CONSENT_REDIRECT,
        code_verifier: verifier,
        client_id: DEMO_APP.clientId,
        client_secret: DEMO_APP.clientSecret,
      }),
    });
    const { id_token: idToken } = (await answer.json()) as { id_token: string };
    const tid = String(decodeJwt(idToken).tid);
    expect(tid).toBe(DEMO_TENANTS.fabrikam.id);
    const jwks = createRemoteJWKSet(new URL(discovery.jwks_uri));
    const { payload } = await jwtVerify(idToken, jwks, {
      issuer: discovery.issuer.replace("{tenantid}", tid),
      audience: DEMO_APP.clientId,
    });
    expect(payload.preferred_username).toBe(DEMO_USERS.alice.upn);
    await expect(
      jwtVerify(idToken, jwks, { issuer: discovery.issuer.replace("{tenantid}", DEMO_TENANTS.contoso.id) }),
    ).rejects.toThrow(/iss/);
  });
});
