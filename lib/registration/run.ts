import "server-only";
// Runs the six registration checks and assembles the report Settings shows and stores. Each check
// reports in words; none throws for a Microsoft answer (a failure is a finding).
import { worstStatus, type RegistrationReport } from "@/lib/shared/registration";
import { checkApplication } from "./checks/application";
import { checkConsentAuthority } from "./checks/consent-authority";
import type { RegistrationCheckContext } from "./checks/context";
import { checkCredential } from "./checks/credential";
import { checkInvitationMail } from "./checks/invitation-mail";
import { checkInvitePolicy } from "./checks/invite-policy";
import { checkPermissions } from "./checks/permissions";

export async function runRegistrationChecks(
  context: RegistrationCheckContext,
  fetcher: typeof fetch = fetch,
): Promise<RegistrationReport> {
  const credential = await checkCredential(context);
  const permissions = checkPermissions(credential.token, context.deployment.tenantId);
  // Graph calls need the token; without one, say so instead of three more copies of its failure.
  const [application, invitePolicy, consentAuthority, invitationMail] = await Promise.all([
    credential.token ? checkApplication(context) : Promise.resolve(null),
    credential.token ? checkInvitePolicy(context) : Promise.resolve(null),
    checkConsentAuthority(context, fetcher),
    checkInvitationMail(
      context,
      credential.token,
      context.invitationMail ?? { mode: "microsoft", senderMailbox: null },
    ),
  ]);
  const notChecked = (id: "registration" | "invitePolicy", title: string) => ({
    id,
    title,
    status: "info" as const,
    findings: [
      {
        id: `${id}:no-token`,
        status: "info" as const,
        title: "Not checked",
        detail: "Reading this needs a token; fix the credential first.",
        fix: [],
      },
    ],
  });
  const checks = [
    credential.result,
    permissions,
    application?.result ?? notChecked("registration", "Registration in Entra"),
    invitePolicy ?? notChecked("invitePolicy", "Guest invitation policy"),
    consentAuthority,
    invitationMail,
  ];
  return {
    ranAt: context.now.toISOString(),
    status: worstStatus(checks.map((check) => check.status)),
    checks,
    credentialExpiresAt: application?.credentialExpiresAt ?? null,
  };
}
