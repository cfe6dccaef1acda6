// The staff actions on the invitation detail page, run as the server actions run them.
import { createHash } from "node:crypto";
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
import { supportSession } from "@/test/int-support";
import { sendTestMailAction } from "./test-mail-action";
import { testMailText } from "@/lib/shared/test-mail-text";

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
    expect(
      await prisma.auditLogEntry.count({
        where: {
          action: "consent.link_issue",
          targetId: invitee.invitationId,
          outcome: "Success",
          actorId: support.userId,
        },
      }),
    ).toBe(1);
    const audit = await prisma.auditLogEntry.findFirstOrThrow({
      where: { action: "consent.link_issue", targetId: invitee.invitationId },
    });
    expect(JSON.stringify(audit.detail)).not.toContain(url.split("/").at(-1)!);
  });

  it("refuses a revoked invitation", async () => {
    const invitee = await freshFabrikamInvitee("link-revoked");
    await prisma.invitation.update({ where: { id: invitee.invitationId }, data: { status: "Revoked" } });
    expect(await runStaffAction(issueConsentLinkAction, await supportSession(), invitee.invitationId)).toMatchObject({
      ok: false,
      code: "forbidden",
    });
  });
});

describe("sendTestMail", () => {
  it("sends Guestpass's fixed text as the user; the audit keeps the body's hash and size, never the text", async () => {
    const support = await supportSession();
    const invitee = await freshFabrikamInvitee("testmail");
    await consentFully({ invitationId: invitee.invitationId }, invitee.upn);
    const result = await runStaffAction(sendTestMailAction, support, form({ invitationId: invitee.invitationId }));
    expect(result).toMatchObject({ ok: true, data: { from: invitee.upn, to: invitee.upn } });
    const expected = testMailText({ from: invitee.upn, requestedBy: support.name ?? support.email });
    const sent = (await emulator.sentMail({ from: invitee.upn })).filter((mail) => mail.kind === "message");
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      subject: expected.subject,
      body: { content: expected.body },
      to: [{ address: invitee.upn }],
    });
    expect(sent[0]!.subject).toMatch(/test/i);
    expect(
      await prisma.invitationEvent.count({ where: { invitationId: invitee.invitationId, type: "test_mail_sent" } }),
    ).toBe(1);
    const audit = await prisma.auditLogEntry.findFirstOrThrow({
      where: { action: "grant.test_mail", targetId: invitee.invitationId, outcome: "Success" },
    });
    const body = Buffer.from(expected.body, "utf8");
    expect(audit.detail).toMatchObject({
      to: invitee.upn,
      bodySha256: createHash("sha256").update(body).digest("hex"),
      bodyBytes: body.byteLength,
    });
    expect(JSON.stringify(audit.detail)).not.toContain(expected.body.slice(0, 40));
  });

  it("sends to the signed-in staff member's own address when asked", async () => {
    const support = await supportSession();
    const invitee = await freshFabrikamInvitee("testmail-staff");
    await consentFully({ invitationId: invitee.invitationId }, invitee.upn);
    const result = await runStaffAction(
      sendTestMailAction,
      support,
      form({ invitationId: invitee.invitationId, to: "staff" }),
    );
    expect(result).toMatchObject({ ok: true, data: { from: invitee.upn, to: support.email } });
    expect(
      (await emulator.sentMail({ from: invitee.upn }))
        .filter((mail) => mail.kind === "message")
        .map((mail) => mail.to[0]?.address),
    ).toEqual([support.email]);
  });

  it("refuses a hand-posted recipient, subject or body: nothing is sent in the user's name", async () => {
    const support = await supportSession();
    const invitee = await freshFabrikamInvitee("testmail-forged");
    await consentFully({ invitationId: invitee.invitationId }, invitee.upn);
    const forged: Array<[Record<string, string>, string[]]> = [
      [{ to: "ceo@example.org" }, ["to"]],
      [{ to: invitee.upn }, ["to"]],
      [{ subject: "Please pay invoice 4711" }, ["subject"]],
      [{ body: "Wire the money to account 123." }, ["body"]],
      [{ to: "user", subject: "Urgent", body: "Click here" }, ["body", "subject"]],
    ];
    for (const [fields, refused] of forged) {
      const result = await runStaffAction(
        sendTestMailAction,
        support,
        form({ invitationId: invitee.invitationId, ...fields }),
      );
      expect(result, JSON.stringify(fields)).toMatchObject({ ok: false, code: "invalid" });
      expect(Object.keys(result.ok ? {} : (result.fieldErrors ?? {})).sort(), JSON.stringify(fields)).toEqual(refused);
    }
    // The same goes for an action called with an object, not a form.
    expect(
      await runStaffAction(sendTestMailAction, support, { invitationId: invitee.invitationId, to: "ceo@example.org" }),
    ).toMatchObject({ ok: false, code: "invalid" });
    expect(await emulator.sentMail({ from: invitee.upn })).toEqual([]);
    expect(
      await prisma.invitationEvent.count({
        where: { invitationId: invitee.invitationId, type: { startsWith: "test_mail" } },
      }),
    ).toBe(0);
  });

  it("refuses users who have not consented", async () => {
    const support = await supportSession();
    const invitee = await freshFabrikamInvitee("testmail-invalid");
    expect(
      await runStaffAction(sendTestMailAction, support, form({ invitationId: invitee.invitationId })),
    ).toMatchObject({ ok: false, code: "forbidden" });
  });

  it("explains the consequence of a revoked consent: the grant expires and staff are told to send a link", async () => {
    const invitee = await freshFabrikamInvitee("testmail-revoked");
    await consentFully({ invitationId: invitee.invitationId }, invitee.upn);
    await emulator.revokeUser(invitee.userId);
    await emulator.expireTokens({ kind: "access", userId: invitee.userId });
    const result = await runStaffAction(
      sendTestMailAction,
      await supportSession(),
      form({ invitationId: invitee.invitationId }),
    );
    expect(result).toMatchObject({ ok: false, code: "conflict", message: expect.stringMatching(/consent link/) });
    expect((await prisma.invitation.findUniqueOrThrow({ where: { id: invitee.invitationId } })).status).toBe(
      "ConsentExpired",
    );
  });

  it("a Litware user's mail is accepted and bounces later: the success does not guess at 550 5.7.708", async () => {
    const invitee = await freshFabrikamInvitee("lena2", "litware");
    await consentFully({ invitationId: invitee.invitationId }, invitee.upn);
    const result = await runStaffAction(
      sendTestMailAction,
      await supportSession(),
      form({ invitationId: invitee.invitationId }),
    );
    expect(result).toMatchObject({ ok: true, data: { deliveryNote: expect.stringMatching(/Undeliverable/) } });
    expect(result.ok && result.data.deliveryNote).not.toMatch(/5\.7\.708|reputation/);
    const reports = (await emulator.sentMail({ to: invitee.upn })).filter((mail) => mail.kind === "nonDeliveryReport");
    expect(reports.length).toBeGreaterThan(0);
  });

  it("an on-premises mailbox with the common authority is explained as such, not as 'set CONSENT_AUTHORITY to common'", async () => {
    expect(getEnv().CONSENT_AUTHORITY).toBe("common");
    const invitee = await freshFabrikamInvitee("onprem", "tailspin");
    await emulator.updateUser(invitee.userId, { mailbox: "onPremises" });
    await consentFully({ invitationId: invitee.invitationId }, invitee.upn);
    const result = await runStaffAction(
      sendTestMailAction,
      await supportSession(),
      form({ invitationId: invitee.invitationId }),
    );
    expect(result).toMatchObject({
      ok: false,
      code: "microsoft_error",
      explanation: { code: "MailboxNotEnabledForRESTAPI" },
    });
    const explanation = result.ok ? undefined : result.explanation;
    const words = [explanation?.title, explanation?.meaning, ...(explanation?.fix ?? [])].join(" ");
    expect(words).toMatch(/on-premises/);
    expect(words).not.toMatch(/Set CONSENT_AUTHORITY/);
    expect(words).not.toContain("`");
    expect(
      await prisma.invitationEvent.count({ where: { invitationId: invitee.invitationId, type: "test_mail_failed" } }),
    ).toBe(1);
  });

  it("with CONSENT_AUTHORITY set to our tenant, a guest's test mail fails with MailboxNotEnabledForRESTAPI and the explanation says to use common", async () => {
    const invitee = await freshFabrikamInvitee("misconfigured");
    const graphInvitation = await createInvitation(appGraphClientFromEnv(), {
      invitedUserEmailAddress: invitee.upn,
      inviteRedirectUrl: `${getEnv().APP_URL}/consent/i/${invitee.invitationId}`,
      sendInvitationMessage: false,
    });
    await emulator.redeemInvitedUser(graphInvitation.invitedUser!.id, invitee.userId);
    const previous = process.env.CONSENT_AUTHORITY;
    process.env.CONSENT_AUTHORITY = getEnv().AZURE_TENANT_ID;
    resetEnvForTests();
    try {
      await consentFully({ invitationId: invitee.invitationId }, invitee.upn);
      const result = await runStaffAction(
        sendTestMailAction,
        await supportSession(),
        form({ invitationId: invitee.invitationId }),
      );
      expect(result).toMatchObject({
        ok: false,
        code: "microsoft_error",
        explanation: { code: "MailboxNotEnabledForRESTAPI" },
      });
      const fix = result.ok ? "" : (result.explanation?.fix ?? []).join(" ");
      expect(fix).toMatch(/CONSENT_AUTHORITY/);
      expect(fix).toMatch(/common/);
      expect(fix).not.toContain("`");
      expect(fix).not.toMatch(/already common/);
      expect(
        await prisma.invitationEvent.findFirst({
          where: { invitationId: invitee.invitationId, type: "test_mail_failed" },
        }),
      ).toMatchObject({ detail: { code: "MailboxNotEnabledForRESTAPI" } });
    } finally {
      if (previous === undefined) delete process.env.CONSENT_AUTHORITY;
      else process.env.CONSENT_AUTHORITY = previous;
      resetEnvForTests();
    }
  });
});
