"use server";
// Settings → Invitation mail: finds the session and runs the definition from lib/invitations/mail.
import { runStaffAction } from "@/lib/actions/staff-action";
import { getStaffSession } from "@/lib/auth/session";
import { saveInvitationMailSettingsAction } from "@/lib/invitations/mail/settings";
import type { ActionResult } from "@/lib/shared/action-result";
import type { InvitationMailSettingsView } from "@/lib/shared/invitation-mail";

export async function saveInvitationMailSettings(form: FormData): Promise<ActionResult<InvitationMailSettingsView>> {
  return runStaffAction(saveInvitationMailSettingsAction, await getStaffSession(), form);
}
