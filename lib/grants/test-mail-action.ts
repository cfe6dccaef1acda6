// Staff action: send a test mail as a consented user (validate → authorize → send → timeline event
// → audit through runStaffAction). Microsoft's refusals come back explained by the catalogue.
import { z } from "zod";
import { ActionError } from "@/lib/actions/action-error";
import { defineStaffAction } from "@/lib/actions/staff-action";
import { canSendTestMail, canViewInvitations } from "@/lib/auth/permissions";
import { prisma } from "@/lib/db/client";
import { recordInvitationEvent } from "@/lib/invitations/status";
import { SendAsError, sendMailAs } from "./send-mail";
import type { TestMailSent } from "./types";

interface TestMailInput {
  invitationId: string;
  to: string | null;
  subject: string;
  body: string;
}

const field = (raw: unknown, name: string) => (raw instanceof FormData ? raw.get(name) : (raw as Record<string, unknown> | null)?.[name]);
const text = (value: unknown) => (typeof value === "string" ? value.trim() : undefined);

const schema = z.object({
  invitationId: z.string().regex(/^[0-9a-f-]{36}$/i, "That invitation does not exist."),
  to: z.union([z.email("Enter a valid email address, or leave it empty to send to the user."), z.literal("")]).optional(),
  subject: z.string().min(1, "Enter a subject.").max(255, "Keep the subject under 255 characters."),
  body: z.string().min(1, "Enter a message.").max(20_000, "Keep the message under 20,000 characters."),
});

function validateTestMail(raw: unknown) {
  const parsed = schema.safeParse({
    invitationId: text(field(raw, "invitationId")),
    to: text(field(raw, "to")),
    subject: text(field(raw, "subject")),
    body: text(field(raw, "body")),
  });
  if (!parsed.success) {
    const fieldErrors: Record<string, string[]> = {};
    for (const issue of parsed.error.issues) (fieldErrors[String(issue.path[0])] ??= []).push(issue.message);
    return { ok: false as const, fieldErrors };
  }
  const { invitationId, to, subject, body } = parsed.data;
  return { ok: true as const, value: { invitationId: invitationId.toLowerCase(), to: to ? to.toLowerCase() : null, subject, body } };
}

// 550 5.7.708 arrives later as an "Undeliverable" report in the user's own mailbox, which Guestpass
// cannot read: say what to look for. The catalogue entry holds the full explanation and fix.
const BOUNCE_NOTE =
  'Delivery happens afterwards. If the user then gets an "Undeliverable" report mentioning 550 5.7.708, their organisation\'s outgoing mail is refused for IP reputation by Microsoft — not a Guestpass problem; see the error catalogue entry "550 5.7.708" for what to ask Microsoft.';

export const sendTestMailAction = defineStaffAction<TestMailInput, TestMailSent>({
  action: "grant.test_mail",
  allowed: canViewInvitations,
  validate: validateTestMail,
  async authorize(staff, input) {
    const invitation = await prisma.invitation.findUnique({ where: { id: input.invitationId }, select: { status: true } });
    return invitation ? canSendTestMail(staff, invitation) : true; // unknown id → "not found" from run
  },
  deniedMessage: "A test mail can only be sent for a user who has consented.",
  target: (input) => ({ type: "invitation", id: input.invitationId }),
  async run(input, context) {
    const invitation = await prisma.invitation.findUnique({ where: { id: input.invitationId }, select: { id: true, email: true, grant: { select: { id: true, username: true } } } });
    if (!invitation) throw new ActionError("not_found", "That invitation does not exist.");
    if (!invitation.grant) throw new ActionError("conflict", "This user has not granted access yet: send them a consent link.");
    const to = input.to ?? invitation.email;
    context.addAuditDetail({ to, subject: input.subject, grantId: invitation.grant.id });
    const actor = { actorType: "Staff" as const, actorId: context.staff.userId };
    try {
      const sent = await sendMailAs(invitation.grant.id, { subject: input.subject, body: { contentType: "Text", content: input.body }, toRecipients: [to] });
      await recordInvitationEvent({ invitationId: invitation.id, event: "test_mail_sent", actor, detail: { to, subject: input.subject } });
      return { sentAt: sent.sentAt.toISOString(), from: invitation.grant.username, to, deliveryNote: BOUNCE_NOTE };
    } catch (error) {
      if (!(error instanceof SendAsError)) throw error;
      await recordInvitationEvent({ invitationId: invitation.id, event: "test_mail_failed", actor, detail: { to, code: error.code } });
      throw new ActionError(error.kind === "grant_unusable" || error.kind === "consent_expired" ? "conflict" : "microsoft_error", error.message, { explained: error.explained });
    }
  },
  successMessage: (output) => `Test mail sent as ${output.from} to ${output.to}`,
});
