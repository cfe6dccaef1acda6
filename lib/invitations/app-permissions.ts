import "server-only";
// What the app registration may do in Graph, read from its app-only token's `roles`. Used to offer
// (or refuse, with an explanation) the features that need more than User.Invite.All.
import { appOnlyTokenProviderFromEnv } from "@/lib/identity/app-only-from-env";
import { MEMBER_INVITE_PERMISSION_HINT, type ApplicationPermissions } from "@/lib/identity/token-claims";
import type { MemberInviteAvailability } from "@/lib/shared/invitations";

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

/** Whether a feature that needs more than User.Invite.All can be offered, and if not, why. */
export interface FeatureAvailability {
  allowed: boolean;
  reason?: string;
}

const PERMISSIONS_UNREADABLE =
  "Guestpass could not read the app's permissions from Microsoft just now, so this is not offered. Reload the page in a minute, or check the app registration on the Settings page.";

/**
 * Revoke and reset redemption, decided the way the Member option is: from the roles in the app's
 * own token. Offering them without User.ReadWrite.All would only ever end in Microsoft's refusal.
 */
export async function userManagementAvailability(): Promise<{
  revoke: FeatureAvailability;
  resetRedemption: FeatureAvailability;
}> {
  let canManageUsers: boolean;
  try {
    canManageUsers = (await applicationPermissions()).canManageUsers;
  } catch {
    return {
      revoke: { allowed: false, reason: PERMISSIONS_UNREADABLE },
      resetRedemption: { allowed: false, reason: PERMISSIONS_UNREADABLE },
    };
  }
  if (canManageUsers) return { revoke: { allowed: true }, resetRedemption: { allowed: true } };
  return {
    revoke: { allowed: false, reason: REVOKE_PERMISSION_HINT },
    resetRedemption: { allowed: false, reason: RESET_REDEMPTION_PERMISSION_HINT },
  };
}

export const RESET_REDEMPTION_PERMISSION_HINT =
  "Resetting the redemption lets the person redeem again with another account. Microsoft Graph allows it only with the application permission User.ReadWrite.All (or Directory.ReadWrite.All) granted with admin consent: Azure portal → Microsoft Entra ID → App registrations → Guestpass → API permissions.";

export const REVOKE_PERMISSION_HINT =
  "Removing a guest from the tenant needs the Microsoft Graph application permission User.ReadWrite.All (or Directory.ReadWrite.All) with admin consent: Azure portal → Microsoft Entra ID → App registrations → Guestpass → API permissions.";
