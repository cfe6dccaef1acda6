import "server-only";
// The one place an invitation becomes Graph's POST /invitations body: its message options when it
// is created, and the whole request when the worker sends it or staff resend it. With Guestpass's
// own mail Microsoft is told to send nothing (sendInvitationMessage: false); Guestpass mails the
// inviteRedeemUrl itself (lib/invitations/mail).
import type { Prisma } from "@/lib/db/generated/client";
import type { CreateInvitationRequest, InvitationMessageInfo } from "@/lib/graph/invitations";
import type { InvitationInput } from "@/lib/shared/invitation-validation";
import { consentPageUrl } from "./consent-url";

/** invitedUserMessageInfo as Graph receives it; stored on the invitation (messageInfo) for the send job. */
export function messageInfoOf(input: InvitationInput): InvitationMessageInfo | undefined {
  const info: InvitationMessageInfo = {};
  if (input.customMessage) info.customizedMessageBody = input.customMessage;
  if (input.messageLanguage) info.messageLanguage = input.messageLanguage;
  if (input.ccRecipients.length > 0)
    info.ccRecipients = input.ccRecipients.map((address) => ({ emailAddress: { address } }));
  return Object.keys(info).length > 0 ? info : undefined;
}

/** The stored invitation fields a request is made of. */
export interface InvitationRequestSource {
  id: string;
  email: string;
  displayName: string | null;
  userType: "Guest" | "Member";
  sendInvitationMessage: boolean;
  messageInfo: Prisma.JsonValue;
  mailMode: "microsoft" | "guestpass";
}

export type InvitationRequestPurpose =
  /** The first send, by the worker: the mail goes out as the inviter chose. */
  | { kind: "send" }
  /** A resend by staff: always with the mail; with a redemption reset, for the existing guest. */
  | { kind: "resend"; resetRedemptionOf?: string };

export function invitationRequest(
  invitation: InvitationRequestSource,
  purpose: InvitationRequestPurpose,
): CreateInvitationRequest {
  // Guestpass's own mail: Microsoft sends nothing, and the message options are Guestpass's to use.
  const ownMail = invitation.mailMode === "guestpass";
  const info = ownMail ? null : (invitation.messageInfo as InvitationMessageInfo | null);
  return {
    invitedUserEmailAddress: invitation.email,
    inviteRedirectUrl: consentPageUrl(invitation.id),
    invitedUserType: invitation.userType,
    sendInvitationMessage: ownMail ? false : purpose.kind === "resend" ? true : invitation.sendInvitationMessage,
    ...(invitation.displayName ? { invitedUserDisplayName: invitation.displayName } : {}),
    ...(info && Object.keys(info).length > 0 ? { invitedUserMessageInfo: info } : {}),
    ...(purpose.kind === "resend" && purpose.resetRedemptionOf
      ? { resetRedemption: true, invitedUser: { id: purpose.resetRedemptionOf } }
      : {}),
  };
}
