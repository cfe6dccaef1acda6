import "server-only";
// Who may do what, as named checks in one place. Pure functions of the staff session (and the
// target), so pages, server actions and route handlers ask the same question the same way.
export const STAFF_ROLES = { admin: "Guestpass.Admin", support: "Guestpass.Support" } as const;
export type StaffRole = (typeof STAFF_ROLES)[keyof typeof STAFF_ROLES];

export interface StaffSession {
  /** User.id in our database (not the Entra object id). */
  userId: string;
  email: string;
  name: string | null;
  roles: StaffRole[];
  /** The session could not be checked (database outage): no role counts; say so instead of "sign in". */
  databaseUnavailable?: true;
}

export function toStaffRoles(claim: unknown): StaffRole[] {
  const known = Object.values(STAFF_ROLES) as string[];
  return Array.isArray(claim)
    ? (claim.filter((role) => typeof role === "string" && known.includes(role)) as StaffRole[])
    : [];
}

export function isAdmin(session: StaffSession): boolean {
  return !session.databaseUnavailable && session.roles.includes(STAFF_ROLES.admin);
}

export function isStaff(session: StaffSession | null): session is StaffSession {
  return session !== null && !session.databaseUnavailable && session.roles.length > 0;
}

/** The role that best describes the actor, for audit entries. */
export function primaryRole(session: StaffSession): StaffRole | null {
  return isAdmin(session) ? STAFF_ROLES.admin : (session.roles[0] ?? null);
}

export function canViewInvitations(session: StaffSession): boolean {
  return isStaff(session);
}

/**
 * The writes support may do for an invited person (resend, ask Microsoft now, consent links, test
 * mail): a check of its own, so a role that may only look can never pass a write action's check.
 * What each write needs of the invitation is in lib/invitations/permissions.ts.
 */
export function canSupportInvitations(session: StaffSession): boolean {
  return isStaff(session);
}

export function canInvite(session: StaffSession): boolean {
  return isAdmin(session);
}

export function canBulkInvite(session: StaffSession): boolean {
  return isAdmin(session);
}

interface InvitationState {
  status: string;
}

/** Not before the invitation reached Microsoft, nor after it was refused or revoked: consent needs a redeemed guest. */
export function canSendConsentLink(session: StaffSession, invitation: InvitationState): boolean {
  return isStaff(session) && consentLinkAllowed(invitation);
}

/** A consent link needs a sent, unrevoked invitation (or a connection by link). */
export function consentLinkAllowed(invitation: InvitationState): boolean {
  return !["Revoked", "Queued", "Sending", "Failed"].includes(invitation.status);
}

export function canSendTestMail(session: StaffSession, invitation: InvitationState): boolean {
  return isStaff(session) && invitation.status === "Consented";
}

interface GrantState {
  status: string;
}

/** Only admins stop a grant: suspend one that is in use or waiting for renewal. */
export function canSuspendGrant(session: StaffSession, grant: GrantState): boolean {
  return isAdmin(session) && (grant.status === "Active" || grant.status === "NeedsRenewal");
}

export function canResumeGrant(session: StaffSession, grant: GrantState): boolean {
  return isAdmin(session) && grant.status === "Suspended";
}

/** Erasing is final for the tokens; a grant already without tokens has nothing left to erase. */
export function canEraseGrant(session: StaffSession, grant: GrantState): boolean {
  return isAdmin(session) && grant.status !== "Erased" && grant.status !== "Revoked";
}

/** Support and admins may withdraw a consent link they could have sent. */
export function canRevokeConsentLink(session: StaffSession): boolean {
  return isStaff(session);
}

export function canViewAuditLog(session: StaffSession): boolean {
  return isStaff(session);
}

export function canManageSettings(session: StaffSession): boolean {
  return isAdmin(session);
}

/** API keys act for the company with no person behind each call: only administrators create or revoke them. */
export function canManageApiKeys(session: StaffSession): boolean {
  return isAdmin(session);
}

/** Webhook endpoints: administrators add, change, test and redeliver; all staff see the deliveries. */
export function canManageWebhooks(session: StaffSession): boolean {
  return isAdmin(session);
}
