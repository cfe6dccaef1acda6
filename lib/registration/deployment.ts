import "server-only";
// What this deployment needs from its app registration, from its configuration: the values the
// check compares against, Settings shows for pasting, and the manifest and script create.
import { getEnv } from "@/lib/env";
import { STAFF_ROLES } from "@/lib/auth/permissions";

export interface ApplicationPermissionNeed {
  name: string;
  /** Without it Guestpass does not work at all. */
  required: boolean;
  /** What needs it, in words staff use. */
  features: string;
}

/** Graph application permissions, with what each one enables. */
export const APPLICATION_PERMISSIONS: readonly ApplicationPermissionNeed[] = [
  { name: "User.Invite.All", required: true, features: "inviting guests" },
  {
    name: "User.Read.All",
    required: false,
    features: 'the status sync, "Check status now" and finding people already in the directory',
  },
  {
    name: "User.ReadWrite.All",
    required: false,
    features: "Member invitations, revoking an invitation (deleting the guest) and resetting a redemption",
  },
  {
    name: "Application.Read.All",
    required: false,
    features: "this check reading the registration, and the staff access check",
  },
  { name: "Policy.Read.All", required: false, features: "this check reading the tenant's guest invite settings" },
];

export interface DeploymentRegistration {
  appUrl: string;
  tenantId: string;
  clientId: string;
  /** Web platform redirect URIs: staff sign-in (Auth.js) and the invited person's consent. */
  redirectUris: { staffSignIn: string; consent: string };
  /** Delegated scopes the consent asks for (CONSENT_SCOPES). */
  delegatedScopes: string[];
  consentAuthority: string;
  authorityHost: string;
  appRoles: { value: string; displayName: string; description: string }[];
  credential: { kind: "secret" } | { kind: "certificate"; path: string };
}

export function deploymentRegistration(): DeploymentRegistration {
  const env = getEnv();
  return {
    appUrl: env.APP_URL,
    tenantId: env.AZURE_TENANT_ID,
    clientId: env.AZURE_CLIENT_ID,
    redirectUris: {
      staffSignIn: `${env.APP_URL}/api/auth/callback/microsoft-entra-id`,
      consent: `${env.APP_URL}/consent/callback`,
    },
    delegatedScopes: [...env.CONSENT_SCOPES],
    consentAuthority: env.CONSENT_AUTHORITY,
    authorityHost: env.MICROSOFT_AUTHORITY_HOST,
    appRoles: [
      {
        value: STAFF_ROLES.admin,
        displayName: "Guestpass administrator",
        description: "Invites people, manages settings and sees everything.",
      },
      {
        value: STAFF_ROLES.support,
        displayName: "Guestpass support staff",
        description: "Finds people, resends invitations and consent links, sends test mail.",
      },
    ],
    credential:
      env.AZURE_CLIENT_SECRET !== undefined
        ? { kind: "secret" }
        : { kind: "certificate", path: env.AZURE_CLIENT_CERTIFICATE_PATH as string },
  };
}
