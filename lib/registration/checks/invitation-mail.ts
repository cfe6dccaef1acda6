import "server-only";
// Check 6: Guestpass's own invitation mail. When Guestpass mails invitations (Settings →
// Invitation mail) the app sends app-only from the sender mailbox, which needs the application
// permission Mail.Send in the token's `roles`, and a sender that exists. Microsoft's mode needs
// neither (a pass).
import { isGraphRequestError } from "@/lib/graph/errors";
import type { AppOnlyToken } from "@/lib/identity/app-only-token";
import type { InvitationMailSettingsView } from "@/lib/shared/invitation-mail";
import { worstStatus, type RegistrationCheckResult, type RegistrationFinding } from "@/lib/shared/registration";
import { REGISTRATION_BLADE, type RegistrationCheckContext } from "./context";

const TITLE = "Guestpass's invitation mail";

const GRANT_MAIL_SEND = (tenantId: string) => [
  `${REGISTRATION_BLADE} → API permissions → Add a permission → Microsoft Graph → Application permissions → Mail.Send.`,
  `Then "Grant admin consent for" your organisation (tenant ${tenantId}), and run this check again.`,
  "Mail.Send as an application permission can send as any mailbox: limit it to the sender mailbox with an Exchange application access policy (or RBAC for Applications), as the setup guide shows.",
];

export async function checkInvitationMail(
  context: Pick<RegistrationCheckContext, "graph" | "deployment">,
  token: AppOnlyToken | null,
  settings: InvitationMailSettingsView,
): Promise<RegistrationCheckResult> {
  const own = settings.mode === "guestpass";
  if (!own && !settings.senderMailbox) {
    return result([
      {
        id: "invitation-mail:microsoft",
        status: "pass",
        title: "Microsoft mails the invitations",
        detail:
          "Settings → Invitation mail: Microsoft sends its standard mail, so the app needs no mail permission. It leaves staff's personal message out of invitations an app sends.",
        fix: [],
      },
    ]);
  }
  // Staff can pick Guestpass's mail for one invitation whenever a sender is set: a gap then warns.
  const missing = own ? "fail" : "warn";
  const findings: RegistrationFinding[] = [];
  if (!token) {
    findings.push({
      id: "invitation-mail:no-token",
      status: "info",
      title: "Mail.Send not checked",
      detail: "Without a token Guestpass cannot see whether Mail.Send was granted. Fix the credential first.",
      fix: [],
    });
  } else if (token.roles.includes("Mail.Send")) {
    findings.push({
      id: "invitation-mail:mail-send",
      status: "pass",
      title: "Mail.Send (application) is granted",
      detail: "Guestpass can send its invitation mail from the sender mailbox.",
      fix: [],
    });
  } else {
    findings.push({
      id: "invitation-mail:mail-send",
      status: missing,
      title: "Mail.Send (application) is not granted",
      detail: own
        ? "Guestpass mails the invitations, but the app may not send mail: every invitation would fail at its mail."
        : "A sender mailbox is set, so staff can choose Guestpass's mail for an invitation, which would fail.",
      fix: GRANT_MAIL_SEND(context.deployment.tenantId),
      values: [{ label: "Application permission", value: "Mail.Send" }],
      guideStep: "4",
    });
  }
  if (!settings.senderMailbox) {
    findings.push({
      id: "invitation-mail:sender",
      status: "fail",
      title: "No sender mailbox",
      detail: "Guestpass's mail needs a mailbox to send from.",
      fix: ["Settings → Invitation mail: set the sender mailbox."],
    });
  } else if (token) {
    findings.push(await senderFinding(context, settings.senderMailbox, missing));
  }
  return result(findings);
}

async function senderFinding(
  context: Pick<RegistrationCheckContext, "graph">,
  sender: string,
  missing: "fail" | "warn",
): Promise<RegistrationFinding> {
  try {
    await context.graph.get(`/users/${encodeURIComponent(sender)}`, { query: { $select: "id,mail" } });
    return {
      id: "invitation-mail:sender",
      status: "pass",
      title: `The sender ${sender} exists`,
      detail: "A user of your tenant; its mailbox must be in Exchange Online.",
      fix: [],
    };
  } catch (error) {
    if (isGraphRequestError(error) && error.status === 404)
      return {
        id: "invitation-mail:sender",
        status: missing,
        title: `The sender ${sender} does not exist`,
        detail:
          "Microsoft has no user with this address in your tenant, so the invitation mail cannot be sent from it.",
        fix: ["Settings → Invitation mail: name a user or shared mailbox of your tenant."],
        code: error.code,
      };
    return {
      id: "invitation-mail:sender",
      status: "info",
      title: `The sender ${sender} was not looked up`,
      detail: "Reading users needs User.Read.All; without it the check cannot tell whether the sender exists.",
      fix: [],
      ...(isGraphRequestError(error) ? { code: error.code } : {}),
    };
  }
}

function result(findings: RegistrationFinding[]): RegistrationCheckResult {
  return {
    id: "invitationMail",
    title: TITLE,
    status: worstStatus(findings.map((item) => item.status)),
    findings,
  };
}
