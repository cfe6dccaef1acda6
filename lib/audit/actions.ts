import "server-only";
// The audit log's verbs and target kinds, with the words people read for them on the audit page
// and in its export. Types and constants only (safe in client components). Writers take an
// AuditAction, and the label maps are typed against it: a new verb without words does not compile.

export type AuditAction =
  | "staff.sign_in"
  | "staff.roles_changed"
  | "staff.access_revoked"
  | "invitation.create"
  | "invitation.connect"
  | "invitation.resend"
  | "invitation.check_status"
  | "invitation.revoke"
  | "bulk_invite.upload"
  | "bulk_invite.confirm"
  | "bulk_invite.resume"
  | "bulk_invite.discard"
  | "consent.link_issue"
  | "consent.link_revoke"
  | "consent.grant"
  | "grant.test_mail"
  | "grant.expire"
  | "grant.suspend"
  | "grant.resume"
  | "grant.erase"
  | "grant.disconnect"
  | "audit.export"
  | "registration.check"
  | "settings.brand_update"
  | "settings.invitation_mail_update"
  | "api_key.create"
  | "api_key.revoke"
  | "api.refused"
  | "api.token_issue"
  | "webhook.create"
  | "webhook.enable"
  | "webhook.disable"
  | "webhook.delete"
  | "webhook.rotate_secret"
  | "webhook.send_test"
  | "webhook.redeliver"
  | "webhook.failing";

export const AUDIT_ACTION_LABELS: Record<AuditAction, string> = {
  "staff.sign_in": "Sign in to Guestpass",
  "staff.roles_changed": "Staff roles changed in Microsoft Entra",
  "staff.access_revoked": "Staff account disabled or removed in Microsoft Entra",
  "invitation.create": "Invite a user",
  "invitation.connect": "Connect a person by consent link",
  "invitation.resend": "Resend an invitation",
  "invitation.check_status": "Check an invitation with Microsoft",
  "invitation.revoke": "Revoke an invitation",
  "bulk_invite.upload": "Upload a bulk invite file",
  "bulk_invite.confirm": "Start a bulk invite",
  "bulk_invite.resume": "Resume a bulk invite",
  "bulk_invite.discard": "Discard a bulk invite upload",
  "consent.link_issue": "Issue a consent link",
  "consent.link_revoke": "Revoke a consent link",
  "consent.grant": "Consent to mail on their behalf",
  "grant.test_mail": "Send a test mail",
  "grant.expire": "Consent expired",
  "grant.suspend": "Suspend mail as a user",
  "grant.resume": "Resume mail as a user",
  "grant.erase": "Erase a user's tokens",
  "grant.disconnect": "A user disconnected Guestpass from their account",
  "audit.export": "Export the audit log",
  "registration.check": "Check the app registration",
  "settings.brand_update": "Change the brand invited people see",
  "settings.invitation_mail_update": "Change who mails invitations",
  "api_key.create": "Create an API key",
  "api_key.revoke": "Revoke an API key",
  "api.refused": "API call refused",
  "api.token_issue": "Hand out a user's access token through the API",
  "webhook.create": "Add a webhook endpoint",
  "webhook.enable": "Turn a webhook endpoint on",
  "webhook.disable": "Turn a webhook endpoint off",
  "webhook.delete": "Delete a webhook endpoint",
  "webhook.rotate_secret": "Rotate a webhook endpoint's signing secret",
  "webhook.send_test": "Send a test event to a webhook endpoint",
  "webhook.redeliver": "Redeliver webhook events",
  "webhook.failing": "Webhook endpoint marked failing",
};

/** Verbs no longer recorded, so that older entries still read in words. */
const RETIRED_ACTION_LABELS: Record<string, string> = {
  // The look-up while an admin types an address is a read, not a staff action (no longer audited).
  "invitation.lookup": "Look up an address",
};

/** What the audit log names a target by; the id alone tells staff nothing. */
export type AuditTargetType =
  "invitation" | "bulk_invite_run" | "grant" | "User" | "EntraUser" | "api_key" | "webhook_endpoint";

export const AUDIT_TARGET_LABELS: Record<AuditTargetType, string> = {
  invitation: "Invitation",
  bulk_invite_run: "Bulk invite",
  grant: "Mail grant",
  User: "Staff member",
  EntraUser: "Microsoft account",
  api_key: "API key",
  webhook_endpoint: "Webhook endpoint",
};

export function isAuditAction(value: string): value is AuditAction {
  return Object.hasOwn(AUDIT_ACTION_LABELS, value);
}

/** The verb in words; an unknown one (a newer version wrote it) reads as its code with spaces. */
export function auditActionLabel(action: string): string {
  if (isAuditAction(action)) return AUDIT_ACTION_LABELS[action];
  return RETIRED_ACTION_LABELS[action] ?? action.replace(/[._]+/g, " ");
}

export function auditTargetTypeLabel(type: string): string {
  return Object.hasOwn(AUDIT_TARGET_LABELS, type)
    ? AUDIT_TARGET_LABELS[type as AuditTargetType]
    : type.replace(/_+/g, " ");
}

const ACTOR_WORDS = {
  Staff: "Staff member",
  Worker: "Background worker",
  InvitedUser: "Invited user",
  System: "Guestpass",
  ApiKey: "API key",
} as const;

/** Who acted: their address when known, else what kind of actor it was. */
export function actorName(entry: { actorEmail: string | null; actorType: keyof typeof ACTOR_WORDS }): string {
  return entry.actorEmail ?? ACTOR_WORDS[entry.actorType];
}
