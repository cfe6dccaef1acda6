// An invitation Microsoft created a guest for is bound to the account that redeemed it. A vouched
// address is not proof of that: a home tenant can give the invited address to a new account (a
// recycled UPN) after the person redeemed. So the callback asks our tenant for a token with the
// consent's refresh token: only the redeeming account is our guest, with oid = Invitation.graphUserId.
// Played against the emulator's real invitation, redemption, sign-in, consent and token endpoints.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { EmulatorControl } from "@/emulator/control/client";
import { DEMO_PASSWORD, DEMO_TENANTS } from "@/emulator/state/default-scenario";
import { prisma } from "@/lib/db/client";
import { appGraphClientFromEnv } from "@/lib/graph/from-env";
import { createInvitation as postInvitation } from "@/lib/graph/invitations";
import { refreshGrant } from "@/lib/grants/refresh";
import { sendMailAs } from "@/lib/grants/send-mail";
import { asUser, callback, consentFully, driveConsent, invitedThroughGraph } from "./flow.test-support";
import { loadAttemptOutcome } from "./queries";

const control = EmulatorControl.fromEnv();
const fabrikam = DEMO_TENANTS.fabrikam;

async function homeAccount(upn: string) {
  return control.createUser({
    tenantId: fabrikam.id,
    userPrincipalName: upn,
    mail: upn,
    displayName: upn.split("@")[0]!,
    password: DEMO_PASSWORD,
    mailbox: "exchangeOnline",
  });
}

const uniqueUpn = (prefix: string) => `${prefix}-${randomBytes(4).toString("hex")}@${fabrikam.domain}`;

async function refusedAttempt(invitationId: string, upn: string) {
  const driven = await driveConsent({ invitationId }, asUser(upn));
  const result = await callback(driven.callbackUrl!, driven.started.browserBinding);
  return { result, attemptId: driven.started.attemptId };
}

describe("the consenting account must be the one that redeemed the invitation", () => {
  it("the redeemer consents; the grant then refreshes and sends from the home mailbox", async () => {
    const upn = uniqueUpn("redeemer");
    const home = await homeAccount(upn);
    const invited = await invitedThroughGraph(upn);
    await control.redeemInvitation(invited.graphInvitationId);
    await prisma.invitation.update({ where: { id: invited.invitationId }, data: { status: "Accepted" } });

    const grantId = await consentFully({ invitationId: invited.invitationId }, upn);
    expect(await prisma.grant.findUniqueOrThrow({ where: { id: grantId } })).toMatchObject({
      homeTenantId: fabrikam.id,
      objectId: home.id,
    });
    // The cache now also knows the guest's profile in our tenant; the grant still acts as the home account.
    expect(await refreshGrant(grantId, { force: true })).toBe("refreshed");
    const subject = `redeemer ${randomBytes(3).toString("hex")}`;
    await sendMailAs(grantId, {
      subject,
      body: { contentType: "Text", content: "proof" },
      toRecipients: ["someone@example.org"],
    });
    expect(
      (await control.sentMail({ from: upn })).filter((mail) => mail.subject === subject).map((mail) => mail.fromUserId),
    ).toEqual([home.id]);
  });

  it("a recycled address: the account that now holds the invited UPN did not redeem, so it is refused and audited as a takeover attempt", async () => {
    const upn = uniqueUpn("recycled");
    const original = await homeAccount(upn);
    const invited = await invitedThroughGraph(upn);
    await control.redeemInvitation(invited.graphInvitationId, original.id);
    await prisma.invitation.update({
      where: { id: invited.invitationId },
      data: { status: "Accepted", externalUserState: "Accepted" },
    });
    // The home tenant renames the person who left and gives the address to a newcomer.
    await control.updateUser(original.id, { userPrincipalName: uniqueUpn("left"), mail: null });
    const newcomer = await homeAccount(upn);

    const { result, attemptId } = await refusedAttempt(invited.invitationId, upn);
    expect(result).toMatchObject({ outcome: { kind: "not_redeemer", reason: "redeemed_by_other", signedInAs: upn } });
    expect(
      await prisma.grant.count({ where: { OR: [{ invitationId: invited.invitationId }, { objectId: newcomer.id }] } }),
    ).toBe(0);
    expect(
      await prisma.invitation.findUniqueOrThrow({ where: { id: invited.invitationId }, select: { status: true } }),
    ).toEqual({ status: "Accepted" });
    const audit = await prisma.auditLogEntry.findFirstOrThrow({
      where: { targetId: invited.invitationId, action: "consent.grant", outcome: "Denied" },
    });
    expect(audit.detail).toMatchObject({
      reason: "takeover_attempt",
      redemption: "redeemed_by_other",
      objectId: newcomer.id,
      guestObjectId: invited.guestObjectId,
    });
    expect(await loadAttemptOutcome(attemptId)).toMatchObject({
      outcome: { kind: "not_redeemer", reason: "redeemed_by_other" },
    });
  });

  it("an account that is our guest through another invitation: its guest object is not this invitation's", async () => {
    const upn = uniqueUpn("other-guest");
    const invited = await invitedThroughGraph(upn);
    const original = await homeAccount(upn);
    await control.redeemInvitation(invited.graphInvitationId, original.id);
    await control.updateUser(original.id, { userPrincipalName: uniqueUpn("moved"), mail: null });
    // The newcomer holding the address redeemed an invitation of ours for a second address of theirs.
    const newcomer = await homeAccount(upn);
    const second = await postInvitation(appGraphClientFromEnv(), {
      invitedUserEmailAddress: uniqueUpn("second"),
      inviteRedirectUrl: "https://example.org/",
      sendInvitationMessage: false,
    });
    await control.redeemInvitedUser(second.invitedUser!.id, newcomer.id);
    await prisma.invitation.update({ where: { id: invited.invitationId }, data: { status: "Accepted" } });

    const { result } = await refusedAttempt(invited.invitationId, upn);
    expect(result).toMatchObject({ outcome: { kind: "not_redeemer", reason: "redeemed_by_other" } });
    const audit = await prisma.auditLogEntry.findFirstOrThrow({
      where: { targetId: invited.invitationId, action: "consent.grant", outcome: "Denied" },
    });
    expect(audit.detail).toMatchObject({
      reason: "takeover_attempt",
      signedInGuestObjectId: second.invitedUser!.id,
      guestObjectId: invited.guestObjectId,
    });
    expect(await prisma.grant.count({ where: { objectId: newcomer.id } })).toBe(0);
  });

  it("before redeeming, the invited person is asked to accept the invitation first; after redeeming, the same link works", async () => {
    const upn = uniqueUpn("early");
    await homeAccount(upn);
    const invited = await invitedThroughGraph(upn);

    const { result } = await refusedAttempt(invited.invitationId, upn);
    expect(result).toMatchObject({ outcome: { kind: "not_redeemer", reason: "not_redeemed" } });
    const audit = await prisma.auditLogEntry.findFirstOrThrow({
      where: { targetId: invited.invitationId, action: "consent.grant", outcome: "Denied" },
    });
    expect(audit.detail).toMatchObject({ reason: "not_redeemed" });
    expect(await prisma.grant.count({ where: { invitationId: invited.invitationId } })).toBe(0);

    await control.redeemInvitation(invited.graphInvitationId);
    await consentFully({ invitationId: invited.invitationId }, upn);
  });
});
