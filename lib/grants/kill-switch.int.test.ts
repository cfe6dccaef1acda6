// The kill switch of one grant against the emulator's real token and Graph endpoints and a real
// database: a suspended grant is neither refreshed nor used (and says why), an erased one keeps no
// token material but lets the same person connect again, revoking an invitation erases its tokens,
// and none of it touches the guest account or is open to support staff.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { EmulatorControl } from "@/emulator/control/client";
import { runStaffAction } from "@/lib/actions/staff-action";
import { consentFully, freshFabrikamInvitee } from "@/lib/consent/flow.test-support";
import { issueConsentLink } from "@/lib/consent/links";
import { prisma } from "@/lib/db/client";
import { adminSession, supportSession } from "@/test/int-support";
import { revokeInvitationAction } from "@/lib/invitations/actions/revoke";
import { readGrantTokenCache } from "@/lib/tokens/vault";
import { eraseGrantAction, resumeGrantAction, suspendGrantAction } from "./kill-switch";
import { refreshDueGrants, refreshGrant } from "./refresh";
import { SendAsError, sendMailAs } from "./send-mail";
import { sendTestMailAction } from "./test-mail-action";

const emulator = EmulatorControl.fromEnv();
const tokenOf = (url: string) => new URL(url).pathname.split("/").at(-1)!;
const message = (subject: string) => ({
  subject,
  body: { contentType: "Text" as const, content: "kill switch test" },
  toRecipients: ["someone@example.org"],
});
const subject = (label: string) => `${label} ${randomBytes(4).toString("hex")}`;

function testMailForm(invitationId: string): FormData {
  const data = new FormData();
  data.set("invitationId", invitationId);
  data.set("to", "user");
  return data;
}

describe("suspending a grant", () => {
  it("stops the refresh job, sendMailAs and the test mail with the reason, until an admin resumes it", async () => {
    const invitee = await freshFabrikamInvitee("suspend");
    const grantId = await consentFully({ invitationId: invitee.invitationId }, invitee.upn);
    const admin = await adminSession();

    expect(await runStaffAction(suspendGrantAction, admin, grantId)).toMatchObject({
      ok: true,
      data: { grantId, status: "Suspended" },
    });
    const suspended = await prisma.grant.findUniqueOrThrow({ where: { id: grantId } });
    expect(suspended).toMatchObject({ status: "Suspended", nextRefreshAt: null });
    expect(suspended.suspendedAt).not.toBeNull();
    expect(suspended.tokenCacheCipher).not.toBeNull(); // kept, sealed
    expect(await readGrantTokenCache(grantId)).not.toBeNull();

    // Even when due, the refresher does not pick it, and a forced refresh refuses it.
    await prisma.grant.update({ where: { id: grantId }, data: { nextRefreshAt: new Date(Date.now() - 60_000) } });
    await refreshDueGrants({ limit: 10_000 });
    expect(await refreshGrant(grantId, { force: true })).toBe("skipped");
    const after = await prisma.grant.findUniqueOrThrow({ where: { id: grantId } });
    expect(after.version).toBe(suspended.version);
    expect(after.lastRefreshedAt).toEqual(suspended.lastRefreshedAt);

    const blocked = subject("suspended");
    const refused = await sendMailAs(grantId, message(blocked)).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(SendAsError);
    expect(refused).toMatchObject({
      kind: "grant_unusable",
      code: "grant_Suspended",
      message: expect.stringMatching(/suspended/i),
    });
    const testMail = await runStaffAction(
      sendTestMailAction,
      await supportSession(),
      testMailForm(invitee.invitationId),
    );
    expect(testMail).toMatchObject({ ok: false, code: "conflict", message: expect.stringMatching(/suspended/i) });
    // Nothing at all left the user's mailbox while suspended.
    expect(await emulator.sentMail({ from: invitee.upn })).toHaveLength(0);

    expect(await runStaffAction(resumeGrantAction, admin, grantId)).toMatchObject({
      ok: true,
      data: { status: "Active" },
    });
    const resumed = subject("resumed");
    await sendMailAs(grantId, message(resumed));
    expect((await emulator.sentMail({ from: invitee.upn })).filter((mail) => mail.subject === resumed)).toHaveLength(1);
    // Due at once after resuming: the next run checks the kept tokens still work.
    expect(await refreshGrant(grantId)).toBe("refreshed");

    const audit = await prisma.auditLogEntry.findMany({
      where: { targetType: "grant", targetId: grantId },
      orderBy: { createdAt: "asc" },
      select: { action: true, outcome: true, actorId: true },
    });
    expect(audit).toEqual([
      { action: "grant.suspend", outcome: "Success", actorId: admin.userId },
      { action: "grant.resume", outcome: "Success", actorId: admin.userId },
    ]);
    const events = await prisma.invitationEvent.findMany({
      where: { invitationId: invitee.invitationId, type: { startsWith: "grant_" } },
      select: { type: true },
    });
    expect(events.map((event) => event.type).sort()).toEqual(["grant_resumed", "grant_suspended"]);
  });

  it("is for admins only: support is refused on the server and audited Denied", async () => {
    const invitee = await freshFabrikamInvitee("suspend-support");
    const grantId = await consentFully({ invitationId: invitee.invitationId }, invitee.upn);
    const support = await supportSession();
    const started = new Date();
    for (const action of [suspendGrantAction, eraseGrantAction]) {
      expect(await runStaffAction(action, support, grantId)).toMatchObject({ ok: false, code: "forbidden" });
    }
    expect(await prisma.grant.findUniqueOrThrow({ where: { id: grantId }, select: { status: true } })).toEqual({
      status: "Active",
    });
    // Refused by role before the input is read, so the entries name the action, not the grant.
    expect(
      await prisma.auditLogEntry.count({
        where: {
          action: { in: ["grant.suspend", "grant.erase"] },
          outcome: "Denied",
          actorId: support.userId,
          createdAt: { gte: started },
        },
      }),
    ).toBe(2);
    // Resuming an active grant, or erasing twice, is refused for admins too.
    const admin = await adminSession();
    expect(await runStaffAction(resumeGrantAction, admin, grantId)).toMatchObject({ ok: false, code: "forbidden" });
  });
});

describe("erasing a grant", () => {
  it("removes the ciphertext and token facts, keeps a tombstone, leaves the guest alone, and the person can consent again", async () => {
    const invitee = await freshFabrikamInvitee("erase");
    const grantId = await consentFully({ invitationId: invitee.invitationId }, invitee.upn);
    const admin = await adminSession();
    const [last] = (await emulator.requests()).slice(-1);

    expect(await runStaffAction(eraseGrantAction, admin, grantId)).toMatchObject({
      ok: true,
      data: { status: "Erased" },
    });
    const erased = await prisma.grant.findUniqueOrThrow({ where: { id: grantId } });
    expect(erased).toMatchObject({
      status: "Erased",
      erasedReason: "staff_request",
      tokenCacheCipher: null,
      tokenCacheKeyId: null,
      accessTokenExpiresAt: null,
      lastRefreshedAt: null,
      nextRefreshAt: null,
      invitationId: invitee.invitationId,
      objectId: invitee.userId,
      username: invitee.upn,
    });
    expect(erased.erasedAt).not.toBeNull();
    expect(await readGrantTokenCache(grantId)).toBeNull();
    // No call to Graph: the guest account is not touched (no User.ReadWrite.All needed).
    const graphCalls = await emulator.requests({ sinceId: last?.id ?? 0, area: "graph" });
    expect(graphCalls.filter((request) => request.method === "DELETE" || request.url.includes(invitee.userId))).toEqual(
      [],
    );
    expect(
      await prisma.invitation.findUniqueOrThrow({ where: { id: invitee.invitationId }, select: { status: true } }),
    ).toEqual({ status: "Accepted" });
    expect(await refreshGrant(grantId, { force: true })).toBe("skipped");
    await expect(sendMailAs(grantId, message(subject("erased")))).rejects.toMatchObject({
      kind: "grant_unusable",
      code: "grant_Erased",
    });
    // The database refuses tokens without a key id, or an erased grant that still holds tokens.
    await expect(prisma.grant.update({ where: { id: grantId }, data: { erasedAt: null } })).rejects.toThrow();
    expect(await runStaffAction(eraseGrantAction, admin, grantId)).toMatchObject({ ok: false, code: "forbidden" });

    // A new link: the same person connects again, into the same row.
    const link = await issueConsentLink(invitee.invitationId);
    expect(await consentFully({ token: tokenOf(link.url) }, invitee.upn)).toBe(grantId);
    const again = await prisma.grant.findUniqueOrThrow({ where: { id: grantId } });
    expect(again).toMatchObject({ status: "Active", erasedAt: null, erasedReason: null });
    expect(again.tokenCacheCipher).not.toBeNull();
    const sent = subject("after erase");
    await sendMailAs(grantId, message(sent));
    expect((await emulator.sentMail({ from: invitee.upn })).filter((mail) => mail.subject === sent)).toHaveLength(1);
    expect(
      await prisma.auditLogEntry.count({ where: { action: "grant.erase", targetId: grantId, outcome: "Success" } }),
    ).toBe(1);
  });

  it("a suspended grant stays suspended when the person consents again", async () => {
    const invitee = await freshFabrikamInvitee("suspend-reconsent");
    const grantId = await consentFully({ invitationId: invitee.invitationId }, invitee.upn);
    await runStaffAction(suspendGrantAction, await adminSession(), grantId);
    const link = await issueConsentLink(invitee.invitationId);
    await consentFully({ token: tokenOf(link.url) }, invitee.upn);
    expect(await prisma.grant.findUniqueOrThrow({ where: { id: grantId }, select: { status: true } })).toEqual({
      status: "Suspended",
    });
  });
});

describe("revoking an invitation", () => {
  it("erases the grant's tokens (the row stays, status Revoked)", async () => {
    const invitee = await freshFabrikamInvitee("revoke-erases");
    const grantId = await consentFully({ invitationId: invitee.invitationId }, invitee.upn);
    expect(await runStaffAction(revokeInvitationAction, await adminSession(), invitee.invitationId)).toMatchObject({
      ok: true,
      data: { grantRevoked: true },
    });
    const grant = await prisma.grant.findUniqueOrThrow({ where: { id: grantId } });
    expect(grant).toMatchObject({
      status: "Revoked",
      erasedReason: "invitation_revoked",
      tokenCacheCipher: null,
      tokenCacheKeyId: null,
      nextRefreshAt: null,
    });
    expect(grant.erasedAt).not.toBeNull();
    // The company's product hears that the grant ended, and why.
    const events = await prisma.outboxEvent.findMany({ where: { type: "grant.erased", subjectId: grantId } });
    expect(events.map((event) => event.payload)).toEqual([
      expect.objectContaining({ id: grantId, status: "Revoked", erasureReason: "invitation_revoked" }),
    ]);
  });
});
