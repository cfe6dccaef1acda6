// Who mails an invitation, and what the invited person receives in each case. Client-safe: the
// invite form, Settings → Invitation mail and the server all read these words and rules.
import { z } from "zod";

export const INVITATION_MAIL_MODES = ["microsoft", "guestpass"] as const;
export type InvitationMailMode = (typeof INVITATION_MAIL_MODES)[number];

export function isInvitationMailMode(value: unknown): value is InvitationMailMode {
  return typeof value === "string" && (INVITATION_MAIL_MODES as readonly string[]).includes(value);
}

export const INVITATION_MAIL_MODE_LABELS: Record<InvitationMailMode, string> = {
  microsoft: "Microsoft's standard mail",
  guestpass: "Guestpass's own mail",
};

/**
 * What the invited person receives, said plainly. Microsoft leaves the personal message out of an
 * invitation an app sends with its own token (Entra B2B troubleshooting, "Invite does not include
 * personal messages"); Guestpass's mail carries it.
 */
export function invitationMailReceipt(mode: InvitationMailMode, senderMailbox: string | null): string {
  if (mode === "microsoft")
    return "Microsoft's standard invitation mail from invites@microsoft.com, with the accept link, in the mail language below. Microsoft leaves the personal message out of invitations an app sends, so the person will not see it.";
  return `a mail from ${senderMailbox ?? "your sender mailbox"} with your company's name and logo, your personal message and the accept link, in English or Chinese (from the mail language below). Accepting leads straight to the consent page.`;
}

export interface InvitationMailSettingsView {
  mode: InvitationMailMode;
  /** The mailbox Guestpass's own invitation mail is sent from; null when not set. */
  senderMailbox: string | null;
}

export const invitationMailSettingsSchema = z
  .object({
    mode: z.enum(INVITATION_MAIL_MODES, { error: "Choose who sends the invitation mail." }),
    senderMailbox: z
      .string()
      .trim()
      .max(254, "Keep the address under 254 characters.")
      .transform((value) => (value === "" ? null : value.toLowerCase()))
      .refine(
        (value) => value === null || z.email().safeParse(value).success,
        "Enter the mailbox's address, like invitations@contoso.com.",
      ),
  })
  .superRefine((value, ctx) => {
    if (value.mode === "guestpass" && !value.senderMailbox)
      ctx.addIssue({
        code: "custom",
        path: ["senderMailbox"],
        message: "Guestpass's own mail needs a mailbox to send from.",
      });
  });

export type InvitationMailSettingsInput = z.output<typeof invitationMailSettingsSchema>;
