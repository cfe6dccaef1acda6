import "server-only";
// Check 2: the token's `roles` (the application permissions an admin consented to). Each missing
// permission names what it would enable; only User.Invite.All is needed for Guestpass to work.
import type { AppOnlyToken } from "@/lib/identity/app-only-token";
import { applicationPermissionsFromRoles } from "@/lib/identity/token-claims";
import {
  worstStatus,
  type CheckStatus,
  type RegistrationCheckResult,
  type RegistrationFinding,
} from "@/lib/shared/registration";
import { APPLICATION_PERMISSIONS } from "../deployment";
import { REGISTRATION_BLADE } from "./context";

/** Broader permissions that include each one (Graph accepts them too). */
function held(name: string, roles: readonly string[]): boolean {
  const permissions = applicationPermissionsFromRoles(roles);
  switch (name) {
    case "User.Invite.All":
      return permissions.canInvite;
    case "User.Read.All":
      return permissions.canReadUsers;
    case "User.ReadWrite.All":
      return permissions.canManageUsers;
    case "Application.Read.All":
      return [
        "Application.Read.All",
        "Application.ReadWrite.All",
        "Application.ReadWrite.OwnedBy",
        "Directory.Read.All",
        "Directory.ReadWrite.All",
      ].some((role) => roles.includes(role));
    case "Policy.Read.All":
      return ["Policy.Read.All", "Policy.ReadWrite.Authorization"].some((role) => roles.includes(role));
    default:
      return roles.includes(name);
  }
}

/** How bad a missing permission is: Guestpass cannot invite without the first, cannot follow invitations without the second. */
function missingStatus(name: string): CheckStatus {
  if (name === "User.Invite.All") return "fail";
  if (name === "User.Read.All") return "warn";
  return "info";
}

export function checkPermissions(token: AppOnlyToken | null, tenantId: string): RegistrationCheckResult {
  if (!token) {
    return {
      id: "permissions",
      title: "Application permissions",
      status: "info",
      findings: [
        {
          id: "permissions:no-token",
          status: "info",
          title: "Not checked",
          detail: "Without a token Guestpass cannot see which permissions were granted. Fix the credential first.",
          fix: [],
        },
      ],
    };
  }
  const findings: RegistrationFinding[] = APPLICATION_PERMISSIONS.map((permission) => {
    if (held(permission.name, token.roles)) {
      return {
        id: `permission:${permission.name}`,
        status: "pass",
        title: permission.name,
        detail: `Granted: needed for ${permission.features}.`,
        fix: [],
      };
    }
    return {
      id: `permission:${permission.name}`,
      status: missingStatus(permission.name),
      title: `${permission.name} is not granted`,
      detail: permission.required
        ? `Guestpass needs it for ${permission.features}; nothing can be sent without it.`
        : `Without it Guestpass works, but not ${permission.features}.`,
      fix: [
        `${REGISTRATION_BLADE} → API permissions → Add a permission → Microsoft Graph → Application permissions → ${permission.name}.`,
        `Then "Grant admin consent for" your organisation (tenant ${tenantId}), and run this check again.`,
      ],
      values: [{ label: "Application permission", value: permission.name }],
      guideStep: "4",
    };
  });
  return {
    id: "permissions",
    title: "Application permissions",
    status: worstStatus(findings.map((item) => item.status)),
    findings,
  };
}
