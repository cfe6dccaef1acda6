// Settings → Invitation mail on a real database: an admin's choice is stored and audited, support
// is refused, Guestpass's mode needs a sender mailbox, and new invitations get the deployment's
// mode unless staff chose one on the form.
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { runStaffAction } from "@/lib/actions/staff-action";
import { prisma } from "@/lib/db/client";
import { inviteUserAction } from "@/lib/invitations/actions/invite";
import { adminSession, inviteForm, supportSession, uniqueEmail } from "@/test/int-support";
import { loadInvitationMailSettings, saveInvitationMailSettingsAction } from "./settings";

const save = async (fields: Record<string, string>) =>
  runStaffAction(saveInvitationMailSettingsAction, await adminSession(), inviteForm(fields));

async function invite(fields: Record<string, string>) {
  const result = await runStaffAction(inviteUserAction, await adminSession(), inviteForm(fields));
  if (!result.ok || result.data.kind !== "queued") return result;
  const invitation = await prisma.invitation.findUniqueOrThrow({ where: { id: result.data.invitationId } });
  // The worker is not running in this file: nothing is sent.
  return { ...result, invitation };
}

describe("the invitation mail setting", () => {
  beforeEach(() => prisma.invitationMailSettings.deleteMany());
  afterAll(() => prisma.invitationMailSettings.deleteMany());

  it("is Microsoft's mail until an admin chooses, and keeps an admin's choice, audited", async () => {
    expect(await loadInvitationMailSettings()).toEqual({ mode: "microsoft", senderMailbox: null });
    const saved = await save({ mode: "guestpass", senderMailbox: " Invitations@Contoso.com " });
    expect(saved).toMatchObject({ ok: true, data: { mode: "guestpass", senderMailbox: "invitations@contoso.com" } });
    expect(await loadInvitationMailSettings()).toEqual({ mode: "guestpass", senderMailbox: "invitations@contoso.com" });
    const audit = await prisma.auditLogEntry.findFirstOrThrow({
      where: { action: "settings.invitation_mail_update" },
      orderBy: { createdAt: "desc" },
    });
    expect(audit).toMatchObject({ outcome: "Success", detail: { mode: "guestpass" } });
  });

  it("refuses Guestpass's mode without a sender mailbox, and a malformed one", async () => {
    expect(await save({ mode: "guestpass", senderMailbox: "" })).toMatchObject({
      ok: false,
      fieldErrors: { senderMailbox: [expect.stringContaining("mailbox to send from")] },
    });
    expect(await save({ mode: "microsoft", senderMailbox: "not an address" })).toMatchObject({
      ok: false,
      fieldErrors: { senderMailbox: [expect.any(String)] },
    });
    expect(await prisma.invitationMailSettings.count()).toBe(0);
  });

  it("is for administrators only", async () => {
    const result = await runStaffAction(
      saveInvitationMailSettingsAction,
      await supportSession(),
      inviteForm({ mode: "microsoft", senderMailbox: "" }),
    );
    expect(result).toMatchObject({ ok: false, code: "forbidden" });
    expect(await prisma.invitationMailSettings.count()).toBe(0);
  });

  it("gives a new invitation the deployment's mode unless the form chose one", async () => {
    await save({ mode: "guestpass", senderMailbox: "invitations@contoso.com" });
    const byDefault = await invite({ email: uniqueEmail("mode-default"), sendInvitationMessage: "on" });
    expect(byDefault).toMatchObject({ invitation: { mailMode: "guestpass" } });
    const chosen = await invite({
      email: uniqueEmail("mode-chosen"),
      sendInvitationMessage: "on",
      mailMode: "microsoft",
    });
    expect(chosen).toMatchObject({ invitation: { mailMode: "microsoft" } });
  });

  it("refuses Guestpass's own mail for an invitation while no sender mailbox is set", async () => {
    const email = uniqueEmail("mode-nosender");
    const result = await invite({ email, sendInvitationMessage: "on", mailMode: "guestpass" });
    expect(result).toMatchObject({ ok: false, fieldErrors: { mailMode: [expect.stringContaining("sender mailbox")] } });
    expect(await prisma.invitation.count({ where: { email } })).toBe(0);
  });
});
