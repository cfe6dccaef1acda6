// The invitation e-mail Microsoft sends when sendInvitationMessage is true, recorded as sent mail
// so the emulator's page (and tests) can show what the invited user received. As Entra's B2B
// troubleshooting documents ("Invite does not include personal messages"), the custom message is
// left out when an app sends the invitation with an app-only token: only an invitation sent in a
// user's name (delegated) carries it.
import { randomUUID } from "node:crypto";
import type { Invitation, SentMail, Tenant } from "../../state/types";
import type { GraphContext } from "../context";
import type { GraphCaller } from "../permissions";

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

export function recordInvitationMail(
  context: GraphContext,
  tenant: Tenant,
  invitation: Invitation,
  sentBy: GraphCaller["kind"],
): SentMail {
  const custom = sentBy === "delegated" ? invitation.invitedUserMessageInfo.customizedMessageBody : null;
  const content = [
    `<p>${escapeHtml(tenant.displayName)} invited you to access applications within their organization.</p>`,
    custom ? `<blockquote>${escapeHtml(custom)}</blockquote>` : "",
    `<p><a href="${escapeHtml(invitation.inviteRedeemUrl)}">Accept invitation</a></p>`,
  ].join("");
  return context.state.recordMail({
    id: randomUUID(),
    kind: "invitation",
    tenantId: tenant.id,
    fromUserId: null,
    from: { address: "invites@microsoft.com", name: `${tenant.displayName} via Microsoft Invitations` },
    to: [{ address: invitation.invitedUserEmailAddress, name: invitation.invitedUserDisplayName }],
    cc: invitation.invitedUserMessageInfo.ccRecipients.map((recipient) => ({
      address: recipient.emailAddress.address,
      name: recipient.emailAddress.name ?? null,
    })),
    bcc: [],
    subject: `${tenant.displayName} invited you to access applications within their organization`,
    body: { contentType: "html", content },
    saveToSentItems: false,
    delivery: { status: "delivered" },
    inReplyToMailId: null,
    sentDateTime: new Date().toISOString(),
  });
}
