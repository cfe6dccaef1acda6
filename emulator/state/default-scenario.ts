// The demo directory: the company (Contoso) with its staff and the Guestpass app registration, and
// external tenants whose users Guestpass invites. Fixed ids so links, tests and docs stay stable.
import type { Scenario, ScenarioInput } from "./scenario";
import { parseScenario } from "./scenario";
import { PERSONAL_ACCOUNTS_TENANT_ID, PERSONAL_ACCOUNTS_TENANT_NAME } from "../identity/personal-accounts";

/** Every demo account signs in with this password. */
export const DEMO_PASSWORD = "Passw0rd!";

export const DEMO_TENANTS = {
  contoso: { id: "c0c05000-0000-4000-8000-000000000001", domain: "contoso.com", displayName: "Contoso" },
  fabrikam: { id: "fab00000-0000-4000-8000-000000000002", domain: "fabrikam.com", displayName: "Fabrikam" },
  northwind: { id: "a0b00000-0000-4000-8000-000000000003", domain: "northwind.com", displayName: "Northwind Traders" },
  tailspin: { id: "7a150000-0000-4000-8000-000000000004", domain: "tailspin.com", displayName: "Tailspin Toys" },
  litware: {
    id: "11700000-0000-4000-8000-000000000005",
    domain: "litware.com",
    displayName: "Litware (new trial tenant)",
  },
  /** Microsoft's tenant of personal accounts (outlook.com, hotmail.com, live.com): its id is Microsoft's. */
  personal: { id: PERSONAL_ACCOUNTS_TENANT_ID, domain: "outlook.com", displayName: PERSONAL_ACCOUNTS_TENANT_NAME },
} as const;

/** The domains of personal Microsoft accounts the emulator knows. */
export const PERSONAL_ACCOUNT_DOMAINS = ["outlook.com", "hotmail.com", "live.com"];

export const DEMO_APP = {
  clientId: "9e57a55a-0000-4000-8000-00000000a001",
  clientSecret: "gp-demo-secret~emulator-only-0000000001",
  /** keyId of that secret (passwordCredentials), for tests that move its expiry. */
  secretId: "9e57a55a-0000-4000-8000-00000000b001",
  displayName: "Guestpass",
  /** A single-tenant app of Contoso, to show AADSTS50194 via common/organizations. */
  singleTenantClientId: "9e57a55a-0000-4000-8000-00000000a002",
  singleTenantClientSecret: "gp-demo-secret~emulator-only-0000000002",
} as const;

export const DEMO_ROLES = { admin: "Guestpass.Admin", support: "Guestpass.Support" } as const;

/** Demo accounts by name: upn, object id and home tenant. */
export const DEMO_USERS = {
  admin: {
    id: "c0c05000-0000-4000-9000-000000000001",
    upn: "admin@contoso.com",
    tenant: "contoso",
    role: DEMO_ROLES.admin,
  },
  support: {
    id: "c0c05000-0000-4000-9000-000000000002",
    upn: "support@contoso.com",
    tenant: "contoso",
    role: DEMO_ROLES.support,
  },
  employee: { id: "c0c05000-0000-4000-9000-000000000003", upn: "megan@contoso.com", tenant: "contoso", role: null },
  /** Fabrikam allows user consent: the happy path. */
  alice: { id: "fab00000-0000-4000-9000-000000000001", upn: "alice@fabrikam.com", tenant: "fabrikam", role: null },
  bruno: { id: "fab00000-0000-4000-9000-000000000002", upn: "bruno@fabrikam.com", tenant: "fabrikam", role: null },
  /** Northwind requires admin approval for consent (AADSTS90094). */
  nora: { id: "a0b00000-0000-4000-9000-000000000001", upn: "nora@northwind.com", tenant: "northwind", role: null },
  northwindAdmin: {
    id: "a0b00000-0000-4000-9000-000000000002",
    upn: "admin@northwind.com",
    tenant: "northwind",
    role: null,
  },
  /** Tailspin's mailboxes are on-premises (MailboxNotEnabledForRESTAPI even with common). */
  tom: { id: "7a150000-0000-4000-9000-000000000001", upn: "tom@tailspin.com", tenant: "tailspin", role: null },
  /** Litware's outbound mail is blocked for IP reputation (550 5.7.708 bounce). */
  lena: { id: "11700000-0000-4000-9000-000000000001", upn: "lena@litware.com", tenant: "litware", role: null },
  /** A personal Microsoft account; Microsoft's object ids of personal accounts start with zeros. */
  olivia: { id: "00000000-0000-0000-0e11-7a0000000001", upn: "olivia@outlook.com", tenant: "personal", role: null },
} as const;

export type DemoUserName = keyof typeof DEMO_USERS;

const DELEGATED = ["openid", "offline_access", "email", "profile", "User.Read", "Mail.Send"];

/** The default scenario; `appUrl` gives the redirect URIs of the Guestpass registration. */
export function defaultScenario(appUrl = "http://localhost:3000"): Scenario {
  const base = appUrl.replace(/\/+$/, "");
  const admins = new Set<DemoUserName>(["admin", "northwindAdmin"]);
  const input: ScenarioInput = {
    tenants: [
      {
        id: DEMO_TENANTS.contoso.id,
        displayName: DEMO_TENANTS.contoso.displayName,
        domains: [DEMO_TENANTS.contoso.domain],
      },
      {
        id: DEMO_TENANTS.fabrikam.id,
        displayName: DEMO_TENANTS.fabrikam.displayName,
        domains: [DEMO_TENANTS.fabrikam.domain],
      },
      {
        id: DEMO_TENANTS.northwind.id,
        displayName: DEMO_TENANTS.northwind.displayName,
        domains: [DEMO_TENANTS.northwind.domain],
        userConsent: "adminOnly",
      },
      {
        id: DEMO_TENANTS.tailspin.id,
        displayName: DEMO_TENANTS.tailspin.displayName,
        domains: [DEMO_TENANTS.tailspin.domain],
      },
      {
        id: DEMO_TENANTS.litware.id,
        displayName: DEMO_TENANTS.litware.displayName,
        domains: [DEMO_TENANTS.litware.domain],
        outboundMailBlocked: true,
      },
      {
        id: DEMO_TENANTS.personal.id,
        displayName: DEMO_TENANTS.personal.displayName,
        domains: PERSONAL_ACCOUNT_DOMAINS,
      },
    ],
    users: (Object.entries(DEMO_USERS) as [DemoUserName, (typeof DEMO_USERS)[DemoUserName]][]).map(([name, user]) => {
      const local = user.upn.split("@")[0]!;
      const given = name === "northwindAdmin" ? "Northwind" : local.charAt(0).toUpperCase() + local.slice(1);
      const surname =
        name === "northwindAdmin" || name === "admin"
          ? "Admin"
          : user.tenant === "personal"
            ? "Wilson"
            : DEMO_TENANTS[user.tenant].displayName.split(" ")[0]!;
      return {
        id: user.id,
        tenantId: DEMO_TENANTS[user.tenant].id,
        userPrincipalName: user.upn,
        mail: user.upn,
        displayName: `${given} ${surname}`,
        givenName: given,
        surname,
        password: DEMO_PASSWORD,
        mailbox: user.tenant === "tailspin" ? "onPremises" : "exchangeOnline",
        isTenantAdmin: admins.has(name),
      };
    }),
    apps: [
      {
        appId: DEMO_APP.clientId,
        displayName: DEMO_APP.displayName,
        homeTenantId: DEMO_TENANTS.contoso.id,
        // Work, school and personal accounts: people invited at outlook.com consent too.
        signInAudience: "AzureADandPersonalMicrosoftAccount",
        redirectUris: [`${base}/api/auth/callback/microsoft-entra-id`, `${base}/consent/callback`],
        secrets: [{ id: DEMO_APP.secretId, value: DEMO_APP.clientSecret, displayName: "demo secret" }],
        verifiedPublisher: { displayName: "Contoso", verifiedPublisherId: "1234567" },
        appRoles: [
          {
            id: "9e57a55a-0000-4000-8000-00000000c001",
            value: DEMO_ROLES.admin,
            displayName: "Guestpass administrator",
          },
          {
            id: "9e57a55a-0000-4000-8000-00000000c002",
            value: DEMO_ROLES.support,
            displayName: "Guestpass support staff",
          },
        ],
        // Application.Read.All lets the portal re-read who holds its app roles (staff access check)
        // and read its own registration (Settings); Policy.Read.All, the tenant's guest invite settings;
        // Mail.Send, Guestpass's own invitation mail from a Contoso mailbox.
        applicationPermissions: {
          [DEMO_TENANTS.contoso.id]: [
            "User.Invite.All",
            "User.Read.All",
            "Application.Read.All",
            "Policy.Read.All",
            "Mail.Send",
          ],
        },
        requiredDelegatedPermissions: DELEGATED,
        // The portal accepts an `email` claim as the invited address only with xms_edov: true.
        idTokenOptionalClaims: ["xms_edov"],
      },
      {
        appId: DEMO_APP.singleTenantClientId,
        displayName: "Contoso internal tool (single tenant)",
        homeTenantId: DEMO_TENANTS.contoso.id,
        signInAudience: "AzureADMyOrg",
        redirectUris: [`${base}/api/auth/callback/microsoft-entra-id`, `${base}/consent/callback`],
        secrets: [
          {
            id: "9e57a55a-0000-4000-8000-00000000b002",
            value: DEMO_APP.singleTenantClientSecret,
            displayName: "demo secret",
          },
        ],
        applicationPermissions: { [DEMO_TENANTS.contoso.id]: ["User.Read.All"] },
        requiredDelegatedPermissions: ["openid", "profile", "User.Read"],
      },
    ],
    roleAssignments: [
      {
        id: "9e57a55a-0000-4000-8000-00000000d001",
        appId: DEMO_APP.clientId,
        tenantId: DEMO_TENANTS.contoso.id,
        userId: DEMO_USERS.admin.id,
        roleValue: DEMO_ROLES.admin,
      },
      {
        id: "9e57a55a-0000-4000-8000-00000000d002",
        appId: DEMO_APP.clientId,
        tenantId: DEMO_TENANTS.contoso.id,
        userId: DEMO_USERS.support.id,
        roleValue: DEMO_ROLES.support,
      },
    ],
    // Contoso's admin consented for the organisation when registering the app.
    delegatedGrants: [
      {
        id: "9e57a55a-0000-4000-8000-00000000e001",
        appId: DEMO_APP.clientId,
        tenantId: DEMO_TENANTS.contoso.id,
        userId: null,
        scopes: ["openid", "profile", "email", "offline_access", "User.Read"],
      },
    ],
  };
  return parseScenario(input);
}
