import "server-only";
// Staff action: send Guestpass's fixed test mail as a consented user, to them or to the staff member
// who asks (validate → authorize → send → timeline event → audit through runStaffAction).
// Microsoft's refusals come back explained by the catalogue.
import { createHash } from "node:crypto";
import { z } from "zod";
import { ActionError } from "@/lib/actions/action-error";
import { defineStaffAction } from "@/lib/actions/staff-action";
import { canSendTestMail, canSupportInvitations } from "@/lib/auth/permissions";
import { prisma } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { recordInvitationEvent } from "@/lib/invitations/lifecycle";
import { adviseOnMailbox } from "./mailbox-advice";
import { SendAsError, sendMailAs } from "./send-mail";
import { TEST_MAIL_RECIPIENTS, testMailText, type TestMailRecipient } from "@/lib/shared/test-mail-text";
import type { TestMailSent } from "@/lib/shared/grants";

interface TestMailInput {
  invitationId: string;
  recipient: TestMailRecipient;
}

const field = (raw: unknown, name: string) =>
  raw instanceof FormData ? raw.get(name) : (raw as Record<string, unknown> | null)?.[name];
const text = (value: unknown) => (typeof value === "string" ? value.trim() : undefined);

const RECIPIENT_MESSAGE = "A test mail goes to the user's own address or to yours, nothing else.";
const FIXED_TEXT_MESSAGE = "A test mail's subject and text are Guestpass's own and cannot be chosen.";

const schema = z.object({
  invitationId: z.string().regex(/^[0-9a-f-]{36}$/i, "That invitation does not exist."),
  to: z.enum(TEST_MAIL_RECIPIENTS, RECIPIENT_MESSAGE).default("user"),
});

function validateTestMail(raw: unknown) {
  const fieldErrors: Record<string, string[]> = {};
  // A hand-posted subject or body is refused, not ignored: whoever sent it expected it to be used.
  for (const name of ["subject", "body"] as const) {
    const value = field(raw, name);
    if (value !== undefined && value !== null && value !== "") fieldErrors[name] = [FIXED_TEXT_MESSAGE];
  }
  const to = text(field(raw, "to"));
  const parsed = schema.safeParse({ invitationId: text(field(raw, "invitationId")), to: to === "" ? undefined : to });
  if (!parsed.success)
    for (const issue of parsed.error.issues) (fieldErrors[String(issue.path[0])] ??= []).push(issue.message);
  if (!parsed.success || Object.keys(fieldErrors).length > 0) return { ok: false as const, fieldErrors };
  return {
    ok: true as const,
    value: { invitationId: parsed.data.invitationId.toLowerCase(), recipient: parsed.data.to },
  };
}

// Microsoft's 202 means accepted, not delivered: a bounce arrives later as an "Undeliverable" report
// in the user's own mailbox, which Guestpass cannot read. Said once, without guessing its cause.
const DELIVERY_NOTE =
  'Delivery happens afterwards. If the mail does not arrive, ask the user whether an "Undeliverable" report came back; the error catalogue explains its code.';

export const sendTestMailAction = defineStaffAction<TestMailInput, TestMailSent>({
  action: "grant.test_mail",
  allowed: canSupportInvitations,
  validate: validateTestMail,
  async authorize(staff, input) {
    const invitation = await prisma.invitation.findUnique({
      where: { id: input.invitationId },
      select: { status: true },
    });
    return invitation ? canSendTestMail(staff, invitation) : true; // unknown id → "not found" from run
  },
  deniedMessage: "A test mail can only be sent for a user who has consented.",
  target: (input) => ({ type: "invitation", id: input.invitationId }),
  async run(input, context) {
    const invitation = await prisma.invitation.findUnique({
      where: { id: input.invitationId },
      select: { id: true, email: true, grant: { select: { id: true, username: true } } },
    });
    if (!invitation) throw new ActionError("not_found", "That invitation does not exist.");
    if (!invitation.grant)
      throw new ActionError("conflict", "This user has not granted access yet: send them a consent link.");
    const to = input.recipient === "staff" ? context.staff.email.toLowerCase() : invitation.email;
    const message = testMailText({
      from: invitation.grant.username,
      requestedBy: context.staff.name ?? context.staff.email,
    });
    // The audit proves what was sent without keeping it: the subject is Guestpass's, the body only as hash and size.
    const body = Buffer.from(message.body, "utf8");
    context.addAuditDetail({
      recipient: input.recipient,
      to,
      subject: message.subject,
      bodySha256: createHash("sha256").update(body).digest("hex"),
      bodyBytes: body.byteLength,
      grantId: invitation.grant.id,
    });
    const actor = { actorType: "Staff" as const, actorId: context.staff.userId };
    try {
      const sent = await sendMailAs(invitation.grant.id, {
        subject: message.subject,
        body: { contentType: "Text", content: message.body },
        toRecipients: [to],
      });
      await recordInvitationEvent({ invitationId: invitation.id, event: "test_mail_sent", actor, detail: { to } });
      return { sentAt: sent.sentAt.toISOString(), from: invitation.grant.username, to, deliveryNote: DELIVERY_NOTE };
    } catch (error) {
      if (!(error instanceof SendAsError)) throw error;
      await recordInvitationEvent({
        invitationId: invitation.id,
        event: "test_mail_failed",
        actor,
        detail: { to, code: error.code },
      });
      const explained = error.explained ? adviseOnMailbox(error.explained, getEnv().CONSENT_AUTHORITY) : undefined;
      throw new ActionError(
        error.kind === "grant_unusable" || error.kind === "consent_expired" ? "conflict" : "microsoft_error",
        error.kind === "graph" && explained ? explained.title : error.message,
        { explained },
      );
    }
  },
  successMessage: (output) => `Test mail sent as ${output.from} to ${output.to}`,
});
