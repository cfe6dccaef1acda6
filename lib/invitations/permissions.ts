import "server-only";
// Who may do what to an invitation, and when: role *and* state as named checks in one place. The
// invitation page asks them to decide which buttons to show; the actions ask the same ones on the
// server (role refusals are "forbidden", state refusals a "conflict" that says what to wait for).
import { isAdmin, isStaff, type StaffSession } from "@/lib/auth/permissions";
import type { InvitationStatus } from "@/lib/db/generated/enums";

interface InvitationState {
  status: InvitationStatus | string;
  /** Absent: a guest invitation. */
  kind?: "guest_invitation" | "consent_link";
}

export type InvitationRefusal = { kind: "role" | "state"; message: string };

/** A POST may be on its way to Microsoft: a second one now could mail the person twice. */
const STILL_SENDING: ReadonlySet<string> = new Set<InvitationStatus>(["Queued", "Sending"]);
/** Statuses in which the person has redeemed the invitation (there is a redemption to reset). */
const REDEEMED: ReadonlySet<string> = new Set<InvitationStatus>(["Accepted", "Consented", "ConsentExpired"]);

export const RESEND_DENIED =
  "Your role does not allow resending this invitation (resetting the redemption is for administrators).";
export const STILL_SENDING_MESSAGE = "This invitation is still being sent; wait for it to finish.";
export const NO_INVITATION_MESSAGE =
  "This person was connected by consent link alone: there is no invitation to resend or redemption to reset. Create a new consent link instead.";
export const NOT_REDEEMED_MESSAGE =
  "This person has not redeemed the invitation yet, so there is no redemption to reset; resend it without resetting.";

/**
 * Support and admins may resend, except to revoked users (revoking is a deliberate admin decision);
 * resetting the redemption is for admins. Never while the invitation is still being sent.
 */
export function resendRefusal(
  staff: StaffSession,
  invitation: InvitationState,
  options: { resetRedemption: boolean },
): InvitationRefusal | null {
  if (!isStaff(staff) || (options.resetRedemption && !isAdmin(staff)) || invitation.status === "Revoked")
    return { kind: "role", message: RESEND_DENIED };
  return resendStateRefusal(invitation);
}

export const REVOKED_RESEND_MESSAGE = "This invitation was revoked by an administrator: it cannot be resent.";

/** The state part of resendRefusal, for callers without a role (the API's keys): never a "role" refusal. */
export function resendStateRefusal(invitation: InvitationState): InvitationRefusal | null {
  if (invitation.status === "Revoked") return { kind: "state", message: REVOKED_RESEND_MESSAGE };
  if (invitation.kind === "consent_link") return { kind: "state", message: NO_INVITATION_MESSAGE };
  if (STILL_SENDING.has(invitation.status)) return { kind: "state", message: STILL_SENDING_MESSAGE };
  return null;
}

/** Resetting a redemption needs one: the person must have redeemed (Accepted, Consented, ConsentExpired). */
export function resetRedemptionRefusal(invitation: InvitationState): InvitationRefusal | null {
  if (invitation.kind === "consent_link") return { kind: "state", message: NO_INVITATION_MESSAGE };
  return REDEEMED.has(invitation.status) ? null : { kind: "state", message: NOT_REDEEMED_MESSAGE };
}

export function canResendInvitation(staff: StaffSession, invitation: InvitationState): boolean {
  return resendRefusal(staff, invitation, { resetRedemption: false }) === null;
}

export function canResetRedemption(staff: StaffSession, invitation: InvitationState): boolean {
  return (
    resendRefusal(staff, invitation, { resetRedemption: true }) === null && resetRedemptionRefusal(invitation) === null
  );
}

export const REVOKE_DENIED = "Only administrators can revoke an invitation.";

/** Admins revoke, once; not while a send may still create the guest behind their back. */
export function revokeRefusal(staff: StaffSession, invitation: InvitationState): InvitationRefusal | null {
  if (!isAdmin(staff) || invitation.status === "Revoked") return { kind: "role", message: REVOKE_DENIED };
  if (STILL_SENDING.has(invitation.status))
    return {
      kind: "state",
      message: "This invitation is being sent right now; revoke it once it has reached Microsoft.",
    };
  return null;
}

export function canRevokeInvitation(staff: StaffSession, invitation: InvitationState): boolean {
  return revokeRefusal(staff, invitation) === null;
}

/** Asking Microsoft for the guest's state needs a guest: the invitation must have reached Microsoft. */
export function checkNowRefusal(
  staff: StaffSession,
  invitation: { graphUserId: string | null },
): InvitationRefusal | null {
  if (!isStaff(staff)) return { kind: "role", message: "Your role does not allow this action." };
  if (!invitation.graphUserId)
    return { kind: "state", message: "This invitation has not reached Microsoft yet, so there is no state to check." };
  return null;
}

export function canCheckInvitationNow(staff: StaffSession, invitation: { graphUserId: string | null }): boolean {
  return checkNowRefusal(staff, invitation) === null;
}
