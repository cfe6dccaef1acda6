// Unmodified MSAL Node against the emulator over HTTPS: the app-only flow the portal uses to invite.
import { ConfidentialClientApplication } from "@azure/msal-node";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_APP, DEMO_TENANTS } from "../state/default-scenario";
import type { RunningEmulator } from "../server";
import { startTestEmulator } from "../test-support";

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startTestEmulator();
});
afterAll(async () => {
  await emulator?.close();
});

function msalClient(options: { tenant?: string; clientId?: string; clientSecret?: string } = {}) {
  return new ConfidentialClientApplication({
    auth: {
      clientId: options.clientId ?? DEMO_APP.clientId,
      clientSecret: options.clientSecret ?? DEMO_APP.clientSecret,
      authority: `${emulator.authorityHost}/${options.tenant ?? DEMO_TENANTS.contoso.id}`,
      knownAuthorities: [new URL(emulator.authorityHost).host],
    },
  });
}

const GRAPH_DEFAULT = ["https://graph.microsoft.com/.default"];

describe("client credentials with MSAL Node", () => {
  it("issues a Graph app token carrying the granted application permissions", async () => {
    const result = await msalClient().acquireTokenByClientCredential({ scopes: GRAPH_DEFAULT });
    expect(result?.tokenType).toBe("Bearer");
    const claims = decodeJwt(result!.accessToken);
    expect(claims).toMatchObject({
      aud: "https://graph.microsoft.com",
      tid: DEMO_TENANTS.contoso.id,
      appid: DEMO_APP.clientId,
      idtyp: "app",
      appidacr: "1",
    });
    expect(claims.roles).toEqual([
      "User.Invite.All",
      "User.Read.All",
      "Application.Read.All",
      "Policy.Read.All",
      "Mail.Send",
    ]);
    // Graph's side of the contract: the emulator verifies its own tokens.
    const verified = await emulator.tokens.verifyAccessToken(result!.accessToken);
    expect(verified.roles).toEqual([
      "User.Invite.All",
      "User.Read.All",
      "Application.Read.All",
      "Policy.Read.All",
      "Mail.Send",
    ]);
  });

  it("accepts Graph named by its application id, as MSAL callers often do", async () => {
    const result = await msalClient().acquireTokenByClientCredential({
      scopes: ["00000003-0000-0000-c000-000000000000/.default"],
    });
    expect(decodeJwt(result!.accessToken).aud).toBe("https://graph.microsoft.com");
  });

  it("reflects permissions withdrawn in the state in the next token", async () => {
    emulator.state.getApp(DEMO_APP.clientId)!.applicationPermissions[DEMO_TENANTS.contoso.id] = ["User.Read.All"];
    try {
      const result = await msalClient().acquireTokenByClientCredential({ scopes: GRAPH_DEFAULT, skipCache: true });
      expect(decodeJwt(result!.accessToken).roles).toEqual(["User.Read.All"]);
    } finally {
      emulator.reset();
    }
  });

  it("rejects a wrong secret with AADSTS7000215", async () => {
    await expect(
      msalClient({ clientSecret: "not-the-secret" }).acquireTokenByClientCredential({ scopes: GRAPH_DEFAULT }),
    ).rejects.toMatchObject({
      errorCode: "invalid_client",
      errorMessage: expect.stringMatching(/AADSTS7000215: Invalid client secret provided/),
    });
  });

  it("rejects an unknown client id with AADSTS700016", async () => {
    await expect(
      msalClient({ clientId: "00000000-1111-4000-8000-000000000000" }).acquireTokenByClientCredential({
        scopes: GRAPH_DEFAULT,
      }),
    ).rejects.toMatchObject({
      errorMessage: expect.stringMatching(
        /AADSTS700016: Application with identifier '00000000-1111-4000-8000-000000000000' was not found/,
      ),
    });
  });

  it("rejects the app in a tenant where it was never consented with AADSTS700016", async () => {
    await expect(
      msalClient({ tenant: DEMO_TENANTS.fabrikam.id }).acquireTokenByClientCredential({ scopes: GRAPH_DEFAULT }),
    ).rejects.toMatchObject({
      errorMessage: expect.stringMatching(/AADSTS700016: /),
    });
  });

  it("answers with Entra's JSON error shape", async () => {
    const response = await fetch(`${emulator.authorityHost}/${DEMO_TENANTS.contoso.id}/oauth2/v2.0/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "client_credentials",
        client_id: DEMO_APP.clientId,
        client_secret: DEMO_APP.clientSecret,
        scope: "User.Read",
      }),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ error: "invalid_scope", error_codes: [1002012] });
    expect(body.error_description).toMatch(/^AADSTS1002012: /);
    expect(body.timestamp).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/);
    expect(body.trace_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.correlation_id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("echoes the client's client-request-id as correlation_id", async () => {
    const clientRequestId = "0d7c1a52-3f6e-4a3c-9a51-7b1f3d2e9c10";
    const response = await fetch(`${emulator.authorityHost}/${DEMO_TENANTS.contoso.id}/oauth2/v2.0/token`, {
      method: "POST",
      headers: { "client-request-id": clientRequestId },
      body: new URLSearchParams({
        grant_type: "client_credentials",
        client_id: DEMO_APP.clientId,
        client_secret: "wrong",
        scope: GRAPH_DEFAULT[0]!,
      }),
    });
    const body = (await response.json()) as { correlation_id: string; error_description: string };
    expect(body.correlation_id).toBe(clientRequestId);
    expect(body.error_description).toContain(`Correlation ID: ${clientRequestId}`);
  });

  it("answers MSAL's instance discovery in the shape MSAL accepts as cloudDiscoveryMetadata", async () => {
    const authority = `${emulator.authorityHost}/${DEMO_TENANTS.contoso.id}`;
    const discovery = await fetch(
      `${emulator.authorityHost}/common/discovery/instance?api-version=1.1&authorization_endpoint=${encodeURIComponent(`${authority}/oauth2/v2.0/authorize`)}`,
    );
    const metadata = await discovery.text();
    expect(JSON.parse(metadata)).toMatchObject({
      tenant_discovery_endpoint: `${authority}/v2.0/.well-known/openid-configuration`,
    });
    // no knownAuthorities: MSAL trusts the host because the instance metadata lists it
    const client = new ConfidentialClientApplication({
      auth: {
        clientId: DEMO_APP.clientId,
        clientSecret: DEMO_APP.clientSecret,
        authority,
        cloudDiscoveryMetadata: metadata,
      },
    });
    const result = await client.acquireTokenByClientCredential({ scopes: GRAPH_DEFAULT });
    expect(decodeJwt(result!.accessToken).tid).toBe(DEMO_TENANTS.contoso.id);
  });

  it("serves discovery for common with the {tenantid} issuer template and a JWKS", async () => {
    const config = (await (
      await fetch(`${emulator.authorityHost}/common/v2.0/.well-known/openid-configuration`)
    ).json()) as Record<string, string>;
    expect(config.issuer).toBe(`${emulator.authorityHost}/{tenantid}/v2.0`);
    const jwks = (await (await fetch(config.jwks_uri!)).json()) as { keys: { kty: string; kid: string }[] };
    expect(jwks.keys[0]).toMatchObject({ kty: "RSA" });
    const unknown = await fetch(`${emulator.authorityHost}/nobody.example/v2.0/.well-known/openid-configuration`);
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { error_codes: number[] }).error_codes).toEqual([90002]);
  });
});
