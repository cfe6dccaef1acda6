// POST /invitations through the unmodified Microsoft Graph JS client, over HTTPS, app-only token
// from MSAL Node: what the portal's invite step does, and each rule Graph enforces on it.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../server";
import { DEMO_TENANTS, DEMO_USERS } from "../state/default-scenario";
import { startTestEmulator } from "../test-support";
import {
  appGraphClient,
  delegatedGraphClient,
  delegatedToken,
  graphFailure,
  setApplicationPermissions,
} from "./test-clients";

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startTestEmulator();
});
afterAll(async () => {
  await emulator?.close();
});
beforeEach(() => emulator.reset());

const redirect = "https://portal.example/consent/inv-1";

interface InvitationResponse {
  id: string;
  status: string;
  inviteRedeemUrl: string;
  invitedUserType: string;
  invitedUser: { id: string };
}

describe("POST /v1.0/invitations", () => {
  it("creates a pending guest with an #EXT# user principal name and returns the redeem link", async () => {
    const graph = appGraphClient(emulator);
    const invitation = (await graph.api("/invitations").post({
      invitedUserEmailAddress: "Nora@northwind.com",
      invitedUserDisplayName: "Nora N",
      inviteRedirectUrl: redirect,
    })) as InvitationResponse;
    expect(invitation).toMatchObject({
      status: "PendingAcceptance",
      invitedUserType: "Guest",
      inviteRedirectUrl: redirect,
      sendInvitationMessage: false,
    });
    const link = new URL(invitation.inviteRedeemUrl);
    expect(`${link.origin}${link.pathname}`).toBe(`${emulator.authorityHost}/redeem`);
    expect(link.searchParams.get("ticket")).toBe(invitation.id);
    expect(link.searchParams.get("user")).toBe(invitation.invitedUser.id);

    const guest = await graph
      .api(`/users/${invitation.invitedUser.id}`)
      .select([
        "userPrincipalName",
        "userType",
        "mail",
        "otherMails",
        "externalUserState",
        "externalUserStateChangeDateTime",
        "creationType",
      ])
      .get();
    expect(guest).toMatchObject({
      id: invitation.invitedUser.id,
      userPrincipalName: "Nora_northwind.com#EXT#@contoso.com",
      userType: "Guest",
      mail: "Nora@northwind.com",
      otherMails: ["Nora@northwind.com"],
      externalUserState: "PendingAcceptance",
      creationType: "Invitation",
    });
    expect(Date.parse(guest.externalUserStateChangeDateTime as string)).toBeGreaterThan(Date.now() - 60_000);
  });

  it("returns the same user with a new invitation when the address is invited again, and Completed once redeemed", async () => {
    const graph = appGraphClient(emulator);
    const body = { invitedUserEmailAddress: "alice@fabrikam.com", inviteRedirectUrl: redirect };
    const first = (await graph.api("/invitations").post(body)) as InvitationResponse;
    const second = (await graph
      .api("/invitations")
      .post({ ...body, invitedUserEmailAddress: "ALICE@fabrikam.com" })) as InvitationResponse;
    expect(second.invitedUser.id).toBe(first.invitedUser.id);
    expect(second.id).not.toBe(first.id);

    const guest = emulator.state.getUser(first.invitedUser.id)!;
    emulator.state.redeemInvitation(guest, emulator.state.getUser(DEMO_USERS.alice.id)!);
    const third = (await graph.api("/invitations").post(body)) as InvitationResponse;
    expect(third).toMatchObject({ status: "Completed", invitedUser: { id: first.invitedUser.id } });
  });

  it("records the invitation mail and cc when sendInvitationMessage is true, leaving out an app-only caller's custom message", async () => {
    await appGraphClient(emulator)
      .api("/invitations")
      .post({
        invitedUserEmailAddress: "bruno@fabrikam.com",
        inviteRedirectUrl: redirect,
        sendInvitationMessage: true,
        invitedUserMessageInfo: {
          customizedMessageBody: "Welcome aboard, Bruno",
          messageLanguage: "fr-FR",
          ccRecipients: [{ emailAddress: { address: "admin@contoso.com" } }],
        },
      });
    const mail = emulator.state.sentMail.find((sent) => sent.kind === "invitation");
    expect(mail).toMatchObject({
      to: [{ address: "bruno@fabrikam.com" }],
      cc: [{ address: "admin@contoso.com" }],
      delivery: { status: "delivered" },
    });
    // Entra B2B troubleshooting: "Invite does not include personal messages" when an app sends it.
    expect(mail?.body.content).not.toContain("Welcome aboard, Bruno");
    expect(mail?.body.content).toContain("/redeem?");
  });

  it("keeps the custom message when a user sends the invitation (delegated)", async () => {
    const admin = emulator.state.getUser(DEMO_USERS.admin.id)!;
    const graph = delegatedGraphClient(emulator, await delegatedToken(emulator, admin, ["User.Invite.All"]));
    await graph.api("/invitations").post({
      invitedUserEmailAddress: "bruno@fabrikam.com",
      inviteRedirectUrl: redirect,
      sendInvitationMessage: true,
      invitedUserMessageInfo: { customizedMessageBody: "Welcome aboard, Bruno" },
    });
    expect(emulator.state.sentMail.find((sent) => sent.kind === "invitation")?.body.content).toContain(
      "Welcome aboard, Bruno",
    );
  });

  it("sends no mail by default", async () => {
    await appGraphClient(emulator)
      .api("/invitations")
      .post({ invitedUserEmailAddress: "bruno@fabrikam.com", inviteRedirectUrl: redirect });
    expect(emulator.state.sentMail).toHaveLength(0);
  });

  it.each(["an~a@fabrikam.com", "ana!@fabrikam.com", "a$na@fabrikam.com"])(
    "refuses %s with Graph's 400",
    async (address) => {
      const error = await graphFailure(
        appGraphClient(emulator)
          .api("/invitations")
          .post({ invitedUserEmailAddress: address, inviteRedirectUrl: redirect }),
      );
      expect(error.statusCode).toBe(400);
      expect(error.code).toBe("BadRequest");
      expect(error.message).toBe("The Primary SMTP Address is an invalid value.");
      expect(error.requestId).toMatch(/^[0-9a-f-]{36}$/);
    },
  );

  it("refuses a body without the required properties", async () => {
    const graph = appGraphClient(emulator);
    expect((await graphFailure(graph.api("/invitations").post({ inviteRedirectUrl: redirect }))).statusCode).toBe(400);
    const missingRedirect = await graphFailure(
      graph.api("/invitations").post({ invitedUserEmailAddress: "ana@fabrikam.com" }),
    );
    expect(missingRedirect.statusCode).toBe(400);
    expect(missingRedirect.message).toContain("inviteRedirectUrl");
  });

  it("needs User.ReadWrite.All besides User.Invite.All to invite a Member", async () => {
    const body = {
      invitedUserEmailAddress: "nora@northwind.com",
      inviteRedirectUrl: redirect,
      invitedUserType: "Member",
    };
    const denied = await graphFailure(appGraphClient(emulator).api("/invitations").post(body));
    expect(denied).toMatchObject({
      statusCode: 403,
      code: "Authorization_RequestDenied",
      message: "Insufficient privileges to complete the operation.",
    });
    expect(emulator.state.findUserByMail(DEMO_TENANTS.contoso.id, "nora@northwind.com")).toBeUndefined();

    setApplicationPermissions(emulator, ["User.Invite.All", "User.ReadWrite.All"]);
    const member = (await appGraphClient(emulator).api("/invitations").post(body)) as InvitationResponse;
    expect(member.invitedUserType).toBe("Member");
    expect(emulator.state.getUser(member.invitedUser.id)?.userType).toBe("Member");
  });

  it("needs User.ReadWrite.All for resetRedemption, which puts a redeemed guest back to PendingAcceptance", async () => {
    const graph = appGraphClient(emulator);
    const first = (await graph
      .api("/invitations")
      .post({ invitedUserEmailAddress: "alice@fabrikam.com", inviteRedirectUrl: redirect })) as InvitationResponse;
    const guest = emulator.state.getUser(first.invitedUser.id)!;
    emulator.state.redeemInvitation(guest, emulator.state.getUser(DEMO_USERS.alice.id)!);
    const reset = {
      invitedUserEmailAddress: "alice@fabrikam.com",
      inviteRedirectUrl: redirect,
      resetRedemption: true,
      invitedUser: { id: guest.id },
    };

    expect(await graphFailure(graph.api("/invitations").post(reset))).toMatchObject({
      statusCode: 403,
      code: "Authorization_RequestDenied",
    });
    expect(guest.externalUserState).toBe("Accepted");

    setApplicationPermissions(emulator, ["User.Invite.All", "User.ReadWrite.All"]);
    const again = (await appGraphClient(emulator).api("/invitations").post(reset)) as InvitationResponse;
    expect(again).toMatchObject({ status: "PendingAcceptance", invitedUser: { id: guest.id } });
    expect(guest).toMatchObject({ externalUserState: "PendingAcceptance", redeemedBy: null });
  });

  it("refuses invitations when the tenant disabled B2B invitations or Microsoft blocked them", async () => {
    const body = { invitedUserEmailAddress: "alice@fabrikam.com", inviteRedirectUrl: redirect };
    const tenant = emulator.state.getTenant(DEMO_TENANTS.contoso.id)!;
    tenant.invitationsDisabled = true;
    const disabled = await graphFailure(appGraphClient(emulator).api("/invitations").post(body));
    expect(disabled).toMatchObject({ statusCode: 403, code: "Authorization_RequestDenied" });
    expect(disabled.message).toMatch(/Guest invitations not allowed/);
    tenant.invitationsDisabled = false;
    tenant.invitationsBlockedForSuspiciousActivity = true;
    const blocked = await graphFailure(appGraphClient(emulator).api("/invitations").post(body));
    expect(blocked.statusCode).toBe(403);
    expect(blocked.message).toMatch(/suspicious activity/);
    expect(emulator.state.findUserByMail(DEMO_TENANTS.contoso.id, "alice@fabrikam.com")).toBeUndefined();
  });

  it("needs an invitation permission at all", async () => {
    setApplicationPermissions(emulator, ["User.Read.All"]);
    const error = await graphFailure(
      appGraphClient(emulator)
        .api("/invitations")
        .post({ invitedUserEmailAddress: "alice@fabrikam.com", inviteRedirectUrl: redirect }),
    );
    expect(error).toMatchObject({ statusCode: 403, code: "Authorization_RequestDenied" });
  });
});
