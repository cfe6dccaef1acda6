"use server";
// Server actions for invitations. Each one only finds the session and runs an action definition
// from lib/invitations (validate → authorize → do → audit → typed result); see docs/interfaces.md.
import { runStaffAction, runStaffRead } from "@/lib/actions/staff-action";
import { getStaffSession } from "@/lib/auth/session";
import { checkInvitationNowAction } from "@/lib/invitations/actions/check-now";
import { connectByLinkAction } from "@/lib/invitations/actions/connect";
import { inviteUserAction, lookupInviteeRead } from "@/lib/invitations/actions/invite";
import { resendInvitationAction } from "@/lib/invitations/actions/resend";
import { revokeInvitationAction } from "@/lib/invitations/actions/revoke";
import type {
  CheckNowOutcome,
  ConnectionOutcome,
  InviteeLookup,
  InviteUserOutcome,
  ResendOptions,
  ResendOutcome,
  RevokeOutcome,
} from "@/lib/shared/invitations";
import type { ActionResult } from "@/lib/shared/action-result";

/** The single invite form's fields. Admin only. */
export async function inviteUser(formData: FormData): Promise<ActionResult<InviteUserOutcome>> {
  return runStaffAction(inviteUserAction, await getStaffSession(), formData);
}

/** Connect by consent link (email, displayName, messageLanguage): no guest account. Admin only. */
export async function connectByLink(formData: FormData): Promise<ActionResult<ConnectionOutcome>> {
  return runStaffAction(connectByLinkAction, await getStaffSession(), formData);
}

/** Is the address already invited by Guestpass or a user of the tenant? Admin only; not audited (a read). */
export async function lookupInvitee(email: string): Promise<ActionResult<InviteeLookup>> {
  return runStaffRead(lookupInviteeRead, await getStaffSession(), email);
}

/** Re-posts the invitation with the mail on; once per 10 minutes. Support and admin; resetRedemption admin only. */
export async function resendInvitation(
  invitationId: string,
  options: ResendOptions = {},
): Promise<ActionResult<ResendOutcome>> {
  return runStaffAction(resendInvitationAction, await getStaffSession(), {
    invitationId,
    resetRedemption: options.resetRedemption ?? false,
  });
}

/** Reads the guest's state from Graph now (the detail page's "check now"). Support and admin. */
export async function checkInvitationNow(invitationId: string): Promise<ActionResult<CheckNowOutcome>> {
  return runStaffAction(checkInvitationNowAction, await getStaffSession(), invitationId);
}

/** Removes the guest from the tenant; the invitation and any grant become Revoked. Admin only. */
export async function revokeInvitation(invitationId: string): Promise<ActionResult<RevokeOutcome>> {
  return runStaffAction(revokeInvitationAction, await getStaffSession(), invitationId);
}
