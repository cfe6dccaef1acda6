import "server-only";
// Settings → Invitation mail (admins): the mode new invitations get by default, and the mailbox
// Guestpass's own invitation mail is sent from. One row (id 1); absent, Microsoft sends its mail.
import { ActionError } from "@/lib/actions/action-error";
import { defineStaffAction, type Validation } from "@/lib/actions/staff-action";
import { canManageSettings } from "@/lib/auth/permissions";
import { prisma } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import {
  type InvitationMailMode,
  invitationMailSettingsSchema,
  type InvitationMailSettingsInput,
  type InvitationMailSettingsView,
} from "@/lib/shared/invitation-mail";

const SETTINGS_ID = 1;

export async function loadInvitationMailSettings(
  db: Pick<Prisma.TransactionClient, "invitationMailSettings"> = prisma,
): Promise<InvitationMailSettingsView> {
  const row = await db.invitationMailSettings.findUnique({ where: { id: SETTINGS_ID } });
  return { mode: row?.mode ?? "microsoft", senderMailbox: row?.senderMailbox ?? null };
}

/**
 * The mode a new invitation gets: the one staff chose, else the deployment's. Guestpass's own mail
 * needs a sender mailbox; without one the invitation is refused before anything is queued.
 */
export async function chooseInvitationMailMode(input: {
  mailMode?: InvitationMailMode;
  sendInvitationMessage: boolean;
}): Promise<InvitationMailMode> {
  const settings = await loadInvitationMailSettings();
  const mode = input.mailMode ?? settings.mode;
  if (mode === "guestpass" && input.sendInvitationMessage && !settings.senderMailbox) {
    const message =
      "Guestpass's own mail needs a sender mailbox: set one in Settings → Invitation mail, or choose Microsoft's mail.";
    throw new ActionError("invalid", message, { fieldErrors: { mailMode: [message] } });
  }
  return mode;
}

function validateSettings(raw: unknown): Validation<InvitationMailSettingsInput> {
  if (!(raw instanceof FormData))
    return { ok: false, message: "The form could not be read. Reload the page and try again." };
  const parsed = invitationMailSettingsSchema.safeParse({
    mode: raw.get("mode") ?? "",
    senderMailbox: raw.get("senderMailbox") ?? "",
  });
  if (parsed.success) return { ok: true, value: parsed.data };
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of parsed.error.issues) (fieldErrors[String(issue.path[0] ?? "mode")] ??= []).push(issue.message);
  return { ok: false, fieldErrors };
}

export const saveInvitationMailSettingsAction = defineStaffAction<
  InvitationMailSettingsInput,
  InvitationMailSettingsView
>({
  action: "settings.invitation_mail_update",
  allowed: canManageSettings,
  validate: validateSettings,
  deniedMessage: "Only administrators can change the invitation mail.",
  async run(input, context) {
    const data = { mode: input.mode, senderMailbox: input.senderMailbox, updatedById: context.staff.userId };
    const saved = await prisma.invitationMailSettings.upsert({
      where: { id: SETTINGS_ID },
      create: { id: SETTINGS_ID, ...data },
      update: data,
    });
    context.addAuditDetail({ mode: saved.mode, senderMailbox: saved.senderMailbox });
    return { mode: saved.mode, senderMailbox: saved.senderMailbox };
  },
  successMessage: (saved) =>
    saved.mode === "guestpass"
      ? `Saved. New invitations get Guestpass's own mail from ${saved.senderMailbox}.`
      : "Saved. New invitations get Microsoft's standard mail.",
});
