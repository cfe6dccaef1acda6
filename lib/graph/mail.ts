import "server-only";
import { getEnv } from "@/lib/env";
import { createGraphClient, type AccessTokenSource, type GraphClient, type GraphClientConfig } from "./client";

export interface MailAttachment {
  name: string;
  contentType: string;
  /** The file's bytes in base64 (Graph's fileAttachment.contentBytes); inline, so up to 3 MB. */
  contentBytes: string;
  /** An image the HTML body shows as `cid:<contentId>` rather than a file to open. */
  isInline?: boolean;
  contentId?: string;
}

export interface MailMessage {
  subject: string;
  body: { contentType: "Text" | "HTML"; content: string };
  toRecipients: string[];
  ccRecipients?: string[];
  bccRecipients?: string[];
  replyTo?: string[];
  /** Custom internet message headers; Microsoft accepts only names starting with x-. */
  internetMessageHeaders?: { name: string; value: string }[];
  attachments?: MailAttachment[];
}

const recipients = (list: readonly string[] | undefined) =>
  (list ?? []).map((address) => ({ emailAddress: { address } }));

/** The body of POST …/sendMail: Graph's message resource and whether to keep a copy in Sent Items. */
function sendMailBody(message: MailMessage, saveToSentItems: boolean) {
  return {
    message: {
      subject: message.subject,
      body: message.body,
      toRecipients: recipients(message.toRecipients),
      ...(message.ccRecipients?.length ? { ccRecipients: recipients(message.ccRecipients) } : {}),
      ...(message.bccRecipients?.length ? { bccRecipients: recipients(message.bccRecipients) } : {}),
      ...(message.replyTo?.length ? { replyTo: recipients(message.replyTo) } : {}),
      ...(message.internetMessageHeaders?.length ? { internetMessageHeaders: message.internetMessageHeaders } : {}),
      ...(message.attachments?.length
        ? {
            attachments: message.attachments.map((file) => ({
              "@odata.type": "#microsoft.graph.fileAttachment",
              ...file,
            })),
          }
        : {}),
    },
    saveToSentItems,
  };
}

/**
 * POST /users/{sender}/sendMail with the app's own token (application Mail.Send): mail from a
 * mailbox of the company, such as Guestpass's own invitation mail. Not retried on an unknown
 * outcome, as below.
 */
export async function sendMailFrom(graph: GraphClient, sender: string, message: MailMessage): Promise<void> {
  await graph.request("POST", `/users/${encodeURIComponent(sender)}/sendMail`, {
    idempotent: false,
    body: sendMailBody(message, true),
  });
}

/**
 * POST /me/sendMail with a user's delegated access token: the primitive under the product's
 * "send as the user". Not retried on an unknown outcome (AmbiguousWriteError) - re-sending could
 * deliver the mail twice; a 429 is retried after Retry-After. The token is used for this call only;
 * given a source that can renew it (the grant's), a 401 is repeated once with the renewed token.
 */
export async function sendMailAs(
  accessToken: string | AccessTokenSource,
  message: MailMessage,
  options: {
    saveToSentItems?: boolean;
    client?: Omit<GraphClientConfig, "getAccessToken" | "baseUrl"> & { baseUrl?: string };
  } = {},
): Promise<void> {
  const graph = createGraphClient({
    ...options.client,
    baseUrl: options.client?.baseUrl ?? getEnv().GRAPH_BASE_URL,
    getAccessToken: typeof accessToken === "string" ? async () => accessToken : accessToken,
  });
  await graph.request("POST", "/me/sendMail", {
    idempotent: false,
    body: sendMailBody(message, options.saveToSentItems ?? true),
  });
}
