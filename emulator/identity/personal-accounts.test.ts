// Personal Microsoft accounts as Microsoft documents them: tokens from the consumers tenant at
// `common`, only for apps that accept personal accounts, no directory permissions, and `idp: live.com`
// as a B2B guest of another tenant.
import { decodeJwt } from "jose";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEMO_APP, DEMO_PASSWORD, DEMO_TENANTS, DEMO_USERS } from "../state/default-scenario";
import type { RunningEmulator } from "../server";
import { startTestEmulator } from "../test-support";
import { APP_URL, authorizeUrl, inviteGuest, pkce, postToken, redeemCode } from "./flow-helpers.test-support";
import { PERSONAL_ACCOUNTS_TENANT_ID } from "./personal-accounts";
import { ScriptedBrowser } from "./scripted-browser";

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startTestEmulator({ appUrl: APP_URL });
});
afterAll(async () => {
  await emulator?.close();
});
beforeEach(() => emulator.reset());

const olivia = DEMO_USERS.olivia;

async function signIn(authority: string, parameters: Record<string, string> = {}) {
  const { verifier, challenge } = pkce();
  const outcome = await new ScriptedBrowser(emulator.url).run(
    authorizeUrl(emulator, authority, {
      code_challenge: challenge,
      code_challenge_method: "S256",
      nonce: "nonce-p",
      ...parameters,
    }),
    { username: olivia.upn, password: DEMO_PASSWORD },
  );
  return { outcome, verifier };
}

describe("personal Microsoft accounts", () => {
  it("sign in at common and get tokens of the consumers tenant, with a verified email", async () => {
    const { outcome, verifier } = await signIn("common");
    if (outcome.kind !== "redirect") throw new Error(`no redirect: ${outcome.kind}`);
    const answer = await redeemCode(emulator, "common", outcome.url.searchParams.get("code")!, verifier);
    expect(answer.status).toBe(200);
    const claims = decodeJwt(answer.body.id_token!);
    expect(claims).toMatchObject({
      tid: PERSONAL_ACCOUNTS_TENANT_ID,
      iss: `${emulator.authorityHost}/${PERSONAL_ACCOUNTS_TENANT_ID}/v2.0`,
      oid: olivia.id,
      email: olivia.upn,
    });
    expect(claims.idp).toBeUndefined();
  });

  it("are refused by an app that accepts work and school accounts only", async () => {
    emulator.state.getApp(DEMO_APP.clientId)!.signInAudience = "AzureADMultipleOrgs";
    const { outcome } = await signIn("common");
    expect(outcome).toMatchObject({ kind: "errorPage", code: "unauthorized_client" });
    if (outcome.kind === "errorPage") expect(outcome.html).toContain("not enabled for consumers");
  });

  it("cannot sign in at organizations", async () => {
    const { outcome } = await signIn("organizations");
    expect(outcome).toMatchObject({ kind: "errorPage", code: "AADSTS50020" });
  });

  it("are not given directory permissions: invalid_scope at the redirect URI", async () => {
    const { outcome } = await signIn("common", { scope: "openid profile User.Read User.Read.All" });
    if (outcome.kind !== "redirect") throw new Error(`no redirect: ${outcome.kind}`);
    expect(outcome.url.searchParams.get("error")).toBe("invalid_scope");
    expect(outcome.url.searchParams.get("error_description")).toContain("'User.Read.All' is not valid");
  });

  it("as a redeemed guest of Contoso get Contoso's tokens for the guest object, naming live.com", async () => {
    const { outcome, verifier } = await signIn("common");
    if (outcome.kind !== "redirect") throw new Error(`no redirect: ${outcome.kind}`);
    const first = await redeemCode(emulator, "common", outcome.url.searchParams.get("code")!, verifier);
    const contoso = DEMO_TENANTS.contoso.id;
    const guest = inviteGuest(emulator, contoso, olivia);
    emulator.state.redeemInvitation(guest, emulator.state.getUser(olivia.id)!);
    const there = await postToken(emulator, contoso, {
      grant_type: "refresh_token",
      refresh_token: first.body.refresh_token!,
      scope: "openid profile offline_access User.Read",
    });
    expect(there.status).toBe(200);
    expect(decodeJwt(there.body.id_token!)).toMatchObject({ tid: contoso, oid: guest.id, idp: "live.com" });
    expect(decodeJwt(there.body.access_token!)).toMatchObject({
      tid: contoso,
      oid: guest.id,
      idp: "live.com",
      acct: 1,
    });
  });
});
