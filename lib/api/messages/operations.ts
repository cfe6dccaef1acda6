import "server-only";
// Send mail as a user: POST /grants/{id}/messages answers 202 with the message's id at once (the
// worker sends it), GET /messages/{id} tells what became of it, GET /grants/{id}/messages lists the
// key's latest. An Idempotency-Key is required: the same key and request return the first answer
// and send nothing again.
import { z } from "zod";
import { prisma } from "@/lib/db/client";
import type { MailMessage } from "@/lib/grants/send-mail";
import { NOT_ACTIVE_REASONS } from "@/lib/shared/grants";
import { listOutgoingMessages, queueOutgoingMessage, readOutgoingMessage, toApiMessage } from "@/lib/mail/outgoing";
import { readIdempotencyKey, requestHashOf } from "../idempotency";
import { defineApiOperation } from "../operation";
import { ApiProblem } from "../problem";
import { idempotencyHeaders, idParams } from "../schemas/common";
import { messageRequestSchema, messageSchema, type MessageRequest } from "../schemas/messages";

const TAGS = ["Mail"];

function toGraphMessage(request: MessageRequest): MailMessage {
  return {
    subject: request.subject,
    body:
      request.html !== undefined
        ? { contentType: "HTML", content: request.html }
        : { contentType: "Text", content: request.text ?? "" },
    toRecipients: request.to,
    ...(request.cc?.length ? { ccRecipients: request.cc } : {}),
    ...(request.bcc?.length ? { bccRecipients: request.bcc } : {}),
    ...(request.replyTo?.length ? { replyTo: request.replyTo } : {}),
    ...(request.headers
      ? { internetMessageHeaders: Object.entries(request.headers).map(([name, value]) => ({ name, value })) }
      : {}),
    ...(request.attachments?.length
      ? {
          attachments: request.attachments.map((file) => ({
            name: file.name,
            contentType: file.contentType,
            contentBytes: file.contentBase64,
          })),
        }
      : {}),
  };
}

export const sendMessage = defineApiOperation({
  operationId: "sendMessage",
  method: "POST",
  path: "/grants/{id}/messages",
  scope: "mail:send",
  tags: TAGS,
  summary: "Send mail as the user",
  description:
    "Queues a message sent as the grant's user through Microsoft Graph and answers at once with its id. Guestpass keeps to Outlook's limits for the mailbox (one send in flight, 30 messages a minute) and honours Microsoft's Retry-After. Requires an Idempotency-Key.",
  params: idParams,
  headers: idempotencyHeaders({
    required: true,
    description:
      "A unique value per message (e.g. a UUID): repeating the request with it returns the first answer and sends nothing again.",
  }),
  body: messageRequestSchema,
  responses: {
    202: { description: "Accepted: the worker sends it; read its status at /messages/{id}.", schema: messageSchema },
    409: { description: "The grant cannot send (consent expired, suspended, erased)." },
    422: { description: "The Idempotency-Key was used for a different request." },
  },
  async run({ params, body, caller, request }) {
    const idempotencyKey = readIdempotencyKey(request, {
      required: true,
      hint: "Send an Idempotency-Key header (e.g. a UUID) with each message.",
    });
    const grant = await prisma.grant.findUnique({ where: { id: params.id }, select: { status: true } });
    if (!grant) throw new ApiProblem(404, "api.not_found", "No grant has that id.");
    if (grant.status !== "Active")
      throw new ApiProblem(
        409,
        "api.grant_unusable",
        NOT_ACTIVE_REASONS[grant.status] ?? NOT_ACTIVE_REASONS.NeedsRenewal!,
      );
    const outcome = await queueOutgoingMessage({
      grantId: params.id,
      apiKeyId: caller.keyId,
      idempotencyKey,
      message: toGraphMessage(body),
      requestHash: requestHashOf({ grantId: params.id, message: body }),
    });
    if (outcome.kind === "key_reused") throw new ApiProblem(422, "api.idempotency_conflict");
    return {
      status: 202,
      body: toApiMessage(outcome.message),
      headers: {
        location: `/api/v1/messages/${outcome.message.id}`,
        ...(outcome.kind === "repeated" ? { "idempotent-replayed": "true" } : {}),
      },
    };
  },
});

export const listGrantMessages = defineApiOperation({
  operationId: "listGrantMessages",
  method: "GET",
  path: "/grants/{id}/messages",
  scope: "mail:send",
  tags: TAGS,
  summary: "List the latest messages sent as the user",
  description: "The 50 latest messages this key sent as the grant's user, newest first.",
  params: idParams,
  responses: {
    200: {
      description: "The messages.",
      schema: z.object({ data: z.array(messageSchema) }).meta({ id: "MessageList" }),
    },
  },
  async run({ params, caller }) {
    return { status: 200, body: { data: (await listOutgoingMessages(params.id, caller.keyId)).map(toApiMessage) } };
  },
});

export const getMessage = defineApiOperation({
  operationId: "getMessage",
  method: "GET",
  path: "/messages/{id}",
  scope: "mail:send",
  tags: TAGS,
  summary: "Get a message's status",
  description:
    "Queued → Sending → Sent, or Failed with the catalogue's explanation. Only the key that sent a message can read it.",
  params: idParams,
  responses: { 200: { description: "The message.", schema: messageSchema } },
  async run({ params, caller }) {
    const message = await readOutgoingMessage(params.id);
    if (!message || message.apiKeyId !== caller.keyId)
      throw new ApiProblem(404, "api.not_found", "No message of this key has that id.");
    return { status: 200, body: toApiMessage(message) };
  },
});
