import "server-only";
// Mail sent as a user for the company's product: accepted into OutgoingMessage (with its job, in
// one transaction), then sent by the worker through sendMailAs within Outlook's limits:
// - one message in flight per mailbox (each grant's sends share one named job queue), well under
//   Outlook's 4 concurrent requests per mailbox;
// - Exchange Online's 30 messages a minute per mailbox, as a token bucket in PostgreSQL shared by
//   every worker (MAILBOX_SEND_RULE); a message over it waits for the bucket instead of a 429;
// - a 429 from Graph (MailboxConcurrency, ApplicationThrottled) is retried after its Retry-After by
//   the Graph client (a 429 means nothing was sent).
// Graph's sendMail is not idempotent, so an attempt whose outcome is unknown (a connection lost
// after the request went out, a worker killed mid-call) is never repeated: the message fails with
// outcome_unknown and says how to check.
import type { z } from "zod";
import type { messageSchema } from "@/lib/api/schemas/messages";
import { onceForIdempotencyKey } from "@/lib/api/idempotency";
import { prisma } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { emitEvent } from "@/lib/events/outbox";
import { SendAsError, sendMailAs, type MailMessage } from "@/lib/grants/send-mail";
import { enqueueJob } from "@/lib/jobs/enqueue";
import { logFor } from "@/lib/log";
import { explainMessageFailure, OUTCOME_UNKNOWN_REASON } from "./message-failure";
import { takeFromBuckets, type BucketRule } from "@/lib/security/rate-limit";

const log = logFor("mail.outgoing");

/**
 * Exchange Online: 30 messages a minute per mailbox, counted over any 60 s. A bucket lets through at
 * most capacity + 60 × refill in any 60 s: 10 at once plus one every 3 s is exactly 30.
 */
export const MAILBOX_SEND_RULE: BucketRule = { capacity: 10, refillPerSecond: 1 / 3 };
const MAX_TRANSIENT_ATTEMPTS = 6;

export const mailboxQueue = (grantId: string) => `mailbox:${grantId}`;

export type OutgoingStatus = "Queued" | "Sending" | "Sent" | "Failed";

export interface QueuedMessage {
  id: string;
  grantId: string;
  status: OutgoingStatus;
  createdAt: Date;
  sentAt: Date | null;
  failureCode: string | null;
  failureReason: string | null;
}

export type QueueOutcome = { kind: "queued" | "repeated"; message: QueuedMessage } | { kind: "key_reused" };

const QUEUED_SELECT = {
  id: true,
  grantId: true,
  status: true,
  createdAt: true,
  sentAt: true,
  failureCode: true,
  failureReason: true,
} as const;

/**
 * Accepts a message for sending: one per (apiKeyId, idempotencyKey) (lib/api/idempotency.ts). A
 * repeat with the same key and the same request returns the first message; with another request,
 * key_reused.
 */
export async function queueOutgoingMessage(input: {
  grantId: string;
  apiKeyId: string;
  idempotencyKey: string;
  message: MailMessage;
  requestHash: string;
}): Promise<QueueOutcome> {
  const outcome = await onceForIdempotencyKey({
    requestHash: input.requestHash,
    find: async () => {
      const found = await prisma.outgoingMessage.findUnique({
        where: { apiKeyId_idempotencyKey: { apiKeyId: input.apiKeyId, idempotencyKey: input.idempotencyKey } },
        select: { ...QUEUED_SELECT, requestHash: true },
      });
      if (!found) return null;
      const { requestHash, ...message } = found;
      return { requestHash, value: message };
    },
    create: () =>
      prisma.$transaction(
        async (tx) => {
          const created = await tx.outgoingMessage.create({
            data: {
              grantId: input.grantId,
              apiKeyId: input.apiKeyId,
              idempotencyKey: input.idempotencyKey,
              requestHash: input.requestHash,
              payload: input.message as unknown as Prisma.InputJsonValue,
            },
            select: QUEUED_SELECT,
          });
          await enqueueJob("mail.send", { messageId: created.id }, { queueName: mailboxQueue(input.grantId) }, tx);
          return created;
        },
        // A burst of sends shares the pool: wait for a connection (Prisma's default is 2 s) rather than
        // refuse. Past this the API answers 503 api.busy with Retry-After (lib/api/operation.ts).
        { maxWait: ACCEPT_MAX_WAIT_MS },
      ),
  });
  if (outcome.kind === "created") return { kind: "queued", message: outcome.value };
  if (outcome.kind === "repeated") return { kind: "repeated", message: outcome.value };
  if (outcome.kind === "taken") throw new Error("idempotent message vanished");
  return outcome;
}

/** How long accepting a message waits for a database connection under a burst. */
const ACCEPT_MAX_WAIT_MS = 15_000;

/** The latest messages one key sent as one grant's user. */
export async function listOutgoingMessages(grantId: string, apiKeyId: string, limit = 50): Promise<QueuedMessage[]> {
  return prisma.outgoingMessage.findMany({
    where: { grantId, apiKeyId },
    orderBy: { id: "desc" },
    take: limit,
    select: QUEUED_SELECT,
  });
}

export async function readOutgoingMessage(id: string): Promise<(QueuedMessage & { apiKeyId: string | null }) | null> {
  return prisma.outgoingMessage.findUnique({ where: { id }, select: { ...QUEUED_SELECT, apiKeyId: true } });
}

/** The message's end (Sent or Failed) and its event, in one transaction. */
async function settle(
  id: string,
  data: Prisma.OutgoingMessageUpdateInput & { status: "Sent" | "Failed" },
): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const message = await tx.outgoingMessage.update({
      where: { id },
      data: { ...data, payload: Prisma.DbNull },
      select: QUEUED_SELECT,
    });
    await emitEvent(tx, data.status === "Sent" ? "message.sent" : "message.failed", id, toApiMessage(message));
  });
}

async function fail(id: string, code: string, reason: string): Promise<void> {
  await settle(id, { status: "Failed", failureCode: code, failureReason: reason });
}

/** The worker's part (job "mail.send"). Returns when to try again, if it must wait. */
export async function sendOutgoingMessage(id: string, now = new Date()): Promise<{ retryAt?: Date }> {
  const row = await prisma.outgoingMessage.findUnique({
    where: { id },
    select: { status: true, grantId: true, payload: true, attempts: true, sendStartedAt: true },
  });
  if (!row || row.status === "Sent" || row.status === "Failed") return {};
  if (row.status === "Sending" || row.sendStartedAt) {
    // An earlier attempt reached the Graph call and never recorded its end (the worker died).
    await fail(id, "outcome_unknown", OUTCOME_UNKNOWN_REASON);
    log.warn({ messageId: id }, "outcome of an earlier send unknown: not sent again");
    return {};
  }
  const budget = await takeFromBuckets([{ key: `mailbox:send:${row.grantId}`, rule: MAILBOX_SEND_RULE }]);
  if (!budget.allowed) return { retryAt: new Date(now.getTime() + budget.retryAfterSeconds * 1000) };

  // Committed before the call: if this process dies during it, the next attempt knows.
  const claimed = await prisma.outgoingMessage.updateMany({
    where: { id, status: "Queued", sendStartedAt: null },
    data: { status: "Sending", sendStartedAt: new Date(), attempts: { increment: 1 } },
  });
  if (claimed.count === 0) return {};
  try {
    await sendMailAs(row.grantId, row.payload as unknown as MailMessage);
    await settle(id, { status: "Sent", sentAt: new Date() });
    return {};
  } catch (error) {
    if (!(error instanceof SendAsError)) throw error;
    if (error.outcomeUnknown) {
      await fail(id, "outcome_unknown", OUTCOME_UNKNOWN_REASON);
      return {};
    }
    // Nothing reached Microsoft, or Microsoft refused it: safe to try again if the cause may pass.
    const transient =
      error.kind === "token_unavailable" || (error.kind === "graph" && error.explained?.transient === true);
    if (transient && row.attempts + 1 < MAX_TRANSIENT_ATTEMPTS) {
      await prisma.outgoingMessage.update({
        where: { id },
        data: { status: "Queued", sendStartedAt: null, failureCode: error.code, failureReason: error.message },
      });
      const waitSeconds = error.explained?.retryAfterSeconds ?? 2 ** (row.attempts + 1);
      return { retryAt: new Date(now.getTime() + waitSeconds * 1000) };
    }
    await fail(id, error.code, error.kind === "graph" && error.explained ? error.explained.title : error.message);
    return {};
  }
}

/** A message as the API (and the message.* events) show it. */
export function toApiMessage(message: QueuedMessage): z.output<typeof messageSchema> {
  return {
    id: message.id,
    grantId: message.grantId,
    status: message.status,
    createdAt: message.createdAt.toISOString(),
    sentAt: message.sentAt?.toISOString() ?? null,
    failure:
      message.status === "Failed"
        ? explainMessageFailure({ code: message.failureCode, reason: message.failureReason }, message.grantId)
        : null,
  };
}
