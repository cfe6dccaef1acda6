import "server-only";
// Guestpass's own invitation mail, built from the message files (messages/*.json, `mail`
// namespace) in the invited person's language: the company's brand, the staff member's message
// and Microsoft's inviteRedeemUrl (redeem → consent page in one click). Pure: no database, no Graph.
import type { MailMessage } from "@/lib/graph/mail";
import { inviteeTranslator } from "@/lib/i18n/messages";
import type { BrandView } from "@/lib/shared/brand";
import type { Locale } from "@/lib/shared/locales";

export interface InvitationMailInput {
  invitationId: string;
  locale: Locale;
  brand: BrandView;
  invitee: { email: string; displayName: string | null };
  customMessage: string | null;
  cc: readonly string[];
  redeemUrl: string;
}

/** Names the invitation in the mail's headers, so a copy in Sent Items can be told apart. */
export const INVITATION_MAIL_HEADER = "x-guestpass-invitation";
const LOGO_CONTENT_ID = "brand-logo";

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
const paragraph = (text: string, style = "margin:0 0 16px") => `<p style="${style}">${escapeHtml(text)}</p>`;

function logoAttachment(brand: BrandView) {
  const match = brand.logoDataUrl ? /^data:([^;]+);base64,(.+)$/.exec(brand.logoDataUrl) : null;
  if (!match) return null;
  return {
    name: `logo.${match[1]!.split("/")[1] ?? "png"}`,
    contentType: match[1]!,
    contentBytes: match[2]!,
    isInline: true,
    contentId: LOGO_CONTENT_ID,
  };
}

export function composeInvitationMail(input: InvitationMailInput): MailMessage {
  const t = inviteeTranslator(input.locale, "mail");
  const company = input.brand.name;
  const contact = input.brand.supportEmail ?? input.brand.supportUrl;
  const logo = logoAttachment(input.brand);
  const html = [
    `<div lang="${input.locale}" style="font-family:Segoe UI,Helvetica,Arial,sans-serif;font-size:15px;line-height:1.5;color:#1f2328;max-width:560px">`,
    `<div style="margin:0 0 24px;font-size:20px;font-weight:600">`,
    logo ? `<img src="cid:${LOGO_CONTENT_ID}" alt="" height="40" style="vertical-align:middle;margin-right:10px">` : "",
    `${escapeHtml(company)}</div>`,
    paragraph(
      input.invitee.displayName
        ? t("invitation.greeting", { name: input.invitee.displayName })
        : t("invitation.greetingNoName"),
    ),
    paragraph(t("invitation.intro", { company })),
    input.customMessage
      ? `<div data-guestpass="custom-message" style="margin:0 0 16px;padding:12px 16px;border-left:3px solid #0f6cbd;background:#f5f8fc">` +
        paragraph(t("invitation.messageHeading", { company }), "margin:0 0 8px;font-weight:600") +
        `<p style="margin:0;white-space:pre-line">${escapeHtml(input.customMessage)}</p></div>`
      : "",
    `<p style="margin:24px 0"><a href="${escapeHtml(input.redeemUrl)}" style="display:inline-block;padding:10px 20px;border-radius:6px;background:#0f6cbd;color:#ffffff;text-decoration:none;font-weight:600">${escapeHtml(t("invitation.accept"))}</a></p>`,
    paragraph(t("invitation.steps", { company })),
    paragraph(t("invitation.linkFallback"), "margin:0 0 4px;font-size:13px;color:#59636e"),
    `<p style="margin:0 0 16px;font-size:13px;word-break:break-all"><a href="${escapeHtml(input.redeemUrl)}">${escapeHtml(input.redeemUrl)}</a></p>`,
    paragraph(t("invitation.notExpected"), "margin:0 0 16px;font-size:13px;color:#59636e"),
    contact
      ? paragraph(t("invitation.support", { company, contact }), "margin:0 0 16px;font-size:13px;color:#59636e")
      : "",
    paragraph(t("invitation.sentBy", { company }), "margin:0;font-size:12px;color:#8c959f"),
    `</div>`,
  ].join("");
  return {
    subject: t("invitation.subject", { company }),
    body: { contentType: "HTML", content: html },
    toRecipients: [input.invitee.email],
    ...(input.cc.length ? { ccRecipients: [...input.cc] } : {}),
    ...(input.brand.supportEmail ? { replyTo: [input.brand.supportEmail] } : {}),
    internetMessageHeaders: [{ name: INVITATION_MAIL_HEADER, value: input.invitationId }],
    ...(logo ? { attachments: [logo] } : {}),
  };
}
