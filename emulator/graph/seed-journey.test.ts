// The seed's journey end to end, every hop through the emulator's real endpoints with unmodified
// clients: invite (Graph client + MSAL app token) → redeem (browser) → consent (MSAL auth code with
// PKCE) → send mail (Graph client). With a tenant authority the guest's token meets
// MailboxNotEnabledForRESTAPI; with `common` the mail goes out — or bounces with 550 5.7.708 when
// the user's tenant is flagged for IP reputation.
import { ConfidentialClientApplication, CryptoProvider } from "@azure/msal-node";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ScriptedBrowser } from "../identity/scripted-browser";
import type { RunningEmulator } from "../server";
import { DEMO_APP, DEMO_PASSWORD, DEMO_TENANTS, DEMO_USERS } from "../state/default-scenario";
import { startTestEmulator } from "../test-support";
import { appGraphClient, delegatedGraphClient, graphFailure } from "./test-clients";

const APP_URL = "http://localhost:3998";
const CONSENT_REDIRECT = `${APP_URL}/consent/callback`;
const SCOPES = ["openid", "offline_access", "email", "profile", "User.Read", "Mail.Send"];
const message = {
  message: {
    subject: "Sent by Guestpass",
    body: { contentType: "Text", content: "Hi" },
    toRecipients: [{ emailAddress: { address: "customer@example.org" } }],
  },
};

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startTestEmulator({ appUrl: APP_URL });
});
afterAll(async () => {
  await emulator?.close();
});
beforeEach(() => emulator.reset());

async function inviteAndRedeem(user: { upn: string }) {
  const graph = appGraphClient(emulator);
  const invitation = (await graph
    .api("/invitations")
    .post({ invitedUserEmailAddress: user.upn, inviteRedirectUrl: `${APP_URL}/consent/start` })) as {
    inviteRedeemUrl: string;
    invitedUser: { id: string };
  };
  const outcome = await new ScriptedBrowser(emulator.url).run(invitation.inviteRedeemUrl, {
    username: user.upn,
    password: DEMO_PASSWORD,
  });
  expect(outcome.kind === "redirect" && outcome.url.toString()).toBe(`${APP_URL}/consent/start`);
  const guest = await graph
    .api(`/users/${invitation.invitedUser.id}`)
    .select(["externalUserState", "externalUserStateChangeDateTime"])
    .get();
  expect(guest.externalUserState).toBe("Accepted");
  return invitation.invitedUser.id;
}

async function delegatedTokenVia(
  authority: string,
  user: { upn: string },
): Promise<{ accessToken: string; tenantId: string }> {
  const client = new ConfidentialClientApplication({
    auth: {
      clientId: DEMO_APP.clientId,
      clientSecret: DEMO_APP.clientSecret,
      authority: `${emulator.authorityHost}/${authority}`,
      knownAuthorities: [new URL(emulator.authorityHost).host],
    },
  });
  const { verifier, challenge } = await new CryptoProvider().generatePkceCodes();
  const url = await client.getAuthCodeUrl({
    scopes: SCOPES,
    redirectUri: CONSENT_REDIRECT,
    codeChallenge: challenge,
    codeChallengeMethod: "S256",
    loginHint: user.upn,
  });
  const outcome = await new ScriptedBrowser(emulator.url).run(url, { username: user.upn, password: DEMO_PASSWORD });
  if (outcome.kind !== "redirect" || !outcome.url.searchParams.get("code"))
    throw new Error(`consent did not complete: ${JSON.stringify(outcome).slice(0, 300)}`);
  const result = await client.acquireTokenByCode({
    code: outcome.url.searchParams.get("code")!,
    scopes: SCOPES,
    redirectUri: CONSENT_REDIRECT,
    codeVerifier: verifier,
  });
  return { accessToken: result.accessToken, tenantId: result.tenantId };
}

describe("the seed's journey", () => {
  it("a redeemed guest consenting at the company's tenant authority gets MailboxNotEnabledForRESTAPI on sendMail", async () => {
    const guestId = await inviteAndRedeem(DEMO_USERS.alice);
    const { accessToken, tenantId } = await delegatedTokenVia(DEMO_TENANTS.contoso.id, DEMO_USERS.alice);
    expect(tenantId).toBe(DEMO_TENANTS.contoso.id);
    const graph = delegatedGraphClient(emulator, accessToken);
    expect(await graph.api("/me").select("id").get()).toMatchObject({ id: guestId });
    const error = await graphFailure(graph.api("/me/sendMail").post(message));
    expect(error).toMatchObject({
      statusCode: 404,
      code: "MailboxNotEnabledForRESTAPI",
      message: "The mailbox is either inactive, soft-deleted, or is hosted on-premise.",
    });
  });

  it("the same user consenting through `common` sends mail as themself", async () => {
    await inviteAndRedeem(DEMO_USERS.alice);
    const { accessToken, tenantId } = await delegatedTokenVia("common", DEMO_USERS.alice);
    expect(tenantId).toBe(DEMO_TENANTS.fabrikam.id);
    await delegatedGraphClient(emulator, accessToken).api("/me/sendMail").post(message);
    expect(emulator.state.sentMail.at(-1)).toMatchObject({
      from: { address: DEMO_USERS.alice.upn },
      delivery: { status: "delivered" },
    });
  });

  it("a user whose tenant is flagged for IP reputation gets 202, then the 550 5.7.708 non-delivery report", async () => {
    await inviteAndRedeem(DEMO_USERS.lena);
    const { accessToken } = await delegatedTokenVia("common", DEMO_USERS.lena);
    await delegatedGraphClient(emulator, accessToken).api("/me/sendMail").post(message);
    const [sent, report] = emulator.state.sentMail.filter((mail) => mail.kind !== "invitation");
    expect(sent).toMatchObject({
      delivery: {
        status: "bounced",
        smtpStatus: "550 5.7.708 Service unavailable. Access denied, traffic not accepted from this IP.",
      },
    });
    expect(report).toMatchObject({
      kind: "nonDeliveryReport",
      to: [{ address: DEMO_USERS.lena.upn }],
      subject: "Undeliverable: Sent by Guestpass",
    });
  });
});
