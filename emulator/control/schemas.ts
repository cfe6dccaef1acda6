// Bodies the control API accepts, as zod schemas shared by the routes (validation) and the typed
// client (parameter types).
import { z } from "zod";

const guid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);

export const tenantFlagsSchema = z.object({
  displayName: z.string().min(1).optional(),
  userConsent: z.enum(["allowed", "adminOnly"]).optional(),
  outboundMailBlocked: z.boolean().optional(),
  invitationsDisabled: z.boolean().optional(),
  invitationsBlockedForSuspiciousActivity: z.boolean().optional(),
  /** Entra "Guest invite settings": who may invite (app-only invitations need one of the last two). */
  allowInvitesFrom: z
    .enum(["none", "adminsAndGuestInviters", "adminsGuestInvitersAndAllMembers", "everyone"])
    .optional(),
});
export type TenantPatch = z.infer<typeof tenantFlagsSchema>;

export const createTenantSchema = tenantFlagsSchema.extend({
  id: guid.optional(),
  displayName: z.string().min(1),
  domains: z.array(z.string().min(3)).min(1),
});
export type CreateTenantInput = z.input<typeof createTenantSchema>;

export const userPatchSchema = z.object({
  /** A rename: the account then signs in with the new name (and only that). */
  userPrincipalName: z.string().min(3).optional(),
  displayName: z.string().min(1).optional(),
  mail: z.string().nullable().optional(),
  otherMails: z.array(z.string()).optional(),
  accountEnabled: z.boolean().optional(),
  password: z.string().nullable().optional(),
  mailbox: z.enum(["exchangeOnline", "onPremises", "none"]).optional(),
  isTenantAdmin: z.boolean().optional(),
  userType: z.enum(["Member", "Guest"]).optional(),
  externalUserState: z.enum(["PendingAcceptance", "Accepted"]).nullable().optional(),
});
export type UserPatch = z.infer<typeof userPatchSchema>;

export const createUserSchema = userPatchSchema.extend({
  id: guid.optional(),
  tenantId: guid,
  userPrincipalName: z.string().min(3),
  givenName: z.string().nullable().optional(),
  surname: z.string().nullable().optional(),
});
export type CreateUserInput = z.input<typeof createUserSchema>;

export const createAppSchema = z.object({
  appId: guid.optional(),
  displayName: z.string().min(1),
  homeTenantId: guid,
  signInAudience: z
    .enum(["AzureADMyOrg", "AzureADMultipleOrgs", "AzureADandPersonalMicrosoftAccount"])
    .default("AzureADMultipleOrgs"),
  redirectUris: z.array(z.string()).default([]),
  requiredDelegatedPermissions: z.array(z.string()).default(["openid", "profile", "offline_access", "User.Read"]),
  appRoles: z.array(z.object({ value: z.string(), displayName: z.string().optional() })).default([]),
  removeUnverifiedEmailClaim: z.boolean().default(true),
  idTokenOptionalClaims: z.array(z.string()).default([]),
});
export type CreateAppInput = z.input<typeof createAppSchema>;

export const appPatchSchema = z.object({
  displayName: z.string().min(1).optional(),
  signInAudience: z.enum(["AzureADMyOrg", "AzureADMultipleOrgs", "AzureADandPersonalMicrosoftAccount"]).optional(),
  redirectUris: z.array(z.string()).optional(),
  /** URIs under the "Single-page application" platform (never accepted for a confidential client's code). */
  spaRedirectUris: z.array(z.string()).optional(),
  requiredDelegatedPermissions: z.array(z.string()).optional(),
  removeUnverifiedEmailClaim: z.boolean().optional(),
  idTokenOptionalClaims: z.array(z.string()).optional(),
  /** null: the publisher is not verified. */
  verifiedPublisher: z
    .object({ displayName: z.string().min(1), verifiedPublisherId: z.string().min(1) })
    .nullable()
    .optional(),
  /** Replaces the app roles by value; a role kept keeps its id. */
  appRoles: z.array(z.object({ value: z.string().min(1), displayName: z.string().optional() })).optional(),
});
export type AppPatch = z.infer<typeof appPatchSchema>;

export const addSecretSchema = z.object({
  value: z.string().min(8).optional(),
  displayName: z.string().default("secret"),
  endDateTime: z.string().optional(),
});
export type AddSecretInput = z.input<typeof addSecretSchema>;

/** Moves a secret's expiry (e.g. to show "expires in 10 days" without waiting). */
export const secretPatchSchema = z.object({ endDateTime: z.iso.datetime({ offset: true }) });
export type SecretPatch = z.infer<typeof secretPatchSchema>;

export const addCertificateSchema = z.object({
  certificatePem: z.string().includes("BEGIN CERTIFICATE"),
  displayName: z.string().default("certificate"),
});
export type AddCertificateInput = z.input<typeof addCertificateSchema>;

export const permissionsSchema = z.object({ permissions: z.array(z.string()) });

export const roleAssignmentSchema = z.object({ tenantId: guid, userId: guid, roleValue: z.string() });
export type RoleAssignmentInput = z.infer<typeof roleAssignmentSchema>;

export const delegatedGrantSchema = z.object({
  appId: guid,
  tenantId: guid,
  userId: guid.nullable(),
  scopes: z.array(z.string()).min(1),
});
export type DelegatedGrantInput = z.infer<typeof delegatedGrantSchema>;

/** `passcode: true`: redeem with an email one-time passcode, by no account (as the redemption page's code does). */
export const redeemSchema = z.object({ homeUserId: guid.optional(), passcode: z.boolean().optional() });

export const revokeSchema = z.object({ appId: guid.optional() });

export const expireTokensSchema = z.object({
  kind: z.enum(["access", "refresh", "codes", "all"]),
  userId: guid.optional(),
  appId: guid.optional(),
});
export type ExpireTokensInput = z.infer<typeof expireTokensSchema>;

export const lifetimesSchema = z.object({
  accessTokenSeconds: z.number().int().positive().optional(),
  authorizationCodeSeconds: z.number().int().positive().optional(),
  refreshTokenInactivitySeconds: z.number().int().positive().optional(),
});
export type LifetimesPatch = z.infer<typeof lifetimesSchema>;

export const rotationSchema = z.object({ mode: z.enum(["entra", "strict"]) });

export const idTokenDefectSchema = z.object({
  appId: guid,
  /** Only this user's sign-ins (home account or guest object id); omitted: any user of the app. */
  userId: guid.optional(),
  defect: z.enum(["issuer", "tenant", "audience", "nonce", "signature", "unknownKey"]),
  /** How many token responses to spoil; then the rule retires. */
  count: z.number().int().positive().max(100).default(1),
});
export type IdTokenDefectInput = z.input<typeof idTokenDefectSchema>;
