// The test-only control that spoils ID tokens: each defect does what it says and nothing else, it
// stays with the app and user it names, and it retires after its count.
import { createLocalJWKSet, decodeJwt, jwtVerify } from "jose";
import { describe, expect, it } from "vitest";
import { DEMO_APP, DEMO_PASSWORD, DEMO_TENANTS, DEMO_USERS } from "../state/default-scenario";
import { controlledTestEmulator } from "../test-support";
import { authorizeUrl, pkce, redeemCode } from "./flow-helpers.test-support";
import { FOREIGN_CLIENT_ID, FOREIGN_TENANT_ID, WRONG_NONCE } from "./id-token-defects";
import { ScriptedBrowser } from "./scripted-browser";

const t = controlledTestEmulator({ appUrl: "http://localhost:3999" });

const contoso = DEMO_TENANTS.contoso.id;

/** Signs in at Contoso's authority as `upn` and redeems the code: the ID token the client gets. */
async function signInIdToken(upn: string): Promise<string> {
  const { verifier, challenge } = pkce();
  const scope = "openid profile email";
  const outcome = await new ScriptedBrowser(t.emulator.url).run(
    authorizeUrl(t.emulator, contoso, {
      scope,
      nonce: "n-1",
      code_challenge: challenge,
      code_challenge_method: "S256",
    }),
    { username: upn, password: DEMO_PASSWORD },
  );
  if (outcome.kind !== "redirect") throw new Error(`sign-in ended on ${outcome.kind}`);
  const answer = await redeemCode(t.emulator, contoso, outcome.url.searchParams.get("code")!, verifier, { scope });
  expect(answer.status).toBe(200);
  return answer.body.id_token!;
}

const verify = (token: string) =>
  jwtVerify(token, createLocalJWKSet(t.emulator.tokens.jwks()), { algorithms: ["RS256"] });

describe("spoiled ID tokens (control: spoilIdTokens)", () => {
  it("changes exactly the claim each defect names, signed by the emulator's key", async () => {
    const honest = decodeJwt(await signInIdToken(DEMO_USERS.admin.upn));
    const expectations = {
      issuer: { iss: `${t.emulator.authorityHost}/${FOREIGN_TENANT_ID}/v2.0` },
      tenant: { tid: FOREIGN_TENANT_ID },
      audience: { aud: FOREIGN_CLIENT_ID },
      nonce: { nonce: WRONG_NONCE },
    } as const;
    for (const [defect, changed] of Object.entries(expectations)) {
      await t.control.spoilIdTokens({
        appId: DEMO_APP.clientId,
        userId: DEMO_USERS.admin.id,
        defect: defect as keyof typeof expectations,
      });
      const { payload } = await verify(await signInIdToken(DEMO_USERS.admin.upn));
      const untouched = {
        iss: honest.iss,
        tid: honest.tid,
        aud: honest.aud,
        nonce: honest.nonce,
        oid: honest.oid,
        roles: honest.roles,
      };
      expect(payload, defect).toMatchObject({ ...untouched, ...changed });
    }
  });

  it("breaks the signature, or signs with a key the JWKS does not publish", async () => {
    await t.control.spoilIdTokens({ appId: DEMO_APP.clientId, defect: "signature" });
    const altered = await signInIdToken(DEMO_USERS.admin.upn);
    expect(decodeJwt(altered).tid).toBe(contoso);
    await expect(verify(altered)).rejects.toMatchObject({ code: "ERR_JWS_SIGNATURE_VERIFICATION_FAILED" });
    await t.control.spoilIdTokens({ appId: DEMO_APP.clientId, defect: "unknownKey" });
    await expect(verify(await signInIdToken(DEMO_USERS.admin.upn))).rejects.toMatchObject({
      code: "ERR_JWKS_NO_MATCHING_KEY",
    });
  });

  it("stays with its user and app, retires after its count, and is cleared by reset", async () => {
    await t.control.spoilIdTokens({
      appId: DEMO_APP.clientId,
      userId: DEMO_USERS.admin.id,
      defect: "tenant",
      count: 2,
    });
    await t.control.spoilIdTokens({ appId: "9e57a55a-0000-4000-8000-00000000a002", defect: "tenant" });
    expect(decodeJwt(await signInIdToken(DEMO_USERS.support.upn)).tid).toBe(contoso);
    expect(decodeJwt(await signInIdToken(DEMO_USERS.admin.upn)).tid).toBe(FOREIGN_TENANT_ID);
    expect(await t.control.idTokenDefects()).toMatchObject([
      { userId: DEMO_USERS.admin.id, remaining: 1 },
      { defect: "tenant" },
    ]);
    expect(decodeJwt(await signInIdToken(DEMO_USERS.admin.upn)).tid).toBe(FOREIGN_TENANT_ID);
    expect(decodeJwt(await signInIdToken(DEMO_USERS.admin.upn)).tid).toBe(contoso);
    await t.control.spoilIdTokens({ appId: DEMO_APP.clientId, defect: "nonce", count: 5 });
    await t.control.reset();
    expect(await t.control.idTokenDefects()).toEqual([]);
    expect(decodeJwt(await signInIdToken(DEMO_USERS.admin.upn)).nonce).toBe("n-1");
  });
});
