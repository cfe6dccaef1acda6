import { describe, expect, it } from "vitest";
import type { DeploymentRegistration } from "./deployment";
import { APPLICATION_PERMISSION_IDS, DELEGATED_PERMISSION_IDS } from "./graph-permissions";
import { appManifest, powerShellScript } from "./manifest";

const deployment: DeploymentRegistration = {
  appUrl: "https://guestpass.example.com",
  tenantId: "c0c05000-0000-4000-8000-000000000001",
  clientId: "9e57a55a-0000-4000-8000-00000000a001",
  redirectUris: {
    staffSignIn: "https://guestpass.example.com/api/auth/callback/microsoft-entra-id",
    consent: "https://guestpass.example.com/consent/callback",
  },
  delegatedScopes: ["openid", "offline_access", "email", "profile", "User.Read", "Mail.Send"],
  consentAuthority: "common",
  authorityHost: "https://login.microsoftonline.com",
  appRoles: [
    { value: "Guestpass.Admin", displayName: "Guestpass administrator", description: "Admins" },
    { value: "Guestpass.Support", displayName: "Guest's support", description: "It's support" },
  ],
  credential: { kind: "secret" },
};

describe("app manifest", () => {
  it("is a multi-tenant web app with this deployment's redirect URIs, Graph permissions by id and stable role ids", () => {
    const manifest = appManifest(deployment);
    expect(manifest.signInAudience).toBe("AzureADMultipleOrgs");
    expect(manifest.web.redirectUris).toEqual([deployment.redirectUris.staffSignIn, deployment.redirectUris.consent]);
    const access = manifest.requiredResourceAccess[0]!.resourceAccess;
    expect(access).toContainEqual({ id: DELEGATED_PERMISSION_IDS["Mail.Send"], type: "Scope" });
    expect(access).toContainEqual({ id: APPLICATION_PERMISSION_IDS["User.Invite.All"], type: "Role" });
    expect(access.filter((item) => item.type === "Scope")).toHaveLength(6);
    expect(manifest.appRoles.map((role) => role.value)).toEqual(["Guestpass.Admin", "Guestpass.Support"]);
    expect(appManifest(deployment).appRoles[0]!.id).toBe(manifest.appRoles[0]!.id);
  });
});

describe("PowerShell script", () => {
  it("creates the registration with the deployment's values, quoting them for PowerShell", () => {
    const script = powerShellScript(deployment);
    expect(script).toContain(`'${deployment.redirectUris.consent}'`);
    expect(script).toContain(`Connect-MgGraph -TenantId '${deployment.tenantId}'`);
    expect(script).toContain("'Guest''s support'");
    expect(script).toContain("'It''s support'");
    expect(script).toContain(`'${APPLICATION_PERMISSION_IDS["User.Invite.All"]}' # User.Invite.All`);
    // Member invitations stay a decision for the admin: requested, not granted.
    expect(script).not.toContain(`'${APPLICATION_PERMISSION_IDS["User.ReadWrite.All"]}' # User.ReadWrite.All`);
    expect(script).toContain(`Id = '${APPLICATION_PERMISSION_IDS["User.ReadWrite.All"]}'; Type = 'Role'`);
  });
});
