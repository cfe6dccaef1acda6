// A scenario is the directory an emulator starts with: tenants, users, app registrations, role
// assignments and grants. Loaded from the default (default-scenario.ts) or a JSON file; the schema
// fills in what a hand-written file may leave out.
import { readFile } from "node:fs/promises";
import { createHash, X509Certificate } from "node:crypto";
import { z } from "zod";
import type { AppRegistration, AppRoleAssignment, DelegatedGrant, Invitation, Tenant, User } from "./types";

const guid = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i)
  .transform((value) => value.toLowerCase());
const farFuture = "2099-12-31T00:00:00.000Z";
const epoch = "2026-01-01T00:00:00.000Z";

const tenantSchema = z.object({
  id: guid,
  displayName: z.string(),
  domains: z.array(z.string()).min(1),
  userConsent: z.enum(["allowed", "adminOnly"]).default("allowed"),
  outboundMailBlocked: z.boolean().default(false),
  invitationsDisabled: z.boolean().default(false),
  invitationsBlockedForSuspiciousActivity: z.boolean().default(false),
  allowInvitesFrom: z
    .enum(["none", "adminsAndGuestInviters", "adminsGuestInvitersAndAllMembers", "everyone"])
    .default("everyone"),
});

const userSchema = z.object({
  id: guid,
  tenantId: guid,
  userPrincipalName: z.string(),
  displayName: z.string(),
  givenName: z.string().nullable().default(null),
  surname: z.string().nullable().default(null),
  mail: z.string().nullable().default(null),
  otherMails: z.array(z.string()).default([]),
  userType: z.enum(["Member", "Guest"]).default("Member"),
  accountEnabled: z.boolean().default(true),
  createdDateTime: z.string().default(epoch),
  externalUserState: z.enum(["PendingAcceptance", "Accepted"]).nullable().default(null),
  externalUserStateChangeDateTime: z.string().nullable().default(null),
  password: z.string().nullable().default(null),
  mailbox: z.enum(["exchangeOnline", "onPremises", "none"]).default("exchangeOnline"),
  isTenantAdmin: z.boolean().default(false),
  redeemedBy: z.object({ tenantId: guid, userId: guid }).nullable().default(null),
});

const certificateSchema = z.object({
  id: guid,
  displayName: z.string().default("certificate"),
  certificatePem: z.string(),
  endDateTime: z.string().optional(),
});

const appSchema = z.object({
  appId: guid,
  displayName: z.string(),
  homeTenantId: guid,
  signInAudience: z
    .enum(["AzureADMyOrg", "AzureADMultipleOrgs", "AzureADandPersonalMicrosoftAccount"])
    .default("AzureADMultipleOrgs"),
  redirectUris: z.array(z.string()).default([]),
  spaRedirectUris: z.array(z.string()).default([]),
  verifiedPublisher: z
    .object({ displayName: z.string(), verifiedPublisherId: z.string(), addedDateTime: z.string().default(epoch) })
    .nullable()
    .default(null),
  secrets: z
    .array(
      z.object({
        id: guid,
        value: z.string(),
        displayName: z.string().default("secret"),
        startDateTime: z.string().default(epoch),
        endDateTime: z.string().default(farFuture),
      }),
    )
    .default([]),
  certificates: z.array(certificateSchema).default([]),
  appRoles: z
    .array(
      z.object({
        id: guid,
        value: z.string(),
        displayName: z.string(),
        allowedMemberTypes: z.array(z.enum(["User", "Application"])).default(["User"]),
      }),
    )
    .default([]),
  applicationPermissions: z.record(z.string(), z.array(z.string())).default({}),
  requiredDelegatedPermissions: z.array(z.string()).default([]),
  removeUnverifiedEmailClaim: z.boolean().default(true),
  idTokenOptionalClaims: z.array(z.string()).default([]),
});

const roleAssignmentSchema = z.object({
  id: guid,
  appId: guid,
  tenantId: guid,
  userId: guid,
  roleValue: z.string(),
  createdDateTime: z.string().default(epoch),
});

const delegatedGrantSchema = z.object({
  id: guid,
  appId: guid,
  tenantId: guid,
  userId: guid.nullable(),
  scopes: z.array(z.string()),
  createdDateTime: z.string().default(epoch),
});

export const scenarioSchema = z.object({
  tenants: z.array(tenantSchema),
  users: z.array(userSchema).default([]),
  apps: z.array(appSchema).default([]),
  roleAssignments: z.array(roleAssignmentSchema).default([]),
  delegatedGrants: z.array(delegatedGrantSchema).default([]),
  invitations: z.array(z.custom<Invitation>()).default([]),
});

export type ScenarioInput = z.input<typeof scenarioSchema>;

export interface Scenario {
  tenants: Tenant[];
  users: User[];
  apps: AppRegistration[];
  roleAssignments: AppRoleAssignment[];
  delegatedGrants: DelegatedGrant[];
  invitations?: Invitation[];
}

/** base64url SHA-1 and SHA-256 of a certificate's DER: the x5t / x5t#S256 a client assertion names. */
export function certificateThumbprints(certificatePem: string): { x5t: string; x5tS256: string; endDateTime: string } {
  const certificate = new X509Certificate(certificatePem);
  return {
    x5t: createHash("sha1").update(certificate.raw).digest("base64url"),
    x5tS256: createHash("sha256").update(certificate.raw).digest("base64url"),
    endDateTime: new Date(certificate.validTo).toISOString(),
  };
}

/** Validates a scenario object (as written by hand or produced by code) and fills defaults. */
export function parseScenario(input: unknown): Scenario {
  const parsed = scenarioSchema.parse(input);
  return {
    ...parsed,
    apps: parsed.apps.map((app) => ({
      ...app,
      certificates: app.certificates.map((certificate) => {
        const thumbprints = certificateThumbprints(certificate.certificatePem);
        return { ...certificate, ...thumbprints, endDateTime: certificate.endDateTime ?? thumbprints.endDateTime };
      }),
    })),
  };
}

export async function loadScenarioFile(file: string): Promise<Scenario> {
  return parseScenario(JSON.parse(await readFile(file, "utf8")));
}
