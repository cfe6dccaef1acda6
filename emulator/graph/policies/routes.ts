// GET /policies/authorizationPolicy: the tenant's authorization settings singleton, of which the
// portal reads `allowInvitesFrom` (Entra "Guest invite settings"). Permission: Policy.Read.All
// (least privileged) or Policy.ReadWrite.Authorization. A tenant with B2B invitations turned off
// reads as "none".
import type { FastifyInstance } from "fastify";
import { authenticate, versionRoot, type GraphContext } from "../context";
import { requireDirectoryPermission } from "../permissions";

const READ_POLICIES = {
  application: ["Policy.Read.All", "Policy.ReadWrite.Authorization"],
  delegated: ["Policy.Read.All", "Policy.ReadWrite.Authorization"],
} as const;

/** Entra's built-in "Guest user" role template id (guestUserRoleId's default). */
const GUEST_USER_ROLE_ID = "10dae51f-b6af-4016-8d66-8c2a99b929b3";

export function registerPolicyRoutes(app: FastifyInstance, context: GraphContext): void {
  app.get("/policies/authorizationPolicy", async (request) => {
    const caller = await authenticate(context, request);
    requireDirectoryPermission(caller, READ_POLICIES);
    const tenant = caller.tenant;
    return {
      "@odata.context": `${versionRoot(request)}/$metadata#policies/authorizationPolicy/$entity`,
      id: "authorizationPolicy",
      displayName: "Authorization Policy",
      description: "Used to manage authorization related settings across the company.",
      allowInvitesFrom: tenant.invitationsDisabled ? "none" : tenant.allowInvitesFrom,
      allowedToSignUpEmailBasedSubscriptions: true,
      allowedToUseSSPR: true,
      allowEmailVerifiedUsersToJoinOrganization: false,
      allowUserConsentForRiskyApps: false,
      blockMsolPowerShell: false,
      guestUserRoleId: GUEST_USER_ROLE_ID,
      defaultUserRolePermissions: {
        allowedToCreateApps: true,
        allowedToCreateSecurityGroups: true,
        allowedToCreateTenants: true,
        allowedToReadBitlockerKeysForOwnedDevice: true,
        allowedToReadOtherUsers: true,
        permissionGrantPoliciesAssigned:
          tenant.userConsent === "allowed" ? ["ManagePermissionGrantsForSelf.microsoft-user-default-legacy"] : [],
      },
    };
  });
}
