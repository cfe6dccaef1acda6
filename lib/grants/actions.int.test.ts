// The staff actions on the invitation detail page, run as the server actions run them.
import { describe, expect, it } from "vitest";
import { EmulatorControl } from "@/emulator/control/client";
import { runStaffAction } from "@/lib/actions/staff-action";
import { issueConsentLinkAction } from "@/lib/consent/link-action";
import { consentFully, freshFabrikamInvitee } from "@/lib/consent/flow.test-support";
import { resolveConsentEntry } from "@/lib/consent/links";
import { prisma } from "@/lib/db/client";
import { getEnv, resetEnvForTests } from "@/lib/env";
import { appGraphClientFromEnv } from "@/lib/graph/from-env";
import { createInvitation } from "@/lib/graph/invitations";
import { supportSession } from "@/lib/invitations/int-support";
import { sendTestMailAction } from "./test-mail-action";

const emulator = EmulatorControl.fromEnv();

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.set(name, value);
  return data;
}

describe("issueConsentLink", () => {
  it("gives support a fresh link (audited, on the timeline) that opens the consent page", async () => {
    const support = await supportSession();
    const invitee = await freshFabrikamInvitee("link-action");
    const result = await runStaffAction(issueConsentLinkAction, support, invitee.invitationId);
    expect(result).toMatchObject({ ok: true });
    const url = result.ok ? result.data.url : "";
    expect(await resolveConsentEntry({ token: url.split("/").at(-1)! })).toMatchObject({ kind: "ready" });
    expect(await prisma.auditLogEntry.count({ where: { action: "consent.link_issue", targetId: invitee.invitationId, outcome: "Success", actorId: support.userId } })).toBe(1);
    const audit = await prisma.auditLogEntry.findFirstOrThrow({ where: { action: "consent.link_issue", targetId: invitee.invitationId } });
    expect(JSON.stringify(audit.detail)).not.toContain(url.split("/").at(-1)!);
  });

  it("refuses a revoked invitation", async () => {
    const invitee = await freshFabrikamInvitee("link-revoked");
    await prisma.invitation.update({ where: { id: invitee.invitationId }, data: { status: "Revoked" } });
    expect(await runStaffAction(issueConsentLinkAction, await supportSession(), invitee.invitationId)).toMatchObject({ ok: false, code: "forbidden" });
  });
});

describe("sendTestMail", () => {
  it("sends as the user; the emulator shows the mail; the timeline records it", async () => {
    const invitee = await freshFabrikamInvitee("testmail");
    await consentFully({ invitationId: invitee.invitationId }, invitee.upn);
    const subject = `Test mail ${invitee.invitationId}`;
    const result = await runStaffAction(sendTestMailAction, await supportSession(), form({ invitationId: invitee.invitationId, subject, body: "Hello" }));
    expect(result).toMatchObject({ ok: true, data: { from: invitee.upn, to: invitee.upn } });
    const sent = await emulator.sentMail({ from: invitee.upn });
    expect(sent.filter((mail) => mail.subject === subject)).toHaveLength(1);
    expect(await prisma.invitationEvent.count({ where: { invitationId: invitee.invitationId, type: "test_mail_sent" } })).toBe(1);
  });

  it("validates the form inline and refuses users who have not consented", async () => {
    const support = await supportSession();
    const invitee = await freshFabrikamInvitee("testmail-invalid");
    expect(await runStaffAction(sendTestMailAction, support, form({ invitationId: invitee.invitationId, subject: "", body: "x", to: "not-an-address" }))).toMatchObject({
      ok: false,
      code: "invalid",
      fieldErrors: { subject: [expect.any(String)], to: [expect.any(String)] },
    });
    expect(await runStaffAction(sendTestMailAction, support, form({ invitationId: invitee.invitationId, subject: "s", body: "b" }))).toMatchObject({ ok: false, code: "forbidden" });
  });

  it("explains the consequence of a revoked consent: the grant expires and staff are told to send a link", async () => {
    const invitee = await freshFabrikamInvitee("testmail-revoked");
    await consentFully({ invitationId: invitee.invitationId }, invitee.upn);
    await emulator.revokeUser(invitee.userId);
    await emulator.expireTokens({ kind: "access", userId: invitee.userId });
    const result = await runStaffAction(sendTestMailAction, await supportSession(), form({ invitationId: invitee.invitationId, subject: "s", body: "b" }));
    expect(result).toMatchObject({ ok: false, code: "conflict", message: expect.stringMatching(/consent link/) });
    expect((await prisma.invitation.findUniqueOrThrow({ where: { id: invitee.invitationId } })).status).toBe("ConsentExpired");
  });

  it("a Litware user's mail is accepted but bounces with 550 5.7.708; the result tells staff what that means", async () => {
    const invitee = await freshFabrikamInvitee("lena2", "litware");
    await consentFully({ invitationId: invitee.invitationId }, invitee.upn);
    const result = await runStaffAction(sendTestMailAction, await supportSession(), form({ invitationId: invitee.invitationId, subject: "bounce", body: "b", to: "someone@example.org" }));
    expect(result).toMatchObject({ ok: true, data: { deliveryNote: expect.stringMatching(/5\.7\.708.*reputation/i) } });
    const reports = (await emulator.sentMail({ to: invitee.upn })).filter((mail) => mail.kind === "nonDeliveryReport");
    expect(reports.length).toBeGreaterThan(0);
  });

  it("with CONSENT_AUTHORITY set to our tenant, a guest's test mail fails with MailboxNotEnabledForRESTAPI and the explanation says to use common", async () => {
    const invitee = await freshFabrikamInvitee("misconfigured");
    const graphInvitation = await createInvitation(appGraphClientFromEnv(), { invitedUserEmailAddress: invitee.upn, inviteRedirectUrl: `${getEnv().APP_URL}/consent/i/${invitee.invitationId}`, sendInvitationMessage: false });
    await emulator.redeemInvitedUser(graphInvitation.invitedUser!.id, invitee.userId);
    const previous = process.env.CONSENT_AUTHORITY;
    process.env.CONSENT_AUTHORITY = getEnv().AZURE_TENANT_ID;
    resetEnvForTests();
    try {
      await consentFully({ invitationId: invitee.invitationId }, invitee.upn);
      const result = await runStaffAction(sendTestMailAction, await supportSession(), form({ invitationId: invitee.invitationId, subject: "s", body: "b" }));
      expect(result).toMatchObject({ ok: false, code: "microsoft_error", explanation: { code: "MailboxNotEnabledForRESTAPI" } });
      const fix = result.ok ? "" : (result.explanation?.fix ?? []).join(" ");
      expect(fix).toMatch(/CONSENT_AUTHORITY/);
      expect(fix).toMatch(/common/);
      expect(await prisma.invitationEvent.findFirst({ where: { invitationId: invitee.invitationId, type: "test_mail_failed" } })).toMatchObject({ detail: { code: "MailboxNotEnabledForRESTAPI" } });
    } finally {
      if (previous === undefined) delete process.env.CONSENT_AUTHORITY;
      else process.env.CONSENT_AUTHORITY = previous;
      resetEnvForTests();
    }
  });
});
