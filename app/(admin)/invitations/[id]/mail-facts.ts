// What the invitation page says about the invitation mail: who sent it, or why nobody did. Pure.
import type { InvitationDetail } from "@/lib/invitations/queries/detail";

type MailState = Pick<
  InvitationDetail["invitation"],
  "kind" | "status" | "sendInvitationMessage" | "mailMode" | "invitationMailSentAt" | "graphUserId"
>;

const sender = (invitation: MailState) => (invitation.mailMode === "guestpass" ? "Guestpass" : "Microsoft");

/** Whether the person was mailed the invitation: Microsoft's mail goes with its acceptance, Guestpass's is recorded. */
function mailed(invitation: MailState): boolean {
  if (invitation.status === "Queued" || invitation.status === "Sending") return false;
  if (invitation.mailMode === "guestpass") return invitation.invitationMailSentAt !== null;
  return invitation.status !== "Failed";
}

/** The "Invitation mail" fact. */
export function invitationMailFact(invitation: MailState): string {
  if (invitation.kind === "consent_link") return "None — connected by consent link";
  if (!invitation.sendInvitationMessage) return "Not sent — share the redeem link";
  if (invitation.status === "Queued" || invitation.status === "Sending")
    return `${sender(invitation)} sends it once Microsoft accepts the invitation`;
  if (mailed(invitation)) return `Sent by ${sender(invitation)}`;
  if (!invitation.graphUserId) return "Not sent — Microsoft did not accept the invitation";
  return `Not sent — ${sender(invitation)} could not mail it (see the error below)`;
}

/** The sentence above the redeem link. */
export function redeemLinkText(invitation: MailState): string {
  if (!invitation.sendInvitationMessage)
    return "No invitation mail was sent. Send this link to the person; redeeming it leads straight to the consent page.";
  if (!mailed(invitation))
    return "The invitation mail was not sent. Send this link to the person yourself, or resend once the cause is fixed.";
  return `${sender(invitation)} mailed this link. If the mail does not arrive, send the link yourself.`;
}
