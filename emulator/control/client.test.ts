// The control API through its typed client, over HTTPS with the bearer token.
import { ConfidentialClientApplication } from "@azure/msal-node";
import { decodeJwt } from "jose";
import { describe, expect, it } from "vitest";
import { DEMO_APP, DEMO_PASSWORD, DEMO_TENANTS, DEMO_USERS } from "../state/default-scenario";
import { controlledTestEmulator } from "../test-support";
import { EmulatorControl, EmulatorControlError } from "./client";
import { authorizeUrl, pkce, postToken, redeemCode } from "../identity/flow-helpers.test-support";
import { ScriptedBrowser } from "../identity/scripted-browser";

const t = controlledTestEmulator({ appUrl: "http://localhost:3999" });

describe("EmulatorControl", () => {
  it("refuses calls without the control token", async () => {
    await expect(new EmulatorControl(t.emulator.controlUrl, "wrong").health()).rejects.toMatchObject({ status: 401 });
    expect(await t.control.health()).toEqual({ ok: true });
  });

  it("creates a tenant, a user and an app role assignment that shows in the ID token", async () => {
    const tenant = await t.control.createTenant({ displayName: "Adatum", domains: ["adatum.com"] });
    const user = await t.control.createUser({
      tenantId: DEMO_TENANTS.contoso.id,
      userPrincipalName: "nina@contoso.com",
      displayName: "Nina",
    });
    expect(user.password).toBe(DEMO_PASSWORD);
    await t.control.assignAppRole(DEMO_APP.clientId, {
      tenantId: DEMO_TENANTS.contoso.id,
      userId: user.id,
      roleValue: "Guestpass.Support",
    });
    const { verifier, challenge } = pkce();
    const outcome = await new ScriptedBrowser(t.emulator.url).run(
      authorizeUrl(t.emulator, DEMO_TENANTS.contoso.id, {
        scope: "openid profile email",
        code_challenge: challenge,
        code_challenge_method: "S256",
      }),
      { username: "nina@contoso.com", password: DEMO_PASSWORD },
    );
    if (outcome.kind !== "redirect") throw new Error(outcome.kind);
    const tokens = await redeemCode(
      t.emulator,
      DEMO_TENANTS.contoso.id,
      outcome.url.searchParams.get("code")!,
      verifier,
      { scope: "openid profile email" },
    );
    expect(decodeJwt(tokens.body.id_token!).roles).toEqual(["Guestpass.Support"]);
    expect((await t.control.listTenants()).map((t) => t.id)).toContain(tenant.id);
    await expect(
      t.control.assignAppRole(DEMO_APP.clientId, {
        tenantId: DEMO_TENANTS.contoso.id,
        userId: user.id,
        roleValue: "Nope",
      }),
    ).rejects.toBeInstanceOf(EmulatorControlError);
  });

  it("withdraws application permissions: the next app token has no roles", async () => {
    await t.control.setApplicationPermissions(DEMO_APP.clientId, DEMO_TENANTS.contoso.id, []);
    const client = new ConfidentialClientApplication({
      auth: {
        clientId: DEMO_APP.clientId,
        clientSecret: DEMO_APP.clientSecret,
        authority: `${t.emulator.authorityHost}/${DEMO_TENANTS.contoso.id}`,
        knownAuthorities: [new URL(t.emulator.url).host],
      },
    });
    const result = await client.acquireTokenByClientCredential({ scopes: ["https://graph.microsoft.com/.default"] });
    expect(decodeJwt(result!.accessToken).roles).toEqual([]);
  });

  it("adds a secret that works and removes it again", async () => {
    const secret = await t.control.addSecret(DEMO_APP.clientId);
    const form = {
      grant_type: "client_credentials",
      scope: "https://graph.microsoft.com/.default",
      client_secret: secret.value,
    };
    expect((await postToken(t.emulator, DEMO_TENANTS.contoso.id, form)).status).toBe(200);
    await t.control.removeSecret(DEMO_APP.clientId, secret.id);
    expect((await postToken(t.emulator, DEMO_TENANTS.contoso.id, form)).body.error_codes).toEqual([7000215]);
  });

  it("expires a secret (AADSTS7000222), codes (AADSTS70008) and refresh tokens (AADSTS700082) on request", async () => {
    const secret = await t.control.addSecret(DEMO_APP.clientId, {
      endDateTime: new Date(Date.now() - 1000).toISOString(),
    });
    const expired = await postToken(t.emulator, DEMO_TENANTS.contoso.id, {
      grant_type: "client_credentials",
      scope: "https://graph.microsoft.com/.default",
      client_secret: secret.value,
    });
    expect(expired.body.error_codes).toEqual([7000222]);

    const signIn = async () => {
      const { verifier, challenge } = pkce();
      const outcome = await new ScriptedBrowser(t.emulator.url).run(
        authorizeUrl(t.emulator, "common", { code_challenge: challenge, code_challenge_method: "S256" }),
        {
          username: DEMO_USERS.alice.upn,
          password: DEMO_PASSWORD,
        },
      );
      if (outcome.kind !== "redirect") throw new Error(outcome.kind);
      return { code: outcome.url.searchParams.get("code")!, verifier };
    };
    const pending = await signIn();
    expect(await t.control.expireTokens({ kind: "codes", userId: DEMO_USERS.alice.id })).toMatchObject({
      authorizationCodes: 1,
    });
    expect((await redeemCode(t.emulator, "common", pending.code, pending.verifier)).body.error_codes).toEqual([70008]);

    const fresh = await signIn();
    const { refresh_token: refreshToken } = (await redeemCode(t.emulator, "common", fresh.code, fresh.verifier)).body;
    expect(await t.control.expireTokens({ kind: "refresh", appId: DEMO_APP.clientId })).toMatchObject({
      refreshTokens: 1,
    });
    expect(
      (await postToken(t.emulator, "common", { grant_type: "refresh_token", refresh_token: refreshToken })).body
        .error_codes,
    ).toEqual([700082]);
  });

  it("keeps a disabled account out (AADSTS50057)", async () => {
    await t.control.updateUser(DEMO_USERS.bruno.id, { accountEnabled: false });
    const outcome = await new ScriptedBrowser(t.emulator.url).run(authorizeUrl(t.emulator, "common"), {
      username: DEMO_USERS.bruno.upn,
      password: DEMO_PASSWORD,
    });
    expect(outcome).toMatchObject({ kind: "page", name: "signIn" });
    expect(outcome.kind === "page" && outcome.error).toContain("AADSTS50057");
  });

  it("revokes a user's grants and refresh tokens, expires tokens, and switches rotation", async () => {
    const { verifier, challenge } = pkce();
    const outcome = await new ScriptedBrowser(t.emulator.url).run(
      authorizeUrl(t.emulator, "common", { code_challenge: challenge, code_challenge_method: "S256" }),
      {
        username: DEMO_USERS.alice.upn,
        password: DEMO_PASSWORD,
      },
    );
    if (outcome.kind !== "redirect") throw new Error(outcome.kind);
    const tokens = (await redeemCode(t.emulator, "common", outcome.url.searchParams.get("code")!, verifier)).body;
    expect(await t.control.expireTokens({ kind: "access", userId: DEMO_USERS.alice.id })).toMatchObject({
      accessTokens: 1,
    });
    await expect(t.emulator.tokens.verifyAccessToken(tokens.access_token!)).rejects.toMatchObject({
      reason: "revoked",
    });
    expect(await t.control.setRefreshRotation("strict")).toEqual({ refreshRotation: "strict" });
    expect(await t.control.revokeUser(DEMO_USERS.alice.id)).toEqual({ grants: 1, refreshTokens: 1 });
    const refresh = await postToken(t.emulator, "common", {
      grant_type: "refresh_token",
      refresh_token: tokens.refresh_token,
    });
    expect(refresh.body.error_codes).toEqual([50173]);
    const log = await t.control.requests({ area: "identity" });
    expect(log.some((entry) => entry.errorCode === "AADSTS50173" && entry.status === 400)).toBe(true);
  });

  it("redeems an invited user as their home account", async () => {
    const guest = await t.control.createUser({
      tenantId: DEMO_TENANTS.contoso.id,
      userPrincipalName: "bruno_fabrikam.com#EXT#@contoso.com",
      mail: DEMO_USERS.bruno.upn,
      userType: "Guest",
      externalUserState: "PendingAcceptance",
    });
    const redeemed = await t.control.redeemInvitedUser(guest.id);
    expect(redeemed).toMatchObject({ externalUserState: "Accepted", redeemedBy: { userId: DEMO_USERS.bruno.id } });
    expect(Date.parse(redeemed.externalUserStateChangeDateTime!)).toBeGreaterThan(Date.now() - 5000);
  });

  it("sets tenant switches and resets to the scenario", async () => {
    await t.control.updateTenant(DEMO_TENANTS.fabrikam.id, { userConsent: "adminOnly", outboundMailBlocked: true });
    expect((await t.control.snapshot()).tenants.find((t) => t.id === DEMO_TENANTS.fabrikam.id)).toMatchObject({
      userConsent: "adminOnly",
      outboundMailBlocked: true,
    });
    await t.control.reset();
    expect((await t.control.snapshot()).tenants.find((t) => t.id === DEMO_TENANTS.fabrikam.id)).toMatchObject({
      userConsent: "allowed",
      outboundMailBlocked: false,
    });
  });
});

describe("overview page", () => {
  it("lists tenants, users with their states and mail, escaping what it shows", async () => {
    await t.control.createUser({
      tenantId: DEMO_TENANTS.contoso.id,
      userPrincipalName: "x@contoso.com",
      displayName: "<script>alert(1)</script>",
    });
    const html = await (await fetch(`${t.emulator.url}/`)).text();
    expect(html).toContain("Northwind Traders");
    expect(html).toContain("admin approval required");
    expect(html).toContain("outbound mail blocked (5.7.708)");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).not.toContain("<script>alert(1)</script>");
  });
});
