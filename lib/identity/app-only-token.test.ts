import "reflect-metadata";
import { webcrypto } from "node:crypto";
import type { INetworkModule, NetworkRequestOptions } from "@azure/msal-node";
import * as x509 from "@peculiar/x509";
import { UnsecuredJWT, decodeProtectedHeader } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { createAppOnlyTokenProvider, graphDefaultScope } from "./app-only-token";
import { parseClientCertificatePem, type ClientCertificateCredential } from "./certificate";
import { MEMBER_INVITE_PERMISSION_HINT } from "./token-claims";

// A stand-in for the identity platform at MSAL's network boundary (the code under test, MSAL's
// use and our provider, runs unchanged). The emulator-backed *.int.test.ts covers real HTTPS.
const HOST = "https://login.test.example";
const TENANT = "11111111-2222-3333-4444-555555555555";

class FakeIdentityPlatform implements INetworkModule {
  tokenRequests: URLSearchParams[] = [];
  roles: string[] = ["User.Invite.All", "User.Read.All"];
  expiresIn = 3600;

  async sendGetRequestAsync<T>(url: string) {
    const base = `${HOST}/${TENANT}`;
    if (!url.includes("openid-configuration")) return { status: 404, headers: {}, body: {} as T };
    const body = {
      token_endpoint: `${base}/oauth2/v2.0/token`,
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      issuer: `${base}/v2.0`,
      jwks_uri: `${base}/discovery/v2.0/keys`,
      end_session_endpoint: `${base}/oauth2/v2.0/logout`,
      response_types_supported: ["code"],
    };
    return { status: 200, headers: {}, body: body as T };
  }

  async sendPostRequestAsync<T>(_url: string, options?: NetworkRequestOptions) {
    const form = new URLSearchParams(options?.body ?? "");
    this.tokenRequests.push(form);
    // Give concurrent callers a chance to pile up behind one request.
    await new Promise((resolve) => setImmediate(resolve));
    const accessToken = new UnsecuredJWT({ roles: this.roles, tid: TENANT, n: this.tokenRequests.length })
      .setIssuedAt()
      .setExpirationTime(`${this.expiresIn}s`)
      .encode();
    const body = {
      token_type: "Bearer",
      expires_in: this.expiresIn,
      ext_expires_in: this.expiresIn,
      access_token: accessToken,
    };
    return { status: 200, headers: { "content-type": "application/json" }, body: body as T };
  }
}

const baseConfig = (network: FakeIdentityPlatform) => ({
  tenantId: TENANT,
  clientId: "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
  authorityHost: HOST,
  networkClient: network,
});

let certificatePem: string;
beforeAll(async () => {
  x509.cryptoProvider.set(webcrypto as unknown as Crypto);
  const alg = {
    name: "RSASSA-PKCS1-v1_5",
    hash: "SHA-256",
    publicExponent: new Uint8Array([1, 0, 1]),
    modulusLength: 2048,
  };
  const keys = await webcrypto.subtle.generateKey(alg, true, ["sign", "verify"]);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: "01",
    name: "CN=Guestpass test",
    notBefore: new Date(Date.now() - 60_000),
    notAfter: new Date(Date.now() + 86_400_000),
    keys: keys as CryptoKeyPair,
    signingAlgorithm: alg,
  });
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey("pkcs8", keys.privateKey)).toString("base64");
  certificatePem = `-----BEGIN PRIVATE KEY-----\n${pkcs8.replace(/(.{64})/g, "$1\n")}\n-----END PRIVATE KEY-----\n${cert.toString("pem")}\n`;
});

describe("createAppOnlyTokenProvider", () => {
  it("asks for Graph by its application id, wherever GRAPH_BASE_URL points", () => {
    expect(graphDefaultScope()).toBe("00000003-0000-0000-c000-000000000000/.default");
    expect(graphDefaultScope("https://graph.example/")).toBe("https://graph.example/.default");
  });

  it("asks for one token and reuses it for many calls, coalescing concurrent callers", async () => {
    const platform = new FakeIdentityPlatform();
    const provider = createAppOnlyTokenProvider({ ...baseConfig(platform), clientSecret: "s3cret" });
    const concurrent = await Promise.all(Array.from({ length: 10 }, () => provider.getAccessToken()));
    for (let i = 0; i < 20; i++) await provider.getAccessToken();
    expect(new Set(concurrent).size).toBe(1);
    expect(platform.tokenRequests).toHaveLength(1);
    const request = platform.tokenRequests[0];
    expect(request?.get("grant_type")).toBe("client_credentials");
    expect(request?.get("scope")?.split(" ")).toContain("00000003-0000-0000-c000-000000000000/.default");
    expect(request?.get("client_secret")).toBe("s3cret");
    expect(await provider.describeCredential()).toEqual({ kind: "secret" });
  });

  it("skips the cache when asked to (after a 401), sharing one refresh between callers", async () => {
    const platform = new FakeIdentityPlatform();
    const provider = createAppOnlyTokenProvider({ ...baseConfig(platform), clientSecret: "s3cret" });
    const first = await provider.getAccessToken();
    const refreshed = await Promise.all([
      provider.getAccessToken({ forceRefresh: true }),
      provider.getAccessToken({ forceRefresh: true }),
      provider.getAccessToken(),
    ]);
    expect(platform.tokenRequests).toHaveLength(2);
    expect(new Set(refreshed).size).toBe(1);
    expect(refreshed[0]).not.toBe(first);
    expect(await provider.getAccessToken()).toBe(refreshed[0]);
    expect(platform.tokenRequests).toHaveLength(2);
  });

  it("answers a 401 heard after another caller's renewal with the renewed token, not a new request", async () => {
    const platform = new FakeIdentityPlatform();
    const provider = createAppOnlyTokenProvider({ ...baseConfig(platform), clientSecret: "s3cret" });
    const refused = await provider.getAccessToken();
    // The first request's 401 renews the token; a second request that sent the same token hears its
    // 401 only after that renewal has finished.
    const renewed = await provider.getAccessToken({ forceRefresh: true, refused });
    expect(await provider.getAccessToken({ forceRefresh: true, refused })).toBe(renewed);
    expect(platform.tokenRequests).toHaveLength(2);
    // The renewed token refused in turn is renewed again.
    expect(await provider.getAccessToken({ forceRefresh: true, refused: renewed })).not.toBe(renewed);
    expect(platform.tokenRequests).toHaveLength(3);
  });

  it("asks again once the token nears expiry", async () => {
    const platform = new FakeIdentityPlatform();
    platform.expiresIn = 60; // inside MSAL's 5-minute renewal window: never served from cache
    const provider = createAppOnlyTokenProvider({ ...baseConfig(platform), clientSecret: "s3cret" });
    await provider.getAccessToken();
    await provider.getAccessToken();
    expect(platform.tokenRequests).toHaveLength(2);
  });

  it("reports the application permissions of the token", async () => {
    const platform = new FakeIdentityPlatform();
    const provider = createAppOnlyTokenProvider({ ...baseConfig(platform), clientSecret: "s3cret" });
    expect(await provider.getApplicationPermissions()).toEqual({
      roles: ["User.Invite.All", "User.Read.All"],
      canInvite: true,
      canReadUsers: true,
      canManageUsers: false,
    });
    expect(MEMBER_INVITE_PERMISSION_HINT).toMatch(/User\.ReadWrite\.All/);
  });

  it("signs a client assertion with the certificate, thumbprint as x5t#S256", async () => {
    const certificate: ClientCertificateCredential = parseClientCertificatePem(certificatePem);
    expect(certificate.thumbprintSha256).toMatch(/^[0-9a-f]{64}$/);
    const platform = new FakeIdentityPlatform();
    const provider = createAppOnlyTokenProvider({ ...baseConfig(platform), certificate });
    await provider.getAccessToken();
    const request = platform.tokenRequests[0];
    expect(request?.get("client_secret")).toBeNull();
    expect(request?.get("client_assertion_type")).toBe("urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
    expect(await provider.describeCredential()).toEqual({
      kind: "certificate",
      thumbprintSha256: certificate.thumbprintSha256,
      notAfter: certificate.notAfter,
    });
    const header = decodeProtectedHeader(request?.get("client_assertion") ?? "");
    expect(Buffer.from(String(header["x5t#S256"]), "base64url").toString("hex")).toBe(certificate.thumbprintSha256);
  });

  it("refuses ambiguous or missing credentials and http authorities", async () => {
    const platform = new FakeIdentityPlatform();
    await expect(createAppOnlyTokenProvider(baseConfig(platform)).getToken()).rejects.toThrow(/exactly one/);
    expect(() =>
      createAppOnlyTokenProvider({ ...baseConfig(platform), authorityHost: "http://x", clientSecret: "s" }),
    ).toThrow(/https/);
  });
});

describe("parseClientCertificatePem", () => {
  it("explains what is missing from a certificate file", () => {
    expect(() => parseClientCertificatePem("nothing here")).toThrow(/no certificate/);
    const certOnly = certificatePem.replace(/-----BEGIN PRIVATE KEY-----[\s\S]+?-----END PRIVATE KEY-----\n/, "");
    expect(() => parseClientCertificatePem(certOnly)).toThrow(/no private key/);
  });
});
