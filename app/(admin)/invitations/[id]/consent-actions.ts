"use server";
// Server actions for consent and grants on the invitation detail page. Each finds the session and
// runs an action definition (validate → authorize → do → audit → typed result).
import { runStaffAction } from "@/lib/actions/staff-action";
import { getStaffSession } from "@/lib/auth/session";
import { issueConsentLinkAction } from "@/lib/consent/link-action";
import { sendTestMailAction } from "@/lib/grants/test-mail-action";
import type { ConsentLinkIssued, TestMailSent } from "@/lib/shared/grants";
import type { ActionResult } from "@/lib/shared/action-result";

/** A fresh consent link to copy and send to the user. Support and admin; not for revoked invitations. */
export async function issueConsentLink(invitationId: string): Promise<ActionResult<ConsentLinkIssued>> {
  return runStaffAction(issueConsentLinkAction, await getStaffSession(), invitationId);
}

/** The test-mail form: fields invitationId and to ("user" or "staff"); the text is fixed. Consented users only. */
export async function sendTestMail(formData: FormData): Promise<ActionResult<TestMailSent>> {
  return runStaffAction(sendTestMailAction, await getStaffSession(), formData);
}
