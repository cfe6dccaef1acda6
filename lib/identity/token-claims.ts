import "server-only";
import { decodeJwt } from "jose";

/**
 * Reads what an app-only access token says about the app's Graph application permissions
 * (the `roles` claim). No signature check: this is for display and for offering features
 * (e.g. Member invites), never for authorising anything — Graph enforces the real check.
 */
export interface ApplicationPermissions {
  roles: readonly string[];
  /** User.Invite.All (or broader): guests can be invited. */
  canInvite: boolean;
  /** Guest state can be read (User.Read.All or broader). */
  canReadUsers: boolean;
  /** Members can be invited / guests turned into members / users deleted. */
  canManageUsers: boolean;
}

const WRITE_ALL = ["User.ReadWrite.All", "Directory.ReadWrite.All"];
const READ_ALL = ["User.Read.All", "User.ReadBasic.All", "Directory.Read.All", ...WRITE_ALL];
const INVITE = ["User.Invite.All", ...WRITE_ALL];

export function rolesOfAccessToken(accessToken: string): string[] {
  try {
    const roles = decodeJwt(accessToken).roles;
    return Array.isArray(roles) ? roles.filter((r): r is string => typeof r === "string") : [];
  } catch {
    return []; // opaque or malformed token: we cannot tell, so claim nothing
  }
}

export function applicationPermissionsFromRoles(roles: readonly string[]): ApplicationPermissions {
  const has = (list: string[]) => list.some((p) => roles.includes(p));
  return { roles: [...roles], canInvite: has(INVITE), canReadUsers: has(READ_ALL), canManageUsers: has(WRITE_ALL) };
}

/** What to tell an admin when Member invites are not available. */
export const MEMBER_INVITE_PERMISSION_HINT =
  'Inviting Members needs the Microsoft Graph application permission User.ReadWrite.All (or Directory.ReadWrite.All) with admin consent: Azure portal → Microsoft Entra ID → App registrations → Guestpass → API permissions → Add a permission → Microsoft Graph → Application permissions, then "Grant admin consent". User.Invite.All alone only creates Guests.';
