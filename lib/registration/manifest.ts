import "server-only";
// The app registration this deployment needs, as an Entra app manifest (the Microsoft Graph
// application format the admin center's Manifest editor shows since 2024) and as a Microsoft
// Graph PowerShell script that creates it, grants the application permissions and prints the
// environment variables. Both carry this deployment's redirect URIs, scopes and role names.
import { createHash } from "node:crypto";
import { APPLICATION_PERMISSIONS, type DeploymentRegistration } from "./deployment";
import {
  APPLICATION_PERMISSION_IDS,
  DELEGATED_PERMISSION_IDS,
  MICROSOFT_GRAPH_RESOURCE_APP_ID,
} from "./graph-permissions";

/** A stable GUID per role value, so a manifest downloaded twice does not create a second role. */
function roleId(value: string): string {
  const hex = createHash("sha256").update(`guestpass-app-role:${value}`).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function resourceAccess(deployment: DeploymentRegistration) {
  const scopes = deployment.delegatedScopes.flatMap((scope) => {
    const id = DELEGATED_PERMISSION_IDS[scope];
    return id ? [{ id, type: "Scope" }] : [];
  });
  const roles = APPLICATION_PERMISSIONS.flatMap((permission) => {
    const id = APPLICATION_PERMISSION_IDS[permission.name];
    return id ? [{ id, type: "Role" }] : [];
  });
  return [...scopes, ...roles];
}

/** Scopes of CONSENT_SCOPES Guestpass has no id for (the manifest cannot list them; add them by name). */
export function unlistedScopes(deployment: DeploymentRegistration): string[] {
  return deployment.delegatedScopes.filter((scope) => !DELEGATED_PERMISSION_IDS[scope]);
}

export function appManifest(deployment: DeploymentRegistration, displayName = "Guestpass") {
  return {
    displayName,
    signInAudience: "AzureADMultipleOrgs",
    web: {
      redirectUris: [deployment.redirectUris.staffSignIn, deployment.redirectUris.consent],
      implicitGrantSettings: { enableAccessTokenIssuance: false, enableIdTokenIssuance: false },
    },
    requiredResourceAccess: [
      { resourceAppId: MICROSOFT_GRAPH_RESOURCE_APP_ID, resourceAccess: resourceAccess(deployment) },
    ],
    appRoles: deployment.appRoles.map((role) => ({
      allowedMemberTypes: ["User"],
      description: role.description,
      displayName: role.displayName,
      id: roleId(role.value),
      isEnabled: true,
      value: role.value,
    })),
    // The portal accepts an `email` claim as proof of an address only with xms_edov (verified domain).
    optionalClaims: {
      idToken: [{ name: "xms_edov", essential: false, additionalProperties: [] }],
      accessToken: [],
      saml2Token: [],
    },
  };
}

/** A PowerShell single-quoted literal. */
function ps(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

export function powerShellScript(deployment: DeploymentRegistration, displayName = "Guestpass"): string {
  const manifest = appManifest(deployment, displayName);
  const access = manifest.requiredResourceAccess[0]!.resourceAccess.map(
    (item) => `    @{ Id = ${ps(item.id)}; Type = ${ps(item.type)} }`,
  ).join("\n");
  const roles = manifest.appRoles
    .map(
      (role) =>
        `    @{ Id = ${ps(role.id)}; Value = ${ps(role.value)}; DisplayName = ${ps(role.displayName)}; Description = ${ps(role.description)}; AllowedMemberTypes = @('User'); IsEnabled = $true }`,
    )
    .join("\n");
  const applicationRoleIds = APPLICATION_PERMISSIONS.filter((permission) => permission.name !== "User.ReadWrite.All")
    .map((permission) => `  ${ps(APPLICATION_PERMISSION_IDS[permission.name]!)} # ${permission.name}`)
    .join("\n");
  const signInScopes = deployment.delegatedScopes
    .filter((scope) => ["openid", "profile", "email", "offline_access", "User.Read"].includes(scope))
    .join(" ");
  return `# Creates the Guestpass app registration for ${deployment.appUrl}
# with this deployment's redirect URIs, permissions and app roles, grants admin consent for the
# application permissions in your tenant and prints the variables for Guestpass's environment.
#
# Run it as a Global Administrator or Privileged Role Administrator of tenant ${deployment.tenantId}:
#   Install-Module Microsoft.Graph.Applications, Microsoft.Graph.Identity.SignIns -Scope CurrentUser
#   ./guestpass-registration.ps1            (add -CreateSecret for a 12-month client secret;
#                                            a certificate is better: see docs/setup-entra.md, step 3)
# User.ReadWrite.All (Member invitations, revoke, reset redemption) is requested but not granted:
# grant it in API permissions only if you need those features.
#Requires -Modules Microsoft.Graph.Applications, Microsoft.Graph.Identity.SignIns
param(
  [string] $DisplayName = ${ps(displayName)},
  [switch] $CreateSecret
)
$ErrorActionPreference = 'Stop'
Connect-MgGraph -TenantId ${ps(deployment.tenantId)} -Scopes 'Application.ReadWrite.All', 'AppRoleAssignment.ReadWrite.All', 'DelegatedPermissionGrant.ReadWrite.All' -NoWelcome

$graphAppId = ${ps(MICROSOFT_GRAPH_RESOURCE_APP_ID)}
$app = New-MgApplication -DisplayName $DisplayName -SignInAudience 'AzureADMultipleOrgs' \`
  -Web @{ RedirectUris = @(${ps(deployment.redirectUris.staffSignIn)}, ${ps(deployment.redirectUris.consent)}); ImplicitGrantSettings = @{ EnableAccessTokenIssuance = $false; EnableIdTokenIssuance = $false } } \`
  -RequiredResourceAccess @(@{ ResourceAppId = $graphAppId; ResourceAccess = @(
${access}
  ) }) \`
  -AppRoles @(
${roles}
  ) \`
  -OptionalClaims @{ IdToken = @(@{ Name = 'xms_edov'; Essential = $false }) }
$sp = New-MgServicePrincipal -AppId $app.AppId
$graphSp = Get-MgServicePrincipal -Filter "appId eq '$graphAppId'"

# Admin consent for the application permissions (app role assignments to Guestpass's service principal).
foreach ($appRoleId in @(
${applicationRoleIds}
)) {
  New-MgServicePrincipalAppRoleAssignment -ServicePrincipalId $sp.Id -PrincipalId $sp.Id -ResourceId $graphSp.Id -AppRoleId $appRoleId | Out-Null
}
# Staff of your own tenant sign in without a consent prompt.
New-MgOauth2PermissionGrant -BodyParameter @{ ClientId = $sp.Id; ConsentType = 'AllPrincipals'; ResourceId = $graphSp.Id; Scope = ${ps(signInScopes)} } | Out-Null

Write-Host "Created $DisplayName. Put these in Guestpass's environment:"
Write-Host "AZURE_TENANT_ID=${deployment.tenantId.replace(/[^A-Za-z0-9.-]/g, "")}"
Write-Host "AZURE_CLIENT_ID=$($app.AppId)"
Write-Host "APP_URL=${deployment.appUrl.replace(/[^A-Za-z0-9:/.\-_~%]/g, "")}"
if ($CreateSecret) {
  $secret = Add-MgApplicationPassword -ApplicationId $app.Id -PasswordCredential @{ DisplayName = 'Guestpass'; EndDateTime = (Get-Date).AddMonths(12) }
  Write-Host "AZURE_CLIENT_SECRET=$($secret.SecretText)   (shown only now; it expires $($secret.EndDateTime))"
}
Write-Host 'Next: assign staff to the Guestpass.Admin / Guestpass.Support roles (Enterprise applications > Users and groups),'
Write-Host 'verify the publisher (Branding & properties), then open Settings > Registration and run the check.'
`;
}
