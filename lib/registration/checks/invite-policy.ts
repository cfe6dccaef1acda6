import "server-only";
// Check 4: the tenant's guest invite setting (authorizationPolicy.allowInvitesFrom), read with
// Policy.Read.All (optional). Microsoft refuses app-only invitations when invitations are limited
// to admins and guest inviters, or off.
import { isGraphRequestError } from "@/lib/graph/errors";
import { explainMicrosoftError } from "@/lib/errors/explain";
import type { RegistrationCheckResult, RegistrationFinding } from "@/lib/shared/registration";
import type { RegistrationCheckContext } from "./context";

const GUEST_INVITE_SETTINGS =
  "Entra admin center → External Identities → External collaboration settings → Guest invite settings";

function findingFor(allowInvitesFrom: string): RegistrationFinding {
  if (allowInvitesFrom === "everyone" || allowInvitesFrom === "adminsGuestInvitersAndAllMembers") {
    return {
      id: "invite-policy",
      status: "pass",
      title: "The tenant lets the app invite guests",
      detail: `Guest invite setting: ${allowInvitesFrom}.`,
      fix: [],
    };
  }
  const fix = [
    `${GUEST_INVITE_SETTINGS} → "Member users and users assigned to specific admin roles can invite guest users including guests with member permissions" (or more open) → Save.`,
  ];
  if (allowInvitesFrom === "none") {
    return {
      id: "invite-policy",
      status: "fail",
      title: "Guest invitations are turned off in this tenant",
      detail: "Nobody, Guestpass included, can invite guests: every invitation is refused.",
      fix,
      guideStep: "8",
    };
  }
  return {
    id: "invite-policy",
    status: "fail",
    title: "Only admins may invite guests in this tenant",
    detail: `Guest invite setting: ${allowInvitesFrom}. Microsoft refuses invitations an app sends on its own (application permissions) under this setting, so Guestpass cannot invite anyone.`,
    fix,
    guideStep: "8",
  };
}

export async function checkInvitePolicy(context: RegistrationCheckContext): Promise<RegistrationCheckResult> {
  const base = { id: "invitePolicy" as const, title: "Guest invitation policy" };
  try {
    const policy = await context.graph.get<{ allowInvitesFrom?: string }>("/policies/authorizationPolicy", {
      query: { $select: "allowInvitesFrom" },
    });
    const found = findingFor(policy.allowInvitesFrom ?? "everyone");
    return { ...base, status: found.status, findings: [found] };
  } catch (error) {
    const explained = explainMicrosoftError(error);
    const found: RegistrationFinding =
      isGraphRequestError(error) && error.status === 403
        ? {
            id: "invite-policy",
            status: "info",
            title: "Guestpass cannot read the guest invite settings",
            detail:
              "Without Policy.Read.All this check cannot tell whether the tenant lets apps invite guests; the first invitation will.",
            fix: [
              "API permissions → Add a permission → Microsoft Graph → Application permissions → Policy.Read.All → Grant admin consent.",
            ],
            values: [{ label: "Application permission", value: "Policy.Read.All" }],
            code: explained.code,
            guideStep: "4",
          }
        : {
            id: "invite-policy",
            status: "warn",
            title: "The guest invite settings could not be read",
            detail: explained.meaning,
            fix: [...explained.fix],
            code: explained.code === "unknown" ? undefined : explained.code,
          };
    return { ...base, status: found.status, findings: [found] };
  }
}
