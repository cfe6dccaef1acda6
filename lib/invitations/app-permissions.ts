// What the app registration may do in Graph, read from its app-only token's `roles`. Used to offer
// (or refuse, with an explanation) the features that need more than User.Invite.All.
import { appOnlyTokenProviderFromEnv } from "@/lib/identity/app-only-from-env";
import { MEMBER_INVITE_PERMISSION_HINT, type ApplicationPermissions } from "@/lib/identity/token-claims";
import type { MemberInviteAvailability } from "./types";

export async function applicationPermissions(): Promise<ApplicationPermissions> {
  return appOnlyTokenProviderFromEnv().getApplicationPermissions();
}

/** Member invites need User.ReadWrite.All or Directory.ReadWrite.All; User.Invite.All creates Guests only. */
export async function memberInvitesAllowed(): Promise<MemberInviteAvailability> {
  const permissions = await applicationPermissions();
  return {
    allowed: permissions.canManageUsers,
    reason: permissions.canManageUsers ? undefined : MEMBER_INVITE_PERMISSION_HINT,
    applicationPermissions: [...permissions.roles],
  };
}

export const RESET_REDEMPTION_PERMISSION_HINT =
  "Resetting the redemption lets the person redeem again with another account. Microsoft Graph allows it only with the application permission User.ReadWrite.All (or Directory.ReadWrite.All) granted with admin consent: Azure portal → Microsoft Entra ID → App registrations → Guestpass → API permissions.";

export const REVOKE_PERMISSION_HINT =
  "Removing a guest from the tenant needs the Microsoft Graph application permission User.ReadWrite.All (or Directory.ReadWrite.All) with admin consent: Azure portal → Microsoft Entra ID → App registrations → Guestpass → API permissions.";
