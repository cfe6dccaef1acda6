// POST /me/sendMail and /users/{id}/sendMail as Exchange Online answers them: 202 and a recorded
// message; MailboxNotEnabledForRESTAPI when the mailbox is not in Exchange Online (a guest object
// of the inviting tenant has none — the seed's second wall); and for a tenant whose outbound mail
// is refused for IP reputation, 202 followed by a 550 5.7.708 non-delivery report (the third).
import { randomUUID } from "node:crypto";
import type { FastifyInstance } from "fastify";
import type { SentMail, User } from "../../state/types";
import { authenticate, signedInUser, userInTenant, type GraphContext } from "../context";
import { GraphHttpError } from "../errors";
import { PERMISSIONS, requireMailPermission, type GraphCaller } from "../permissions";
import { evaluateFilter } from "../odata/filter-evaluate";
import { FilterSyntaxError, parseFilter, type FilterNode } from "../odata/filter";
import { parseSendMailRequest, type OutgoingMessage } from "./request";

export const IP_REPUTATION_SMTP_STATUS =
  "550 5.7.708 Service unavailable. Access denied, traffic not accepted from this IP.";

function assertMailboxEnabled(user: User): void {
  if (user.mailbox !== "exchangeOnline") {
    throw new GraphHttpError(
      404,
      "MailboxNotEnabledForRESTAPI",
      "The mailbox is either inactive, soft-deleted, or is hosted on-premise.",
    );
  }
}

function senderAddress(user: User): string {
  return user.mail ?? user.userPrincipalName;
}

function nonDeliveryReport(context: GraphContext, sender: User, original: SentMail): SentMail {
  const domain = senderAddress(sender).split("@")[1] ?? "outlook.com";
  const recipients = [...original.to, ...original.cc, ...original.bcc].map((recipient) => recipient.address).join("; ");
  const content = [
    "Your message couldn't be delivered.",
    `Recipients: ${recipients}`,
    `Remote server returned '${IP_REPUTATION_SMTP_STATUS} For more information please go to http://go.microsoft.com/fwlink/?LinkId=526653 AS(7230)'`,
  ].join("\n");
  return {
    id: randomUUID(),
    kind: "nonDeliveryReport",
    tenantId: sender.tenantId,
    fromUserId: null,
    from: { address: `postmaster@${domain}`, name: "Microsoft Outlook" },
    to: [{ address: senderAddress(sender), name: sender.displayName }],
    cc: [],
    bcc: [],
    subject: `Undeliverable: ${original.subject}`,
    body: { contentType: "text", content },
    saveToSentItems: false,
    delivery: { status: "delivered" },
    inReplyToMailId: original.id,
    sentDateTime: new Date().toISOString(),
  };
}

function send(context: GraphContext, sender: User, message: OutgoingMessage): SentMail {
  const tenant = context.state.getTenant(sender.tenantId);
  const blocked = tenant?.outboundMailBlocked === true;
  const sent = context.state.recordMail({
    id: randomUUID(),
    kind: "message",
    tenantId: sender.tenantId,
    fromUserId: sender.id,
    from: { address: senderAddress(sender), name: sender.displayName },
    to: message.toRecipients,
    cc: message.ccRecipients,
    bcc: message.bccRecipients,
    subject: message.subject,
    body: { contentType: message.contentType, content: message.content },
    saveToSentItems: message.saveToSentItems,
    internetMessageId:
      message.internetMessageId ?? `<${randomUUID()}@${senderAddress(sender).split("@")[1] ?? "outlook.com"}>`,
    ...(message.internetMessageHeaders.length ? { internetMessageHeaders: message.internetMessageHeaders } : {}),
    ...(message.replyTo.length ? { replyTo: message.replyTo } : {}),
    ...(message.attachments.length ? { attachments: message.attachments } : {}),
    delivery: blocked ? { status: "bounced", smtpStatus: IP_REPUTATION_SMTP_STATUS } : { status: "delivered" },
    inReplyToMailId: null,
    sentDateTime: new Date().toISOString(),
  });
  if (blocked) context.state.recordMail(nonDeliveryReport(context, sender, sent));
  return sent;
}

/** Exchange names an unknown mailbox in its own words, not the directory's Request_ResourceNotFound. */
function mailboxUser(context: GraphContext, tenantId: string, idOrUpn: string): User {
  try {
    return userInTenant(context, tenantId, idOrUpn);
  } catch (error) {
    if (!(error instanceof GraphHttpError) || error.status !== 404) throw error;
    throw new GraphHttpError(
      404,
      "ErrorInvalidUser",
      `The requested user '${decodeURIComponent(idOrUpn)}' is invalid.`,
    );
  }
}

function senderFor(context: GraphContext, caller: GraphCaller, target: User): User {
  if (caller.kind === "application") {
    requireMailPermission(caller, PERMISSIONS.sendMail);
    return target;
  }
  requireMailPermission(caller, caller.userObjectId === target.id ? PERMISSIONS.sendMail : PERMISSIONS.sendMailShared);
  return target;
}

export function registerMailRoutes(app: FastifyInstance, context: GraphContext): void {
  app.post("/me/sendMail", async (request, reply) => {
    const caller = await authenticate(context, request);
    const user = signedInUser(context, caller);
    requireMailPermission(caller, PERMISSIONS.sendMail);
    assertMailboxEnabled(user);
    send(context, user, parseSendMailRequest(request.body));
    return reply.code(202).send();
  });

  app.post<{ Params: { id: string } }>("/users/:id/sendMail", async (request, reply) => {
    const caller = await authenticate(context, request);
    const sender = senderFor(context, caller, mailboxUser(context, caller.tenantId, request.params.id));
    assertMailboxEnabled(sender);
    send(context, sender, parseSendMailRequest(request.body));
    return reply.code(202).send();
  });

  /**
   * The signed-in user's Sent Items: what they sent with saveToSentItems, newest first. `$filter`
   * as Outlook takes it (e.g. internetMessageId eq '<…>', which is how a sender finds out whether a
   * send it lost track of went out); `$select` is not needed to read the basic properties.
   */
  app.get<{ Params: { folder: string }; Querystring: { $filter?: string; $top?: string } }>(
    "/me/mailFolders/:folder/messages",
    async (request) => {
      const caller = await authenticate(context, request);
      const user = signedInUser(context, caller);
      requireMailPermission(caller, PERMISSIONS.readMail);
      assertMailboxEnabled(user);
      if (request.params.folder.toLowerCase() !== "sentitems")
        throw new GraphHttpError(404, "ErrorItemNotFound", "The specified object was not found in the store.");
      let filter: FilterNode | null = null;
      try {
        filter = request.query.$filter ? parseFilter(request.query.$filter) : null;
      } catch (error) {
        if (error instanceof FilterSyntaxError) throw new GraphHttpError(400, "BadRequest", error.message);
        throw error;
      }
      const top = Math.min(1000, Math.max(1, Number(request.query.$top ?? 10) || 10));
      const sent = context.state.sentMail
        .filter((mail) => mail.kind === "message" && mail.fromUserId === user.id && mail.saveToSentItems)
        .map((mail) => ({
          id: mail.id,
          internetMessageId: mail.internetMessageId ?? null,
          subject: mail.subject,
          sentDateTime: mail.sentDateTime,
          isDraft: false,
          from: { emailAddress: mail.from },
          toRecipients: mail.to.map((recipient) => ({ emailAddress: recipient })),
        }))
        .filter((message) => !filter || evaluateFilter(filter, message))
        .reverse();
      return { value: sent.slice(0, top) };
    },
  );

  /** The signed-in user's mail as Outlook shows it: what they received, non-delivery reports included. */
  app.get("/me/messages", async (request) => {
    const caller = await authenticate(context, request);
    const user = signedInUser(context, caller);
    requireMailPermission(caller, { application: [], delegated: ["Mail.Read", "Mail.ReadWrite", "Mail.ReadBasic"] });
    assertMailboxEnabled(user);
    const address = senderAddress(user).toLowerCase();
    const received = context.state.sentMail.filter((mail) =>
      mail.to.some((recipient) => recipient.address.toLowerCase() === address),
    );
    return {
      value: received.reverse().map((mail) => ({
        id: mail.id,
        subject: mail.subject,
        from: { emailAddress: mail.from },
        toRecipients: mail.to.map((recipient) => ({ emailAddress: recipient })),
        body: mail.body,
        receivedDateTime: mail.sentDateTime,
      })),
    };
  });
}
