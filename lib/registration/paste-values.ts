import "server-only";
// The deployment's registration values grouped as Settings shows them for pasting.
import type { PasteValue } from "@/lib/shared/registration";
import { APPLICATION_PERMISSIONS, type DeploymentRegistration } from "./deployment";

export interface PasteValueGroup {
  title: string;
  hint: string;
  values: PasteValue[];
}

export function pasteValueGroups(deployment: DeploymentRegistration): PasteValueGroup[] {
  return [
    {
      title: "Supported account types and redirect URIs",
      hint: "Authentication → Supported account types: multitenant. Add a platform → Web (not Single-page application) → both URIs.",
      values: [
        { label: "Supported account types", value: "AzureADMultipleOrgs" },
        { label: "Web redirect URI (staff sign-in)", value: deployment.redirectUris.staffSignIn },
        { label: "Web redirect URI (consent)", value: deployment.redirectUris.consent },
      ],
    },
    {
      title: "Application permissions (Microsoft Graph)",
      hint: "API permissions → Add a permission → Microsoft Graph → Application permissions, then Grant admin consent. Only User.Invite.All is required.",
      values: APPLICATION_PERMISSIONS.map((permission) => ({
        label: permission.required ? "Required" : `For ${permission.features.split(",")[0]}`,
        value: permission.name,
      })),
    },
    {
      title: "Delegated permissions (Microsoft Graph)",
      hint: "API permissions → Add a permission → Microsoft Graph → Delegated permissions: what the consent link asks each person for (CONSENT_SCOPES).",
      values: deployment.delegatedScopes.map((scope) => ({ label: "Delegated permission", value: scope })),
    },
    {
      title: "App roles",
      hint: "App roles → Create app role, allowed member types Users/Groups; then assign staff in Enterprise applications → Users and groups.",
      values: deployment.appRoles.map((role) => ({ label: role.displayName, value: role.value })),
    },
    {
      title: "This portal's configuration",
      hint: "From the registration's Overview page into the environment (AZURE_TENANT_ID, AZURE_CLIENT_ID).",
      values: [
        { label: "AZURE_TENANT_ID", value: deployment.tenantId },
        { label: "AZURE_CLIENT_ID", value: deployment.clientId },
        { label: "APP_URL", value: deployment.appUrl },
      ],
    },
  ];
}
