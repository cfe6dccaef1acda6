import "server-only";
// A message to send as a user, as the API accepts it, checked against what Microsoft accepts:
// at most 500 recipients in all, custom headers named x-…, attachments inline up to 3 MB in all
// (Graph takes larger files only through an upload session).
import { z } from "zod";
import { explanationSchema } from "./common";

export const MAX_RECIPIENTS = 500;
export const MAX_INLINE_ATTACHMENT_BYTES = 3 * 1024 * 1024;

const address = z.email("Must be an email address.").max(320);
const addresses = (what: string) =>
  z
    .array(address)
    .max(MAX_RECIPIENTS)
    .optional()
    .meta({ description: `${what} addresses.` });

const attachmentSchema = z.object({
  name: z.string().trim().min(1, "Give the attachment a file name.").max(255),
  contentType: z.string().max(255).default("application/octet-stream"),
  contentBase64: z.base64("Must be base64.").meta({ description: "The file's bytes in base64." }),
});

export const messageRequestSchema = z
  .object({
    to: z.array(address).min(1, "Name at least one recipient.").max(MAX_RECIPIENTS),
    cc: addresses("Cc"),
    bcc: addresses("Bcc"),
    replyTo: z.array(address).max(20).optional(),
    subject: z.string().max(255, "Keep the subject under 255 characters."),
    text: z.string().max(1_000_000).optional().meta({ description: "Plain-text body (used when there is no html)." }),
    html: z
      .string()
      .max(1_000_000)
      .optional()
      .meta({ description: "HTML body; sent instead of text when both are given (Graph sends one body)." }),
    headers: z
      .record(
        z
          .string()
          .regex(/^x-[A-Za-z0-9-]{1,60}$/i, "Custom header names must start with x- (Microsoft accepts no others)."),
        z.string().max(995),
      )
      .optional()
      .meta({ description: "Custom internet message headers, each named x-…" }),
    attachments: z
      .array(attachmentSchema)
      .max(20)
      .optional()
      .meta({ description: "Small files sent inline, up to 3 MB in all." }),
  })
  .superRefine((message, ctx) => {
    if (message.text === undefined && message.html === undefined)
      ctx.addIssue({ code: "custom", path: ["text"], message: "Give a text or an html body." });
    const recipients = message.to.length + (message.cc?.length ?? 0) + (message.bcc?.length ?? 0);
    if (recipients > MAX_RECIPIENTS)
      ctx.addIssue({
        code: "custom",
        path: ["to"],
        message: `At most ${MAX_RECIPIENTS} recipients in to, cc and bcc together.`,
      });
    if (Object.keys(message.headers ?? {}).length > 20)
      ctx.addIssue({ code: "custom", path: ["headers"], message: "At most 20 custom headers." });
    const bytes = (message.attachments ?? []).reduce(
      (sum, attachment) => sum + Buffer.byteLength(attachment.contentBase64, "base64"),
      0,
    );
    if (bytes > MAX_INLINE_ATTACHMENT_BYTES)
      ctx.addIssue({
        code: "custom",
        path: ["attachments"],
        message: "Attachments may be at most 3 MB in all (Microsoft's limit for files sent inline).",
      });
  })
  .meta({ id: "MessageRequest" });

export type MessageRequest = z.output<typeof messageRequestSchema>;

export const MESSAGE_STATUSES = ["Queued", "Sending", "Sent", "Failed"] as const;

export const messageSchema = z
  .object({
    id: z.string(),
    grantId: z.string(),
    status: z.enum(MESSAGE_STATUSES).meta({ description: "Queued → Sending → Sent, or Failed with the reason." }),
    createdAt: z.iso.datetime(),
    sentAt: z.iso
      .datetime()
      .nullable()
      .meta({ description: "When Microsoft accepted it (202); delivery happens afterwards." }),
    failure: explanationSchema.nullable(),
  })
  .meta({ id: "Message" });
