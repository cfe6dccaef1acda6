// Each rule the emulator enforces at /token for codes, refresh tokens and client certificates.
import "reflect-metadata";
import { createHash, webcrypto } from "node:crypto";
import { ConfidentialClientApplication } from "@azure/msal-node";
import * as x509 from "@peculiar/x509";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEMO_APP, DEMO_PASSWORD, DEMO_TENANTS, DEMO_USERS } from "../state/default-scenario";
import type { RunningEmulator } from "../server";
import { certificateThumbprints } from "../state/scenario";
import { startTestEmulator } from "../test-support";
import { APP_URL, authorizeUrl, inviteGuest, pkce, postToken, redeemCode } from "./flow-helpers.test-support";
import { ScriptedBrowser } from "./scripted-browser";

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startTestEmulator({ appUrl: APP_URL });
});
afterAll(async () => {
  await emulator?.close();
});
beforeEach(() => emulator.reset());

async function codeFor(
  user: { upn: string },
  method: "S256" | "plain" = "S256",
  authority = "common",
  extra: Record<string, string> = {},
) {
  const { verifier, challenge } = pkce(method);
  const outcome = await new ScriptedBrowser(emulator.url).run(
    authorizeUrl(emulator, authority, {
      code_challenge: challenge,
      code_challenge_method: method,
      nonce: "nonce-1",
      ...extra,
    }),
    { username: user.upn, password: DEMO_PASSWORD },
  );
  if (outcome.kind !== "redirect") throw new Error(`no redirect: ${outcome.kind}`);
  return { code: outcome.url.searchParams.get("code")!, verifier };
}

const codeOf = (answer: { body: { error_codes?: number[] } }) => answer.body.error_codes?.[0];

describe("authorization_code grant", () => {
  it("issues tokens once per code, with the nonce in the ID token and a refresh token for offline_access", async () => {
    const { code, verifier } = await codeFor(DEMO_USERS.alice);
    const first = await redeemCode(emulator, "common", code, verifier);
    expect(first.status).toBe(200);
    expect(first.body.refresh_token).toBeTruthy();
    expect(decodeJwt(first.body.id_token!).nonce).toBe("nonce-1");
    const again = await redeemCode(emulator, "common", code, verifier);
    expect(again.status).toBe(400);
    expect(again.body.error).toBe("invalid_grant");
    expect(codeOf(again)).toBe(54005);
  });

  it("gives no refresh token without offline_access", async () => {
    const { code, verifier } = await codeFor(DEMO_USERS.alice, "S256", "common", { scope: "openid profile User.Read" });
    const answer = await redeemCode(emulator, "common", code, verifier, { scope: "openid profile User.Read" });
    expect(answer.status).toBe(200);
    expect(answer.body.refresh_token).toBeUndefined();
  });

  it("verifies PKCE (S256 and plain) with AADSTS501481", async () => {
    const s256 = await codeFor(DEMO_USERS.alice);
    expect(codeOf(await redeemCode(emulator, "common", s256.code, "x".repeat(43)))).toBe(501481);
    const missing = await codeFor(DEMO_USERS.alice);
    expect(codeOf(await redeemCode(emulator, "common", missing.code, undefined))).toBe(501481);
    const plain = await codeFor(DEMO_USERS.alice, "plain");
    expect((await redeemCode(emulator, "common", plain.code, plain.verifier)).status).toBe(200);
  });

  it("expires codes (AADSTS70008)", async () => {
    const { code, verifier } = await codeFor(DEMO_USERS.alice);
    emulator.state.authorizationCodes.get(code)!.expiresAt = Date.now() - 1;
    expect(codeOf(await redeemCode(emulator, "common", code, verifier))).toBe(70008);
  });

  it("requires the same redirect_uri as the authorize request (invalid_grant, AADSTS50011)", async () => {
    const { code, verifier } = await codeFor(DEMO_USERS.alice);
    const answer = await redeemCode(emulator, "common", code, verifier, {
      redirect_uri: `${APP_URL}/api/auth/callback/microsoft-entra-id`,
    });
    expect(answer.body.error).toBe("invalid_grant");
    expect(codeOf(answer)).toBe(50011);
    expect(answer.body.error_description).toContain("provided when requesting Authorization code");
  });

  it("rejects a single-tenant app at common (AADSTS50194) and a wrong secret (AADSTS7000215)", async () => {
    const single = await postToken(emulator, "organizations", {
      grant_type: "authorization_code",
      code: "x",
      redirect_uri: "x",
      client_id: DEMO_APP.singleTenantClientId,
      client_secret: DEMO_APP.singleTenantClientSecret,
    });
    expect(codeOf(single)).toBe(50194);
    const { code, verifier } = await codeFor(DEMO_USERS.alice);
    const wrong = await redeemCode(emulator, "common", code, verifier, { client_secret: "nope-nope" });
    expect(wrong.status).toBe(401);
    expect(codeOf(wrong)).toBe(7000215);
  });
});

describe("refresh_token grant", () => {
  async function refreshTokenFor(user: { upn: string }) {
    const { code, verifier } = await codeFor(user);
    return (await redeemCode(emulator, "common", code, verifier)).body.refresh_token!;
  }
  const refresh = (token: string, scope?: string) =>
    postToken(emulator, "common", { grant_type: "refresh_token", refresh_token: token, scope });

  it("returns a new refresh token each use while the old one stays valid (as Entra)", async () => {
    const original = await refreshTokenFor(DEMO_USERS.alice);
    const first = await refresh(original);
    expect(first.status).toBe(200);
    expect(first.body.refresh_token).toBeTruthy();
    expect(first.body.refresh_token).not.toBe(original);
    expect((await refresh(original)).status).toBe(200);
  });

  it("refuses reuse under strict rotation", async () => {
    emulator.state.refreshRotation = "strict";
    const original = await refreshTokenFor(DEMO_USERS.alice);
    const next = await refresh(original);
    expect(next.status).toBe(200);
    const reused = await refresh(original);
    expect(reused.body.error).toBe("invalid_grant");
    expect((await refresh(next.body.refresh_token!)).status).toBe(200);
  });

  it("expires after inactivity (AADSTS700082)", async () => {
    const token = await refreshTokenFor(DEMO_USERS.alice);
    emulator.state.refreshTokens.get(token)!.expiresAt = Date.now() - 1;
    const answer = await refresh(token);
    expect(answer.body.error).toBe("invalid_grant");
    expect(codeOf(answer)).toBe(700082);
  });

  it("fails after revocation (AADSTS50173), and Graph refuses the old access tokens", async () => {
    const { code, verifier } = await codeFor(DEMO_USERS.alice);
    const tokens = (await redeemCode(emulator, "common", code, verifier)).body;
    await expect(emulator.tokens.verifyAccessToken(tokens.access_token!)).resolves.toMatchObject({
      oid: DEMO_USERS.alice.id,
    });
    emulator.state.revokeUser(DEMO_USERS.alice.id);
    const answer = await refresh(tokens.refresh_token!);
    expect(answer.body.error).toBe("invalid_grant");
    expect(codeOf(answer)).toBe(50173);
    await expect(emulator.tokens.verifyAccessToken(tokens.access_token!)).rejects.toMatchObject({ reason: "revoked" });
  });

  it("asks for consent again (AADSTS65001) when a scope was never granted", async () => {
    const token = await refreshTokenFor(DEMO_USERS.alice);
    const answer = await refresh(token, "openid offline_access Mail.ReadWrite");
    expect(answer.body).toMatchObject({ error: "invalid_grant", suberror: "consent_required" });
    expect(codeOf(answer)).toBe(65001);
  });

  it("is not tied to a tenant: at a tenant where the user redeemed a guest invitation it gives that tenant's tokens for the guest object", async () => {
    const original = await refreshTokenFor(DEMO_USERS.alice);
    const contoso = DEMO_TENANTS.contoso.id;
    const scope = "openid profile offline_access User.Read";
    // Not a guest there yet (invited, not redeemed): AADSTS50020, as at Contoso's sign-in page.
    const guest = inviteGuest(emulator, contoso, DEMO_USERS.alice);
    const early = await postToken(emulator, contoso, { grant_type: "refresh_token", refresh_token: original, scope });
    expect(early.status).toBe(400);
    expect(codeOf(early)).toBe(50020);
    emulator.state.redeemInvitation(guest, emulator.state.getUser(DEMO_USERS.alice.id)!);

    const there = await postToken(emulator, contoso, { grant_type: "refresh_token", refresh_token: original, scope });
    expect(there.status).toBe(200);
    const claims = decodeJwt(there.body.id_token!);
    expect(claims).toMatchObject({
      tid: contoso,
      oid: guest.id,
      iss: `${emulator.authorityHost}/${contoso}/v2.0`,
      idp: `https://sts.windows.net/${DEMO_TENANTS.fabrikam.id}/`,
    });
    expect(decodeJwt(there.body.access_token!)).toMatchObject({ tid: contoso, oid: guest.id, acct: 1 });
    // The refresh token that came back still gives the home account's tokens at common.
    const home = await refresh(there.body.refresh_token!);
    expect(decodeJwt(home.body.id_token!)).toMatchObject({ tid: DEMO_TENANTS.fabrikam.id, oid: DEMO_USERS.alice.id });
    // A tenant where the account is no guest at all: AADSTS50020.
    const elsewhere = await postToken(emulator, DEMO_TENANTS.northwind.id, {
      grant_type: "refresh_token",
      refresh_token: original,
      scope,
    });
    expect(codeOf(elsewhere)).toBe(50020);
  });
});

describe("client certificate (private_key_jwt) with MSAL Node", () => {
  async function certificate() {
    const algorithm = {
      name: "RSASSA-PKCS1-v1_5",
      hash: "SHA-256",
      publicExponent: new Uint8Array([1, 0, 1]),
      modulusLength: 2048,
    };
    x509.cryptoProvider.set(webcrypto as unknown as Crypto);
    const keys = await webcrypto.subtle.generateKey(algorithm, true, ["sign", "verify"]);
    const cert = await x509.X509CertificateGenerator.createSelfSigned({
      serialNumber: "01",
      name: "CN=guestpass-test",
      notBefore: new Date(Date.now() - 60_000),
      notAfter: new Date(Date.now() + 86_400_000),
      keys,
      signingAlgorithm: algorithm,
    });
    const der = Buffer.from(await webcrypto.subtle.exportKey("pkcs8", keys.privateKey));
    const privateKey = `-----BEGIN PRIVATE KEY-----\n${der.toString("base64").replace(/(.{64})/g, "$1\n")}\n-----END PRIVATE KEY-----\n`;
    const certificatePem = cert.toString("pem");
    return {
      certificatePem,
      privateKey,
      thumbprintSha256: createHash("sha256").update(Buffer.from(cert.rawData)).digest("hex"),
    };
  }

  it("authenticates with a registered certificate and rejects an unregistered one (AADSTS700027)", async () => {
    const registered = await certificate();
    const stranger = await certificate();
    emulator.state.getApp(DEMO_APP.clientId)!.certificates.push({
      id: "c",
      displayName: "test",
      certificatePem: registered.certificatePem,
      ...certificateThumbprints(registered.certificatePem),
    });
    const client = (cert: { privateKey: string; thumbprintSha256: string }) =>
      new ConfidentialClientApplication({
        auth: {
          clientId: DEMO_APP.clientId,
          authority: `${emulator.authorityHost}/${DEMO_TENANTS.contoso.id}`,
          knownAuthorities: [new URL(emulator.authorityHost).host],
          clientCertificate: { thumbprintSha256: cert.thumbprintSha256, privateKey: cert.privateKey },
        },
      });
    const result = await client(registered).acquireTokenByClientCredential({
      scopes: ["https://graph.microsoft.com/.default"],
    });
    expect(decodeJwt(result!.accessToken)).toMatchObject({
      appidacr: "2",
      roles: ["User.Invite.All", "User.Read.All", "Application.Read.All", "Policy.Read.All", "Mail.Send"],
    });
    await expect(
      client(stranger).acquireTokenByClientCredential({ scopes: ["https://graph.microsoft.com/.default"] }),
    ).rejects.toMatchObject({
      errorMessage: expect.stringMatching(/AADSTS700027: /),
    });
  });
});
