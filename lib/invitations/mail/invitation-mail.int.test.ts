// Who mails the invitation, seen from the invitee's side: the mail the emulator recorded for the
// invited address. With Guestpass's own mail Microsoft sends nothing and the one mail comes from the
// sender mailbox with the brand, the staff member's message, the redeem link and the invitation's
// language; with Microsoft's mail the message is dropped (an app-only invitation). A send run twice,
// or resumed after a crash mid-mail, mails once; a refusal ends Failed with the catalogue's fix.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { EmulatorControl } from "@/emulator/control/client";
import { DEMO_APP, DEMO_TENANTS, DEMO_USERS } from "@/emulator/state/default-scenario";
import { runStaffAction } from "@/lib/actions/staff-action";
import { prisma } from "@/lib/db/client";
import { inviteUserAction } from "@/lib/invitations/actions/invite";
import { resendInvitationAction } from "@/lib/invitations/actions/resend";
import { sendInvitation } from "@/lib/invitations/worker/send";
import { adminSession, freshGraphClient, inviteForm, uniqueEmail } from "@/test/int-support";
import { INVITATION_MAIL_HEADER } from "./compose";

const emulator = EmulatorControl.fromEnv();
const SENDER = DEMO_USERS.employee.upn;
const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);

const unescape = (html: string) => html.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));

async function setSender(senderMailbox: string | null) {
  await prisma.invitationMailSettings.upsert({
    where: { id: 1 },
    create: { id: 1, mode: "microsoft", senderMailbox },
    update: { senderMailbox },
  });
}

/** Invites through the staff action (the mode as the form sends it); the test runs the send itself. */
async function invite(fields: Record<string, string>): Promise<string> {
  const result = await runStaffAction(
    inviteUserAction,
    await adminSession(),
    inviteForm({ sendInvitationMessage: "on", ...fields }),
  );
  if (!result.ok || result.data.kind !== "queued") throw new Error(`not queued: ${JSON.stringify(result)}`);
  return result.data.invitationId;
}

const mailTo = (email: string) => emulator.sentMail({ to: email });

beforeAll(async () => {
  await setSender(SENDER);
  await prisma.brand.upsert({
    where: { id: 1 },
    create: {
      id: 1,
      companyName: "Contoso Ltd",
      supportEmail: "help@contoso.com",
      logo: Buffer.from(PNG),
      logoType: "image/png",
    },
    update: {
      companyName: "Contoso Ltd",
      supportEmail: "help@contoso.com",
      logo: Buffer.from(PNG),
      logoType: "image/png",
    },
  });
});
afterEach(() => emulator.resetFaults());
afterAll(async () => {
  await prisma.invitationMailSettings.deleteMany();
  await prisma.brand.deleteMany();
});

describe("Guestpass's own invitation mail", () => {
  it("carries the brand, the message and the redeem link, in Chinese for zh-CN; Microsoft sends nothing", async () => {
    const email = uniqueEmail("own-zh");
    const id = await invite({
      email,
      displayName: "Ada Li",
      mailMode: "guestpass",
      customMessage: "欢迎加入，Ada！\nSee you soon.",
      messageLanguage: "zh-CN",
    });
    expect(await sendInvitation(id)).toMatchObject({ kind: "sent" });

    const invitation = await prisma.invitation.findUniqueOrThrow({ where: { id } });
    expect(invitation).toMatchObject({ status: "PendingAcceptance", mailMode: "guestpass" });
    expect(invitation.invitationMailSentAt).toBeInstanceOf(Date);
    const sent = await prisma.invitationEvent.findFirstOrThrow({ where: { invitationId: id, type: "sent" } });
    expect(sent.detail).toMatchObject({
      invitationMail: "sent by Guestpass",
      invitationMailFrom: SENDER,
      invitationMailLanguage: "zh-CN",
    });
    const posted = (await emulator.listInvitations()).filter((i) => i.invitedUserEmailAddress === email);
    expect(posted.map((i) => i.sendInvitationMessage)).toEqual([false]);

    const mails = await mailTo(email);
    expect(mails).toHaveLength(1);
    const [mail] = mails;
    expect(mail).toMatchObject({
      kind: "message",
      from: { address: SENDER },
      subject: "Contoso Ltd 邀请您连接您的 Microsoft 帐户",
      replyTo: [{ address: "help@contoso.com" }],
      internetMessageHeaders: [{ name: INVITATION_MAIL_HEADER, value: id }],
      attachments: [expect.objectContaining({ contentType: "image/png" })],
    });
    const body = unescape(mail!.body.content);
    expect(body).toContain("Ada Li，您好：");
    expect(body).toContain("欢迎加入，Ada！\nSee you soon.");
    expect(body).toContain("Contoso Ltd 给您的留言：");
    expect(body).toContain(`href="${invitation.inviteRedeemUrl}"`);
    expect(body).toContain('src="cid:brand-logo"');
  });

  it("is in English when the invitation names no language Guestpass writes", async () => {
    for (const messageLanguage of ["", "fr-FR"]) {
      const email = uniqueEmail("own-en");
      const id = await invite({ email, mailMode: "guestpass", customMessage: "Welcome aboard", messageLanguage });
      await sendInvitation(id);
      const [mail] = await mailTo(email);
      expect(mail?.subject).toBe("Contoso Ltd invites you to connect your Microsoft account");
      expect(unescape(mail!.body.content)).toContain("Hello,");
      expect(unescape(mail!.body.content)).toContain("Welcome aboard");
    }
  });

  it("mails once when the send job runs twice, one after the other or at the same time", async () => {
    const email = uniqueEmail("own-twice");
    const id = await invite({ email, mailMode: "guestpass", customMessage: "Once only" });
    const outcomes = await Promise.all([sendInvitation(id), sendInvitation(id)]);
    expect(outcomes.map((o) => o.kind).sort()).toContain("sent");
    expect(await sendInvitation(id)).toEqual({ kind: "skipped" });
    expect(await mailTo(email)).toHaveLength(1);
    expect(await prisma.invitationEvent.count({ where: { invitationId: id, type: "sent" } })).toBe(1);
  });

  it("after a crash between sendMail and recording it, does not mail again and tells staff what to check", async () => {
    const email = uniqueEmail("own-crash");
    const id = await invite({ email, mailMode: "guestpass" });
    // What a worker that died mid-mail leaves: the guest exists, the mail was started long ago.
    await prisma.invitation.update({
      where: { id },
      data: {
        status: "Sending",
        graphUserId: (await prisma.$queryRaw<{ id: string }[]>`SELECT gen_random_uuid()::text AS id`)[0]!.id,
        invitationMailStartedAt: new Date(Date.now() - 10 * 60_000),
      },
    });
    expect(await sendInvitation(id)).toMatchObject({ kind: "sent" });
    const invitation = await prisma.invitation.findUniqueOrThrow({ where: { id } });
    expect(invitation).toMatchObject({
      status: "PendingAcceptance",
      invitationMailSentAt: null,
      lastErrorCode: "InvitationMail.OutcomeUnknown",
    });
    const sent = await prisma.invitationEvent.findFirstOrThrow({ where: { invitationId: id, type: "sent" } });
    expect(sent.detail).toMatchObject({
      invitationMail: "outcome unknown",
      invitationMailCheck: expect.stringContaining("Sent Items"),
    });
    expect(await mailTo(email)).toHaveLength(0);
  });

  it("when the connection drops during sendMail, records the outcome as unknown and never posts the mail again", async () => {
    const email = uniqueEmail("own-reset");
    const id = await invite({ email, mailMode: "guestpass" });
    await emulator.setFaults({
      rules: [{ pathPrefix: "/v1.0/users", methods: ["POST"], connectionResetRate: 1 }],
    });
    expect(await sendInvitation(id)).toMatchObject({ kind: "sent" });
    await emulator.resetFaults();
    expect(await sendInvitation(id)).toEqual({ kind: "skipped" });
    expect(await prisma.invitation.findUniqueOrThrow({ where: { id } })).toMatchObject({
      status: "PendingAcceptance",
      lastErrorCode: "InvitationMail.OutcomeUnknown",
    });
    expect(await mailTo(email)).toHaveLength(0);
  });

  it("without application Mail.Send, ends Failed with the fix: grant the permission", async () => {
    const contoso = DEMO_TENANTS.contoso.id;
    const app = (await emulator.listApps()).find((candidate) => candidate.appId === DEMO_APP.clientId)!;
    const original = app.applicationPermissions[contoso]!;
    await emulator.setApplicationPermissions(
      DEMO_APP.clientId,
      contoso,
      original.filter((p) => p !== "Mail.Send"),
    );
    try {
      // A fresh token: the process-wide client may hold one issued with Mail.Send.
      const graph = freshGraphClient();
      const email = uniqueEmail("own-nomailsend");
      const id = await invite({ email, mailMode: "guestpass" });
      expect(await sendInvitation(id, { graph })).toMatchObject({
        kind: "failed",
        explained: { code: "ErrorAccessDenied", catalogueKey: "InvitationMail.ErrorAccessDenied" },
      });
      const invitation = await prisma.invitation.findUniqueOrThrow({ where: { id } });
      expect(invitation).toMatchObject({
        status: "Failed",
        lastErrorCode: "ErrorAccessDenied",
        invitationMailStartedAt: null,
      });
      expect(invitation.lastErrorMessage).toContain("may not send mail");
      expect(await mailTo(email)).toHaveLength(0);
    } finally {
      await emulator.setApplicationPermissions(DEMO_APP.clientId, contoso, original);
    }
  });

  it("with a sender mailbox that does not exist, fails with that fix, and a resend after fixing it mails", async () => {
    await setSender("nobody@contoso.com");
    const email = uniqueEmail("own-nosender");
    let id: string;
    try {
      id = await invite({ email, mailMode: "guestpass", customMessage: "Second try" });
      expect(await sendInvitation(id)).toMatchObject({
        kind: "failed",
        explained: { code: "ErrorInvalidUser", catalogueKey: "InvitationMail.SenderNotFound" },
      });
    } finally {
      await setSender(SENDER);
    }
    const resent = await runStaffAction(resendInvitationAction, await adminSession(), { invitationId: id });
    expect(resent.ok).toBe(true);
    expect(await sendInvitation(id)).toMatchObject({ kind: "sent" });
    const mails = await mailTo(email);
    expect(mails).toHaveLength(1);
    expect(unescape(mails[0]!.body.content)).toContain("Second try");
  });

  it("a resend of a pending invitation mails a fresh redeem link the same way, and Microsoft still sends nothing", async () => {
    const email = uniqueEmail("own-resend");
    const id = await invite({ email, mailMode: "guestpass", messageLanguage: "zh-CN" });
    await sendInvitation(id);
    const first = await prisma.invitation.findUniqueOrThrow({ where: { id } });
    const resent = await runStaffAction(resendInvitationAction, await adminSession(), { invitationId: id });
    expect(resent).toMatchObject({ ok: true });
    const after = await prisma.invitation.findUniqueOrThrow({ where: { id } });
    expect(after.inviteRedeemUrl).not.toBe(first.inviteRedeemUrl);
    const mails = await mailTo(email);
    expect(mails.map((m) => m.kind)).toEqual(["message", "message"]);
    expect(mails.map((m) => m.subject)).toEqual([
      "Contoso Ltd 邀请您连接您的 Microsoft 帐户",
      "Contoso Ltd 邀请您连接您的 Microsoft 帐户",
    ]);
    expect(unescape(mails[1]!.body.content)).toContain(`href="${after.inviteRedeemUrl}"`);
  });
});

describe("Microsoft's invitation mail", () => {
  it("leaves the personal message out of an app-sent invitation, and Guestpass sends nothing", async () => {
    const email = uniqueEmail("microsoft-mode");
    const id = await invite({ email, mailMode: "microsoft", customMessage: "You will not read this" });
    expect(await sendInvitation(id)).toMatchObject({ kind: "sent" });
    const mails = await mailTo(email);
    expect(mails.map((m) => m.kind)).toEqual(["invitation"]);
    expect(mails[0]!.from.address).toBe("invites@microsoft.com");
    expect(mails[0]!.body.content).not.toContain("You will not read this");
    const invitation = await prisma.invitation.findUniqueOrThrow({ where: { id } });
    expect(invitation).toMatchObject({ status: "PendingAcceptance", invitationMailSentAt: null });
    // The message was still given to Microsoft (and kept for the record); Microsoft drops it.
    const posted = (await emulator.listInvitations()).find((i) => i.invitedUserEmailAddress === email);
    expect(posted?.invitedUserMessageInfo.customizedMessageBody).toBe("You will not read this");
  });
});
