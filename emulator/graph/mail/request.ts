// The body of POST /sendMail, checked the way Exchange checks it.
import { GraphHttpError } from "../errors";

export interface MailRecipient {
  name: string | null;
  address: string;
}

export interface OutgoingMessage {
  subject: string;
  contentType: "text" | "html";
  content: string;
  toRecipients: MailRecipient[];
  ccRecipients: MailRecipient[];
  bccRecipients: MailRecipient[];
  replyTo: MailRecipient[];
  internetMessageHeaders: { name: string; value: string }[];
  /** The sender's Message-ID, kept as given (Exchange takes a client's `<…@…>`), or null. */
  internetMessageId: string | null;
  attachments: { name: string; contentType: string; size: number }[];
  saveToSentItems: boolean;
}

/** Outlook takes files inline only up to 3 MB; larger ones need an upload session. */
const MAX_INLINE_ATTACHMENT_BYTES = 3 * 1024 * 1024;

function messageHeaders(value: unknown): { name: string; value: string }[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value))
    throw new GraphHttpError(400, "ErrorInvalidRequest", "Invalid value for property 'internetMessageHeaders'.");
  return value.map((entry: unknown) => {
    const header = entry as { name?: unknown; value?: unknown } | null;
    const name = typeof header?.name === "string" ? header.name : "";
    // Exchange accepts only custom headers on a new message.
    if (!/^x-/i.test(name)) {
      throw new GraphHttpError(
        400,
        "InvalidInternetMessageHeader",
        `The internet message header name '${name}' should start with 'x-' or 'X-'.`,
      );
    }
    return { name, value: typeof header?.value === "string" ? header.value : "" };
  });
}

function messageId(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== "string" || !/^<[^<>@\s]+@[^<>@\s]+>$/.test(value))
    throw new GraphHttpError(400, "ErrorInvalidInternetMessageId", "The internet message id is not valid.");
  return value;
}

function fileAttachments(value: unknown): { name: string; contentType: string; size: number }[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value))
    throw new GraphHttpError(400, "ErrorInvalidRequest", "Invalid value for property 'attachments'.");
  const files = value.map((entry: unknown) => {
    const file = entry as { name?: unknown; contentType?: unknown; contentBytes?: unknown } | null;
    const bytes = typeof file?.contentBytes === "string" ? Buffer.byteLength(file.contentBytes, "base64") : 0;
    return {
      name: typeof file?.name === "string" ? file.name : "attachment",
      contentType: typeof file?.contentType === "string" ? file.contentType : "application/octet-stream",
      size: bytes,
    };
  });
  if (files.reduce((sum, file) => sum + file.size, 0) > MAX_INLINE_ATTACHMENT_BYTES) {
    throw new GraphHttpError(
      413,
      "ErrorRequestEntityTooLarge",
      "The attachments are larger than 3 MB: use an upload session for large files.",
    );
  }
  return files;
}

const ADDRESS = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function recipients(value: unknown, property: string): MailRecipient[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value))
    throw new GraphHttpError(400, "ErrorInvalidRequest", `Invalid value for property '${property}'.`);
  return value.map((entry: unknown) => {
    const emailAddress = (entry as { emailAddress?: { name?: unknown; address?: unknown } } | null)?.emailAddress;
    const address = typeof emailAddress?.address === "string" ? emailAddress.address.trim() : "";
    if (!ADDRESS.test(address)) {
      throw new GraphHttpError(
        400,
        "ErrorInvalidRecipients",
        `At least one recipient isn't valid., Recipient '${address}' isn't resolved. All recipients must be resolved before a message can be submitted.`,
      );
    }
    return { name: typeof emailAddress?.name === "string" ? emailAddress.name : null, address };
  });
}

export function parseSendMailRequest(body: unknown): OutgoingMessage {
  if (!body || typeof body !== "object" || Array.isArray(body)) {
    throw new GraphHttpError(400, "ErrorInvalidRequest", "Empty Payload. JSON content expected.");
  }
  const input = body as { message?: unknown; saveToSentItems?: unknown };
  if (!input.message || typeof input.message !== "object") {
    throw new GraphHttpError(400, "ErrorInvalidRequest", "The message property is required.");
  }
  const message = input.message as Record<string, unknown>;
  const to = recipients(message.toRecipients, "toRecipients");
  const cc = recipients(message.ccRecipients, "ccRecipients");
  const bcc = recipients(message.bccRecipients, "bccRecipients");
  if (to.length + cc.length + bcc.length === 0) {
    throw new GraphHttpError(
      400,
      "ErrorInvalidRecipients",
      "At least one recipient is not valid., A message can't be sent because it contains no recipients.",
    );
  }
  const messageBody = (message.body ?? {}) as { contentType?: unknown; content?: unknown };
  const contentType =
    typeof messageBody.contentType === "string" && messageBody.contentType.toLowerCase() === "html" ? "html" : "text";
  return {
    subject: typeof message.subject === "string" ? message.subject : "",
    contentType,
    content: typeof messageBody.content === "string" ? messageBody.content : "",
    toRecipients: to,
    ccRecipients: cc,
    bccRecipients: bcc,
    replyTo: recipients(message.replyTo, "replyTo"),
    internetMessageHeaders: messageHeaders(message.internetMessageHeaders),
    internetMessageId: messageId(message.internetMessageId),
    attachments: fileAttachments(message.attachments),
    saveToSentItems: input.saveToSentItems !== false,
  };
}
