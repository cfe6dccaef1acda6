// Addresses as Entra treats them: people sign in and redeem by their sign-in name (UPN), never by
// the `mail` attribute any tenant's admin can set; `email` reaches a token only when Microsoft
// verified its domain for the user (or the app opted out of that), with `xms_edov` saying which.
import { decodeJwt } from "jose";
import { describe, expect, it } from "vitest";
import { DEMO_APP, DEMO_PASSWORD, DEMO_TENANTS, DEMO_USERS } from "../state/default-scenario";
import { EmulatorControlError } from "../control/client";
import { controlledTestEmulator } from "../test-support";
import { APP_URL, authorizeUrl, inviteGuest, pkce, redeemCode } from "./flow-helpers.test-support";
import { ScriptedBrowser, type ScriptedOutcome } from "./scripted-browser";

const handle = controlledTestEmulator({ appUrl: APP_URL });
const browser = () => new ScriptedBrowser(handle.emulator.url);

/** A tenant of an attacker's own and a user in it whose `mail` attribute is someone else's address. */
async function userWithForeignMail(mail: string) {
  const tenant = await handle.control.createTenant({ displayName: "Mallory Ltd", domains: ["mallory.example"] });
  return handle.control.createUser({
    tenantId: tenant.id,
    userPrincipalName: "mallory@mallory.example",
    mail,
    password: DEMO_PASSWORD,
  });
}

async function idTokenOf(username: string): Promise<Record<string, unknown>> {
  const { verifier, challenge } = pkce();
  const outcome: ScriptedOutcome = await browser().run(
    authorizeUrl(handle.emulator, "common", { code_challenge: challenge, code_challenge_method: "S256" }),
    {
      username,
      password: DEMO_PASSWORD,
    },
  );
  if (outcome.kind !== "redirect") throw new Error(`expected a redirect, got ${JSON.stringify(outcome).slice(0, 300)}`);
  const tokens = await redeemCode(handle.emulator, "common", outcome.url.searchParams.get("code")!, verifier);
  return decodeJwt(tokens.body.id_token!);
}

describe("sign-in", () => {
  it("picks the account by its sign-in name, never by its mail attribute", async () => {
    const mallory = await userWithForeignMail(DEMO_USERS.alice.upn);
    expect(await idTokenOf(DEMO_USERS.alice.upn)).toMatchObject({ oid: DEMO_USERS.alice.id });
    await handle.control.updateUser(mallory.id, { mail: "nobody@fabrikam.com" });
    const outcome = await browser().run(authorizeUrl(handle.emulator, "common"), {
      username: "nobody@fabrikam.com",
      password: DEMO_PASSWORD,
    });
    expect(outcome).toMatchObject({ kind: "page", name: "signIn" });
    expect(outcome.kind === "page" && outcome.error).toMatch(/AADSTS50034|does not exist/);
  });

  it("refuses a sign-in name outside the tenant's verified domains, or one another account has", async () => {
    const error = (promise: Promise<unknown>) =>
      promise.then(
        () => null,
        (caught: unknown) => (caught instanceof EmulatorControlError ? caught.status : caught),
      );
    expect(
      await error(
        handle.control.createUser({ tenantId: DEMO_TENANTS.litware.id, userPrincipalName: "someone@fabrikam.com" }),
      ),
    ).toBe(400);
    expect(
      await error(
        handle.control.createUser({ tenantId: DEMO_TENANTS.fabrikam.id, userPrincipalName: DEMO_USERS.alice.upn }),
      ),
    ).toBe(400);
    expect(
      await error(handle.control.updateUser(DEMO_USERS.bruno.id, { userPrincipalName: DEMO_USERS.alice.upn })),
    ).toBe(400);
  });
});

describe("email and xms_edov in the ID token", () => {
  it("sends a verified email with xms_edov: true (the demo app asks for that optional claim)", async () => {
    expect(await idTokenOf(DEMO_USERS.alice.upn)).toMatchObject({
      preferred_username: DEMO_USERS.alice.upn,
      email: DEMO_USERS.alice.upn,
      xms_edov: true,
    });
  });

  it("leaves an unverified email out by default (apps registered since June 2023)", async () => {
    await userWithForeignMail(DEMO_USERS.alice.upn);
    const claims = await idTokenOf("mallory@mallory.example");
    expect(claims).toMatchObject({ preferred_username: "mallory@mallory.example" });
    expect(claims).not.toHaveProperty("email");
    expect(claims).not.toHaveProperty("xms_edov");
  });

  it("with removeUnverifiedEmailClaim off, sends it marked xms_edov: false, and xms_edov only when configured", async () => {
    await userWithForeignMail(DEMO_USERS.alice.upn);
    await handle.control.updateApp(DEMO_APP.clientId, { removeUnverifiedEmailClaim: false });
    expect(await idTokenOf("mallory@mallory.example")).toMatchObject({ email: DEMO_USERS.alice.upn, xms_edov: false });
    await handle.control.updateApp(DEMO_APP.clientId, { idTokenOptionalClaims: [] });
    const claims = await idTokenOf("mallory@mallory.example");
    expect(claims).toMatchObject({ email: DEMO_USERS.alice.upn });
    expect(claims).not.toHaveProperty("xms_edov");
  });
});

describe("invitation redemption", () => {
  it("is refused to an account whose mail attribute, not its sign-in name, is the invited address", async () => {
    const { emulator } = handle;
    const guest = inviteGuest(emulator, DEMO_TENANTS.contoso.id, DEMO_USERS.nora);
    const ticket = "99999999-0000-4000-8000-0000000000aa";
    await userWithForeignMail(DEMO_USERS.nora.upn);

    const refused = await browser().run(emulator.state.invitations.get(ticket)!.inviteRedeemUrl, {
      username: "mallory@mallory.example",
      password: DEMO_PASSWORD,
    });
    expect(refused).toMatchObject({ kind: "page", name: "signIn" });
    expect(refused.kind === "page" && refused.error).toContain("This invitation was sent to");
    expect(emulator.state.getUser(guest.id)).toMatchObject({
      externalUserState: "PendingAcceptance",
      redeemedBy: null,
    });
    // nor does signing in at the inviting tenant redeem it just in time
    const atTenant = await browser().run(authorizeUrl(emulator, DEMO_TENANTS.contoso.id), {
      username: "mallory@mallory.example",
      password: DEMO_PASSWORD,
    });
    expect(atTenant).toMatchObject({ kind: "errorPage", code: "AADSTS50020" });
    expect(emulator.state.getUser(guest.id)?.redeemedBy).toBeNull();

    const redeemed = await browser().run(emulator.state.invitations.get(ticket)!.inviteRedeemUrl, {
      username: DEMO_USERS.nora.upn,
      password: DEMO_PASSWORD,
    });
    expect(redeemed).toMatchObject({ kind: "redirect" });
    expect(emulator.state.getUser(guest.id)).toMatchObject({
      externalUserState: "Accepted",
      redeemedBy: { userId: DEMO_USERS.nora.id },
    });
  });
});
