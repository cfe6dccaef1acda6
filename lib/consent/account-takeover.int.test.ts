// The mail-attribute takeover ("nOAuth") in its three forms, and the grant's binding to one
// account, played against the emulator's real sign-in, consent and token endpoints. The attacker
// is an admin of a tenant of their own, who sets a user's `mail` attribute to the victim's address.
// The app here is an older registration that still receives unverified `email` claims (Microsoft
// removes them by default only for apps registered after June 2023), so the portal's own check is
// what stands between the attacker and the grant.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EmulatorControl } from "@/emulator/control/client";
import { DEMO_APP, DEMO_PASSWORD, DEMO_TENANTS } from "@/emulator/state/default-scenario";
import { prisma } from "@/lib/db/client";
import { sendMailAs } from "@/lib/grants/send-mail";
import {
  asUser,
  callback,
  consentFully,
  createInvitation,
  driveConsent,
  freshFabrikamInvitee,
} from "./flow.test-support";
import { issueConsentLink, resolveConsentEntry } from "./links";

const control = EmulatorControl.fromEnv();

beforeAll(() => control.updateApp(DEMO_APP.clientId, { removeUnverifiedEmailClaim: false }));
afterAll(() => control.updateApp(DEMO_APP.clientId, { removeUnverifiedEmailClaim: true }));

/** A tenant of the attacker's own (any domain they verified) and a user in it with `mail` = `address` (default: its own UPN). */
async function attackerWithMail(address?: string): Promise<{ upn: string; userId: string; tenantId: string }> {
  const domain = `mallory-${randomBytes(4).toString("hex")}.example`;
  const tenant = await control.createTenant({ displayName: "Mallory Ltd", domains: [domain] });
  const upn = `mallory@${domain}`;
  const user = await control.createUser({
    tenantId: tenant.id,
    userPrincipalName: upn,
    mail: address ?? upn,
    password: DEMO_PASSWORD,
  });
  return { upn, userId: user.id, tenantId: tenant.id };
}

const tokenOf = (url: string) => new URL(url).pathname.split("/").at(-1)!;
const grantsOf = (objectId: string) => prisma.grant.count({ where: { objectId } });
const message = (subject: string) => ({
  subject,
  body: { contentType: "Text" as const, content: "Sent by the takeover test." },
  toRecipients: ["someone@example.org"],
});

describe("mail-attribute takeover (an address claim counts only when Microsoft vouches for it)", () => {
  it("form 1: an account whose mail is the invited address cannot consent through /consent/i/{id} before the invited person redeems", async () => {
    const victim = await freshFabrikamInvitee("victim-early");
    await prisma.invitation.update({ where: { id: victim.invitationId }, data: { status: "PendingAcceptance" } });
    const mallory = await attackerWithMail(victim.upn);

    const driven = await driveConsent({ invitationId: victim.invitationId }, asUser(mallory.upn));
    expect(await callback(driven.callbackUrl!, driven.started.browserBinding)).toMatchObject({
      outcome: { kind: "wrong_account", signedInAs: mallory.upn, invitedAddress: victim.upn },
    });
    expect(await prisma.grant.count({ where: { invitationId: victim.invitationId } })).toBe(0);
    expect(await grantsOf(mallory.userId)).toBe(0);
    expect(
      await prisma.invitation.findUniqueOrThrow({ where: { id: victim.invitationId }, select: { status: true } }),
    ).toEqual({ status: "PendingAcceptance" });
    // staff see it as what it is: the address came from an unverified claim
    const audit = await prisma.auditLogEntry.findFirstOrThrow({
      where: { targetId: victim.invitationId, action: "consent.grant", outcome: "Denied" },
    });
    expect(audit.detail).toMatchObject({ reason: "wrong_account", unverifiedAddressClaim: true });

    // the invited person still can
    await consentFully({ invitationId: victim.invitationId }, victim.upn);
  });

  it("form 2: with an unspent consent link the attacker cannot overwrite an existing grant; mail still goes from the invited person's mailbox", async () => {
    const bruno = await freshFabrikamInvitee("bruno");
    const grantId = await consentFully({ invitationId: bruno.invitationId }, bruno.upn);
    const link = await issueConsentLink(bruno.invitationId); // e.g. sent for a renewal, not yet used
    const mallory = await attackerWithMail(bruno.upn);

    const driven = await driveConsent({ token: tokenOf(link.url) }, asUser(mallory.upn));
    expect(await callback(driven.callbackUrl!, driven.started.browserBinding)).toMatchObject({
      outcome: { kind: "wrong_account", signedInAs: mallory.upn },
    });
    expect(await prisma.grant.findUniqueOrThrow({ where: { id: grantId } })).toMatchObject({
      invitationId: bruno.invitationId,
      homeTenantId: DEMO_TENANTS.fabrikam.id,
      objectId: bruno.userId,
    });
    expect(await resolveConsentEntry({ token: tokenOf(link.url) })).toMatchObject({ kind: "ready" });

    const subject = `send as bruno ${randomBytes(3).toString("hex")}`;
    await sendMailAs(grantId, message(subject));
    const sent = (await control.sentMail()).filter((mail) => mail.subject === subject);
    expect(sent.map((mail) => mail.fromUserId)).toEqual([bruno.userId]);
  });

  it("form 3: changing the mail attribute does not move the attacker's own grant to another invitation", async () => {
    const mallory = await attackerWithMail();
    const own = await createInvitation(mallory.upn);
    const malloryGrantId = await consentFully({ invitationId: own.id }, mallory.upn);

    const victim = await freshFabrikamInvitee("victim-moved");
    await control.updateUser(mallory.userId, { mail: victim.upn });
    const driven = await driveConsent({ invitationId: victim.invitationId }, asUser(mallory.upn));
    expect(await callback(driven.callbackUrl!, driven.started.browserBinding)).toMatchObject({
      outcome: { kind: "wrong_account" },
    });
    expect(await prisma.grant.findUniqueOrThrow({ where: { id: malloryGrantId } })).toMatchObject({
      invitationId: own.id,
      objectId: mallory.userId,
    });
    expect(await prisma.grant.count({ where: { invitationId: victim.invitationId } })).toBe(0);
  });
});

describe("a grant belongs to one account (tid, oid) forever", () => {
  it("another account with a verified claim to the address (the name was given to someone else) cannot take over the grant", async () => {
    const bruno = await freshFabrikamInvitee("bruno-left");
    const grantId = await consentFully({ invitationId: bruno.invitationId }, bruno.upn);
    const link = await issueConsentLink(bruno.invitationId);
    // Fabrikam renames the old account and gives the address to a new employee
    await control.updateUser(bruno.userId, {
      userPrincipalName: bruno.upn.replace("@", "-old@"),
      mail: bruno.upn.replace("@", "-old@"),
    });
    const successor = await control.createUser({
      tenantId: DEMO_TENANTS.fabrikam.id,
      userPrincipalName: bruno.upn,
      mail: bruno.upn,
      password: DEMO_PASSWORD,
    });

    const driven = await driveConsent({ token: tokenOf(link.url) }, asUser(bruno.upn));
    expect(await callback(driven.callbackUrl!, driven.started.browserBinding)).toMatchObject({
      outcome: { kind: "account_conflict", reason: "invitation_has_other_account", signedInAs: bruno.upn },
    });
    expect(await prisma.grant.findUniqueOrThrow({ where: { id: grantId } })).toMatchObject({
      objectId: bruno.userId,
      invitationId: bruno.invitationId,
    });
    expect(await grantsOf(successor.id)).toBe(0);
    expect(await resolveConsentEntry({ token: tokenOf(link.url) })).toMatchObject({ kind: "ready" });
    const audit = await prisma.auditLogEntry.findFirstOrThrow({
      where: { targetId: bruno.invitationId, action: "consent.grant", outcome: "Denied" },
    });
    expect(audit.detail).toMatchObject({
      reason: "takeover_attempt",
      conflict: "invitation_has_other_account",
      objectId: successor.id,
      grantId,
    });
    expect(
      await prisma.invitationEvent.count({
        where: { invitationId: bruno.invitationId, type: "consent_account_conflict" },
      }),
    ).toBe(1);
  });

  it("an account connected for one invitation cannot move its grant to another invitation", async () => {
    const alice = await freshFabrikamInvitee("alice-renamed");
    const grantId = await consentFully({ invitationId: alice.invitationId }, alice.upn);
    // renamed, and invited again under the new address
    const renamed = alice.upn.replace("@", ".smith@");
    await control.updateUser(alice.userId, { userPrincipalName: renamed, mail: renamed });
    const second = await createInvitation(renamed);

    const driven = await driveConsent({ invitationId: second.id }, asUser(renamed));
    expect(await callback(driven.callbackUrl!, driven.started.browserBinding)).toMatchObject({
      outcome: { kind: "account_conflict", reason: "account_has_other_invitation", signedInAs: renamed },
    });
    expect(await prisma.grant.findUniqueOrThrow({ where: { id: grantId } })).toMatchObject({
      invitationId: alice.invitationId,
    });
    expect(await prisma.grant.count({ where: { invitationId: second.id } })).toBe(0);
  });

  it("the database refuses to change a grant's account or move it between invitations", async () => {
    const invitee = await freshFabrikamInvitee("immutable");
    const grantId = await consentFully({ invitationId: invitee.invitationId }, invitee.upn);
    const other = await createInvitation(`other-${randomBytes(3).toString("hex")}@fabrikam.com`);
    await expect(
      prisma.grant.update({ where: { id: grantId }, data: { objectId: "00000000-0000-4000-8000-000000000000" } }),
    ).rejects.toThrow();
    await expect(
      prisma.grant.update({ where: { id: grantId }, data: { homeTenantId: DEMO_TENANTS.contoso.id } }),
    ).rejects.toThrow();
    await expect(prisma.grant.update({ where: { id: grantId }, data: { homeAccountId: "x.y" } })).rejects.toThrow();
    await expect(prisma.grant.update({ where: { id: grantId }, data: { invitationId: other.id } })).rejects.toThrow();
    // refreshing (tokens, facts) is untouched by the rule
    await prisma.grant.update({ where: { id: grantId }, data: { nextRefreshAt: new Date() } });
  });
});
