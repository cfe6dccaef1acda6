"use server";
// The grant's kill switch on the invitation detail page (admin), and withdrawing a consent link
// (support and admin). Each finds the session and runs its action definition (validate → authorize →
// do → audit → typed result); the page's buttons are only a convenience.
import { runStaffAction } from "@/lib/actions/staff-action";
import { getStaffSession } from "@/lib/auth/session";
import { revokeConsentLinkAction } from "@/lib/consent/link-action";
import { eraseGrantAction, resumeGrantAction, suspendGrantAction } from "@/lib/grants/kill-switch";
import type { ConsentLinkRevoked, GrantSwitched } from "@/lib/shared/grants";
import type { ActionResult } from "@/lib/shared/action-result";

export async function suspendGrant(grantId: string): Promise<ActionResult<GrantSwitched>> {
  return runStaffAction(suspendGrantAction, await getStaffSession(), grantId);
}

export async function resumeGrant(grantId: string): Promise<ActionResult<GrantSwitched>> {
  return runStaffAction(resumeGrantAction, await getStaffSession(), grantId);
}

export async function eraseGrant(grantId: string): Promise<ActionResult<GrantSwitched>> {
  return runStaffAction(eraseGrantAction, await getStaffSession(), grantId);
}

export async function revokeConsentLink(consentRequestId: string): Promise<ActionResult<ConsentLinkRevoked>> {
  return runStaffAction(revokeConsentLinkAction, await getStaffSession(), consentRequestId);
}
