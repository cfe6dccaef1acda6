// Each rule the emulator enforces at /authorize, with the error Entra gives.
import { decodeJwt } from "jose";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEMO_APP, DEMO_PASSWORD, DEMO_TENANTS, DEMO_USERS } from "../state/default-scenario";
import type { RunningEmulator } from "../server";
import { startTestEmulator } from "../test-support";
import { APP_URL, authorizeUrl, inviteGuest, pkce, redeemCode } from "./flow-helpers.test-support";
import { ScriptedBrowser, type ScriptedOutcome } from "./scripted-browser";

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startTestEmulator({ appUrl: APP_URL });
});
afterAll(async () => {
  await emulator?.close();
});
beforeEach(() => emulator.reset());

const as = (user: { upn: string }) => ({ username: user.upn, password: DEMO_PASSWORD });
const browser = () => new ScriptedBrowser(emulator.url);

function redirectParams(outcome: ScriptedOutcome): URLSearchParams {
  if (outcome.kind !== "redirect")
    throw new Error(`expected a redirect, got ${outcome.kind}: ${JSON.stringify(outcome).slice(0, 300)}`);
  return outcome.url.searchParams;
}

describe("/authorize rules", () => {
  it("shows AADSTS50011 on a page (not a redirect) for an unregistered redirect URI", async () => {
    const outcome = await browser().run(
      authorizeUrl(emulator, "common", { redirect_uri: "https://evil.example/callback" }),
      as(DEMO_USERS.alice),
    );
    expect(outcome).toMatchObject({ kind: "errorPage", code: "AADSTS50011" });
  });

  it("refuses a single-tenant app on common with AADSTS50194", async () => {
    const outcome = await browser().run(
      authorizeUrl(emulator, "common", { client_id: DEMO_APP.singleTenantClientId }),
      as(DEMO_USERS.admin),
    );
    expect(outcome).toMatchObject({ kind: "errorPage", code: "AADSTS50194" });
  });

  it("shows AADSTS700016 for an unknown client id", async () => {
    const outcome = await browser().run(
      authorizeUrl(emulator, "common", { client_id: "00000000-0000-4000-8000-0000000000ff" }),
    );
    expect(outcome).toMatchObject({ kind: "errorPage", code: "AADSTS700016" });
  });

  it("sends invalid_scope to the redirect URI for an unknown scope", async () => {
    const params = redirectParams(
      await browser().run(authorizeUrl(emulator, "common", { scope: "openid Mail.Teleport" })),
    );
    expect(params.get("error")).toBe("invalid_scope");
    expect(params.get("error_description")).toMatch(/^AADSTS70011: /);
    expect(params.get("state")).toBe("s-1");
  });

  it("returns access_denied with AADSTS65004 when the user declines consent", async () => {
    const params = redirectParams(
      await browser().run(authorizeUrl(emulator, "common"), { ...as(DEMO_USERS.alice), consent: "cancel" }),
    );
    expect(params.get("error")).toBe("access_denied");
    expect(params.get("error_subcode")).toBe("cancel");
    expect(params.get("error_description")).toMatch(/^AADSTS65004: /);
  });

  it("stops a Northwind user at 'Need admin approval' (AADSTS90094) until their admin consents for the tenant", async () => {
    const stopped = await browser().run(authorizeUrl(emulator, "common"), {
      ...as(DEMO_USERS.nora),
      adminApproval: "stop",
    });
    expect(stopped).toMatchObject({ kind: "page", name: "adminApproval" });
    expect(stopped.kind === "page" && stopped.html).toContain(
      `${emulator.authorityHost}/${DEMO_TENANTS.northwind.id}/adminconsent?client_id=${DEMO_APP.clientId}`,
    );
    const returned = redirectParams(await browser().run(authorizeUrl(emulator, "common"), as(DEMO_USERS.nora)));
    expect(returned.get("error")).toBe("access_denied");
    expect(returned.get("error_description")).toMatch(/^AADSTS90094: /);

    // Northwind's admin grants the app for the whole tenant (v2 admin consent endpoint) ...
    const adminUrl = new URL(`${emulator.authorityHost}/${DEMO_TENANTS.northwind.id}/v2.0/adminconsent`);
    adminUrl.search = new URLSearchParams({
      client_id: DEMO_APP.clientId,
      scope: "https://graph.microsoft.com/.default",
      redirect_uri: `${APP_URL}/consent/callback`,
      state: "a-1",
    }).toString();
    const granted = redirectParams(await browser().run(adminUrl.toString(), as(DEMO_USERS.northwindAdmin)));
    expect(Object.fromEntries(granted)).toMatchObject({
      admin_consent: "True",
      tenant: DEMO_TENANTS.northwind.id,
      state: "a-1",
    });
    // ... after which Nora signs in without any consent page
    const { verifier, challenge } = pkce();
    const params = redirectParams(
      await browser().run(
        authorizeUrl(emulator, "common", { code_challenge: challenge, code_challenge_method: "S256" }),
        { ...as(DEMO_USERS.nora), consent: "cancel" },
      ),
    );
    const tokens = await redeemCode(emulator, "common", params.get("code")!, verifier);
    expect(decodeJwt(tokens.body.access_token!).tid).toBe(DEMO_TENANTS.northwind.id);
  });

  it("refuses admin consent from a non-admin, returning the state as Microsoft documents for errors too", async () => {
    const adminUrl = `${emulator.authorityHost}/${DEMO_TENANTS.fabrikam.id}/adminconsent?client_id=${DEMO_APP.clientId}&redirect_uri=${encodeURIComponent(`${APP_URL}/consent/callback`)}&state=admin.b-2`;
    const params = redirectParams(await browser().run(adminUrl, as(DEMO_USERS.alice)));
    expect(params.get("error")).toBe("access_denied");
    expect(params.get("error_description")).toMatch(/^AADSTS90093: /);
    expect(params.get("state")).toBe("admin.b-2");
  });

  it("answers prompt=none with login_required without a session, consent_required (AADSTS65001) without consent", async () => {
    const anonymous = redirectParams(await browser().run(authorizeUrl(emulator, "common", { prompt: "none" })));
    expect(anonymous.get("error")).toBe("login_required");
    // sign Bruno in (declining consent), then ask again silently
    const session = browser();
    await session.run(authorizeUrl(emulator, "common"), { ...as(DEMO_USERS.bruno), consent: "cancel" });
    const silent = redirectParams(await session.run(authorizeUrl(emulator, "common", { prompt: "none" })));
    expect(silent.get("error")).toBe("consent_required");
    expect(silent.get("error_description")).toMatch(/^AADSTS65001: /);
  });

  it("signs in silently (SSO) once consented, and prompt=login asks for the password again", async () => {
    const session = browser();
    const first = redirectParams(await session.run(authorizeUrl(emulator, "common"), as(DEMO_USERS.alice)));
    expect(first.get("code")).toBeTruthy();
    const silent = redirectParams(
      await session.run(authorizeUrl(emulator, "common", { prompt: "none", login_hint: DEMO_USERS.alice.upn })),
    );
    expect(silent.get("code")).toBeTruthy();
    const again = await session.run(authorizeUrl(emulator, "common", { prompt: "login" }));
    expect(again).toMatchObject({ kind: "page", name: "signIn" });
  });

  it("offers the session's accounts with prompt=select_account and continues as the one picked", async () => {
    const session = browser();
    await session.run(authorizeUrl(emulator, "common"), as(DEMO_USERS.alice));
    await session.run(authorizeUrl(emulator, "common", { prompt: "login" }), as(DEMO_USERS.bruno));
    const picker = await session.run(authorizeUrl(emulator, "common", { prompt: "select_account" }));
    expect(picker.kind === "page" && picker.html).toContain(`data-testid="account-${DEMO_USERS.alice.upn}"`);
    expect(picker.kind === "page" && picker.html).toContain(`data-testid="account-${DEMO_USERS.bruno.upn}"`);
    // two accounts and no hint: prompt=none cannot choose
    expect(redirectParams(await session.run(authorizeUrl(emulator, "common", { prompt: "none" }))).get("error")).toBe(
      "interaction_required",
    );
    const { verifier, challenge } = pkce();
    const picked = redirectParams(
      await session.run(
        authorizeUrl(emulator, "common", {
          prompt: "select_account",
          code_challenge: challenge,
          code_challenge_method: "S256",
        }),
        {
          ...as(DEMO_USERS.alice),
          password: "not used: the account is picked",
          pickAccountId: DEMO_USERS.alice.id,
        },
      ),
    );
    const tokens = await redeemCode(emulator, "common", picked.get("code")!, verifier);
    expect(decodeJwt(tokens.body.access_token!).oid).toBe(DEMO_USERS.alice.id);
  });

  it("keeps the user on the sign-in page with a wrong password", async () => {
    const outcome = await browser().run(authorizeUrl(emulator, "common"), {
      username: DEMO_USERS.alice.upn,
      password: "wrong",
    });
    expect(outcome).toMatchObject({ kind: "page", name: "signIn", error: "Your account or password is incorrect." });
  });

  it("posts the code with response_mode=form_post", async () => {
    const outcome = await browser().run(
      authorizeUrl(emulator, "common", { response_mode: "form_post" }),
      as(DEMO_USERS.alice),
    );
    expect(outcome).toMatchObject({
      kind: "formPost",
      action: `${APP_URL}/consent/callback`,
      fields: { state: "s-1" },
    });
    expect(outcome.kind === "formPost" && outcome.fields.code).toBeTruthy();
  });
});

describe("guests and the seed's first wall (AADSTS50020)", () => {
  it("gives AADSTS50020 to an uninvited account at the company tenant's authority", async () => {
    const outcome = await browser().run(authorizeUrl(emulator, DEMO_TENANTS.contoso.id), as(DEMO_USERS.bruno));
    expect(outcome).toMatchObject({ kind: "errorPage", code: "AADSTS50020" });
  });

  it("redeems on the redemption page, then issues guest tokens from the company tenant (tid = company)", async () => {
    const guest = inviteGuest(emulator, DEMO_TENANTS.contoso.id, DEMO_USERS.alice);
    const invitation = emulator.state.invitations.get("99999999-0000-4000-8000-0000000000aa")!;
    // signing in there with another account is refused
    const wrong = await browser().run(invitation.inviteRedeemUrl, as(DEMO_USERS.bruno));
    expect(wrong).toMatchObject({ kind: "page", name: "signIn" });
    expect(wrong.kind === "page" && wrong.error).toContain("This invitation was sent to alice@fabrikam.com");
    const redeemed = await browser().run(invitation.inviteRedeemUrl, as(DEMO_USERS.alice));
    expect(redeemed.kind === "redirect" && redeemed.url.toString()).toBe(invitation.inviteRedirectUrl);
    expect(emulator.state.getUser(guest.id)).toMatchObject({
      externalUserState: "Accepted",
      redeemedBy: { userId: DEMO_USERS.alice.id },
    });
    expect(invitation.status).toBe("Completed");

    const { verifier, challenge } = pkce();
    const params = redirectParams(
      await browser().run(
        authorizeUrl(emulator, DEMO_TENANTS.contoso.id, { code_challenge: challenge, code_challenge_method: "S256" }),
        as(DEMO_USERS.alice),
      ),
    );
    const tokens = await redeemCode(emulator, DEMO_TENANTS.contoso.id, params.get("code")!, verifier);
    expect(decodeJwt(tokens.body.access_token!)).toMatchObject({
      tid: DEMO_TENANTS.contoso.id,
      oid: guest.id,
      acct: 1,
      idp: `https://sts.windows.net/${DEMO_TENANTS.fabrikam.id}/`,
    });
    expect(decodeJwt(tokens.body.id_token!)).toMatchObject({
      tid: DEMO_TENANTS.contoso.id,
      preferred_username: DEMO_USERS.alice.upn,
    });
  });

  it("creates the account of an invited address nobody signs in with yet, then redeems", async () => {
    const guest = inviteGuest(emulator, DEMO_TENANTS.contoso.id, { id: "", upn: "zoe@adventure-works.com" });
    const invitation = emulator.state.invitations.get("99999999-0000-4000-8000-0000000000aa")!;
    const redeemed = await browser().run(invitation.inviteRedeemUrl, {
      username: "",
      password: "",
      createInvitedAccount: true,
    });
    expect(redeemed.kind === "redirect" && redeemed.url.toString()).toBe(invitation.inviteRedirectUrl);
    const home = emulator.state.findHomeAccount("zoe@adventure-works.com")!;
    expect(emulator.state.getTenant(home.tenantId)?.domains).toEqual(["adventure-works.com"]);
    expect(emulator.state.getUser(guest.id)).toMatchObject({
      externalUserState: "Accepted",
      redeemedBy: { userId: home.id },
    });
    // the new account signs in with the demo password like any other
    const params = redirectParams(
      await browser().run(authorizeUrl(emulator, "common"), {
        username: "zoe@adventure-works.com",
        password: DEMO_PASSWORD,
      }),
    );
    expect(params.get("code")).toBeTruthy();
    // an address that has an account is never created again: the page asks for its password
    inviteGuest(emulator, DEMO_TENANTS.contoso.id, DEMO_USERS.bruno);
    const page = await browser().run(
      emulator.state.invitations.get("99999999-0000-4000-8000-0000000000aa")!.inviteRedeemUrl,
    );
    expect(page).toMatchObject({ kind: "page", name: "signIn" });
    expect(page.kind === "page" && page.html).not.toContain("create-invited-account");
  });

  it("redeems a pending guest just in time when they sign in at the inviting tenant", async () => {
    const guest = inviteGuest(emulator, DEMO_TENANTS.contoso.id, DEMO_USERS.bruno);
    const params = redirectParams(
      await browser().run(authorizeUrl(emulator, DEMO_TENANTS.contoso.id), as(DEMO_USERS.bruno)),
    );
    expect(params.get("code")).toBeTruthy();
    expect(emulator.state.getUser(guest.id)?.externalUserState).toBe("Accepted");
  });

  it("with common, an invited user still signs in to their home tenant", async () => {
    inviteGuest(emulator, DEMO_TENANTS.contoso.id, DEMO_USERS.alice);
    const { verifier, challenge } = pkce();
    const params = redirectParams(
      await browser().run(
        authorizeUrl(emulator, "common", { code_challenge: challenge, code_challenge_method: "S256" }),
        as(DEMO_USERS.alice),
      ),
    );
    const tokens = await redeemCode(emulator, "common", params.get("code")!, verifier);
    expect(decodeJwt(tokens.body.access_token!)).toMatchObject({
      tid: DEMO_TENANTS.fabrikam.id,
      oid: DEMO_USERS.alice.id,
    });
  });
});
