import "server-only";
// Handler of "mail.send": sends one message queued through the API (lib/mail/outgoing.ts). Jobs of
// one grant share a named queue, so its mailbox has one send in flight; a message that must wait
// (the mailbox's per-minute budget, a transient failure) is queued again for when it may go.
import { sendOutgoingMessage, mailboxQueue } from "@/lib/mail/outgoing";
import { prisma } from "@/lib/db/client";
import { enqueueJob } from "../enqueue";
import type { JobHandler } from "../handler";

export const sendOutgoingMessageJob: JobHandler<"mail.send"> = async ({ messageId }) => {
  const { retryAt } = await sendOutgoingMessage(messageId);
  if (!retryAt) return;
  const message = await prisma.outgoingMessage.findUniqueOrThrow({
    where: { id: messageId },
    select: { grantId: true },
  });
  await enqueueJob("mail.send", { messageId }, { runAt: retryAt, queueName: mailboxQueue(message.grantId) });
};
