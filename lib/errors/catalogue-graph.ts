import "server-only";
import type { CatalogueEntry } from "./catalogue-types";

/**
 * Errors of Microsoft Graph (invitations, users, sendMail) and of mail delivery. Some keys are
 * Graph's own codes; the ones with a dot ("Request_BadRequest.InvitedUserEmailAddress",
 * "B2BInvitationsDisabled"…) are refinements recognised from the message, because Graph reuses
 * one generic code for several different causes.
 */
const REGISTRATION = "Azure portal → Microsoft Entra ID → App registrations → Guestpass";

export const graphErrors: readonly CatalogueEntry[] = [
  {
    key: "MailboxNotEnabledForRESTAPI",
    title: "Mail could not be sent: the token points at a mailbox that is not there",
    meaning:
      "The user's token was issued by your tenant (a tenant-specific authority), so Graph looked for their mailbox in your tenant, where they are only a guest without a mailbox. Their real mailbox lives in their own organisation.",
    fix: [
      "If CONSENT_AUTHORITY is a tenant id, set CONSENT_AUTHORITY to common (the default) so the user consents against their own organisation.",
      "Send the user a fresh consent link; tokens issued under the old authority keep failing.",
      "If the authority is already common: the mailbox may be inactive, soft-deleted or hosted on-premises — ask the user's IT.",
    ],
    audience: "staff",
    transient: false,
  },
  {
    key: "550 5.7.708",
    title: "Mail rejected: the sending tenant's IP reputation",
    meaning:
      "Exchange Online refused to relay the message because traffic from this tenant's sending IP pool is not accepted (common for new or trial tenants). It is not a bug in Guestpass and not a problem with the recipient.",
    fix: [
      "Open a support case with Microsoft (Microsoft 365 admin center → Support) asking to release the tenant from the restricted/high-risk delivery pool.",
      "Or send from a paid (non-trial) tenant with a verified custom domain, or route mail through another IP pool/connector.",
    ],
    audience: "staff",
    transient: false,
  },
  {
    key: "ErrorInvalidRecipients",
    title: "A recipient address is not valid",
    meaning: "At least one To/Cc/Bcc address of the message is malformed or empty, so the mail was not sent.",
    fix: ["Correct the recipient addresses and send again."],
    audience: "staff",
    transient: false,
  },
  {
    key: "ErrorAccessDenied",
    title: "Access to the mailbox was denied",
    meaning:
      "The token does not carry permission to send mail (Mail.Send was not consented) or the mailbox refuses the app.",
    fix: ["Check that CONSENT_SCOPES includes Mail.Send, then send the user a fresh consent link."],
    audience: "staff",
    transient: false,
  },
  // Guestpass's own invitation mail (app-only POST /users/{sender}/sendMail): the same Graph codes
  // mean something else here than for a user's delegated mail, so they have their own entries.
  {
    key: "InvitationMail.ErrorAccessDenied",
    title: "The invitation mail was not sent: the app may not send mail",
    meaning:
      "Guestpass sends its own invitation mail from the sender mailbox with the app's own token, which needs the Microsoft Graph application permission Mail.Send. Microsoft refused: the permission is not granted (or not consented), or an Exchange application access policy does not include the sender mailbox.",
    fix: [
      `${REGISTRATION} → API permissions → Add a permission → Microsoft Graph → Application permissions → Mail.Send, then "Grant admin consent".`,
      "If you limit the app with an Exchange application access policy (or RBAC for Applications), include the sender mailbox in its group or scope.",
      "Then resend the invitation. Guestpass caches its token for up to an hour; a new permission shows up in the next token.",
    ],
    audience: "staff",
    transient: false,
  },
  {
    key: "InvitationMail.SenderNotFound",
    title: "The invitation mail was not sent: the sender mailbox does not exist",
    meaning:
      "Microsoft has no user with the sender mailbox's address in your tenant, so there is nothing to send the invitation mail from.",
    fix: [
      "Settings → Invitation mail: correct the sender mailbox (a user or shared mailbox of your tenant), or switch to Microsoft's mail.",
      "Then resend the invitation.",
    ],
    audience: "staff",
    transient: false,
  },
  {
    key: "InvitationMail.MailboxNotEnabledForRESTAPI",
    title: "The invitation mail was not sent: the sender has no Exchange Online mailbox",
    meaning:
      "The sender address belongs to a user whose mailbox is inactive, soft-deleted or hosted on-premises (or who has no mailbox), and Graph can only send from Exchange Online mailboxes.",
    fix: [
      "Settings → Invitation mail: name a mailbox that lives in Exchange Online (a shared mailbox is enough), or switch to Microsoft's mail.",
      "Then resend the invitation.",
    ],
    audience: "staff",
    transient: false,
  },
  {
    key: "InvitationMail.SenderMissing",
    title: "The invitation mail was not sent: no sender mailbox is set",
    meaning:
      "The invitation is to be mailed by Guestpass, but Settings → Invitation mail names no mailbox to send from.",
    fix: ["Settings → Invitation mail: set the sender mailbox, then resend the invitation."],
    audience: "staff",
    transient: false,
  },
  {
    key: "InvitationMail.OutcomeUnknown",
    title: "The invitation mail may or may not have been sent",
    meaning:
      "Guestpass asked Microsoft to send the invitation mail but heard no clear answer (the connection dropped, the request timed out or the worker stopped). Sending again could give the person two mails, so Guestpass did not.",
    fix: [
      "Look in the sender mailbox's Sent Items for a mail to this address.",
      "If it is not there, resend the invitation.",
    ],
    audience: "staff",
    transient: false,
  },
  {
    key: "Authorization_RequestDenied",
    title: "The app lacks a Graph application permission",
    meaning:
      "Graph refused the request because the app's token does not carry the needed application permission, or admin consent was not granted for it. Inviting needs User.Invite.All; reading guests needs User.Read.All; turning guests into members, resetting redemption or deleting users needs User.ReadWrite.All (or Directory.ReadWrite.All).",
    fix: [
      `${REGISTRATION} → API permissions → Add a permission → Microsoft Graph → Application permissions → pick the permission above.`,
      'Then select "Grant admin consent for <tenant>" (a Global or Privileged Role Administrator must do it).',
      "Guestpass caches its token for up to an hour; new permissions show up in the next token.",
    ],
    audience: "staff",
    transient: false,
  },
  {
    key: "B2BInvitationsDisabled",
    title: "Guest invitations are turned off for the tenant",
    meaning:
      "Your tenant's external collaboration settings forbid invitations, or allow them only to admins/specific roles, so the app's application permission is not enough.",
    fix: [
      'Azure portal → Microsoft Entra ID → External Identities → External collaboration settings → Guest invite settings: allow "Member users and users assigned to specific admin roles can invite guest users" or more permissive.',
      "Check collaboration restrictions (allowed/denied domains) on the same page.",
    ],
    audience: "staff",
    transient: false,
  },
  {
    key: "B2BInvitationBlocked",
    title: "Microsoft blocked the invitation as suspicious",
    meaning:
      "Microsoft's abuse protection blocked invitations from this tenant (typical for new or trial tenants sending many invitations).",
    fix: [
      "Pause bulk invitations; send fewer, to known addresses.",
      "Open a Microsoft support case to have the restriction reviewed.",
    ],
    audience: "staff",
    transient: false,
  },
  {
    key: "Request_BadRequest.InvitedUserEmailAddress",
    title: "Graph rejected the invited email address",
    meaning:
      'The invited address (or the cc address) contains characters Graph does not accept in invitedUserEmailAddress (~ ! # $ % ^ & * ( ) + = [ ] { } \\ / | ; : " < > ? ,) or is otherwise malformed.',
    fix: ["Correct the address (ask the person for their exact sign-in address) and invite again."],
    audience: "staff",
    transient: false,
  },
  {
    key: "Request_BadRequest",
    title: "Graph rejected the request as invalid",
    meaning: "A value in the request was not accepted. The message from Microsoft below says which one.",
    fix: ["Correct the value named in Microsoft's message and try again."],
    audience: "staff",
    transient: false,
  },
  {
    key: "Request_ResourceNotFound",
    title: "The user no longer exists in the tenant",
    meaning: "The user (or object) was deleted from the tenant or the id is wrong.",
    fix: ["If the guest was removed on purpose, mark the invitation revoked; otherwise invite the address again."],
    audience: "staff",
    transient: false,
  },
  {
    key: "InvalidAuthenticationToken",
    title: "Graph rejected the access token",
    meaning:
      "The token is expired, malformed or for another resource (for example GRAPH_BASE_URL points at a different service than the token's audience).",
    fix: ["Check GRAPH_BASE_URL and MICROSOFT_AUTHORITY_HOST point at the same cloud; retry once with a new token."],
    audience: "staff",
    transient: false,
  },
  {
    key: "TooManyRequests",
    title: "Microsoft is throttling requests",
    meaning:
      "Graph answered 429: too many requests in a short time (invitations have their own lower limit). Nothing was processed; Guestpass waits the time Microsoft asks (Retry-After) and continues.",
    fix: [
      "No action needed; bulk runs slow down on their own. If it persists, run fewer bulk imports at the same time.",
    ],
    audience: "staff",
    transient: true,
  },
  {
    key: "ServiceUnavailable",
    title: "Microsoft Graph is temporarily unavailable",
    meaning:
      "Graph answered with a server error (5xx) or the connection failed. For an invitation it is unknown whether Microsoft processed it, so Guestpass looks the user up before trying again.",
    fix: [
      "Wait a few minutes; jobs retry on their own. If it persists, check the Microsoft 365 service health page and quote the request id.",
    ],
    audience: "staff",
    transient: true,
  },
  {
    key: "NetworkError",
    title: "Could not reach Microsoft",
    meaning: "The connection to Microsoft failed (DNS, TLS, reset or timeout) before an answer came back.",
    fix: [
      "Check the server's outbound network, proxy and certificates (NODE_EXTRA_CA_CERTS); jobs retry on their own.",
    ],
    audience: "staff",
    transient: true,
  },
];
