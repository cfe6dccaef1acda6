// The registration check against the emulator over HTTPS: everything passes for the demo
// registration, and each thing the seed's author tripped over fails (or warns) with its fix, broken
// through the emulator's control API. Each test restores what it broke.
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { EmulatorControl } from "@/emulator/control/client";
import { DEMO_APP, DEMO_ROLES, DEMO_TENANTS, DEMO_USERS } from "@/emulator/state/default-scenario";
import { getEnv } from "@/lib/env";
import { createGraphClient } from "@/lib/graph/client";
import { createAppOnlyTokenProvider } from "@/lib/identity/app-only-token";
import { createTestCertificate } from "@/lib/identity/certificate.test-support";
import type { RegistrationCheckId, RegistrationFinding, RegistrationReport } from "@/lib/shared/registration";
import type { RegistrationCheckContext } from "./checks/context";
import { deploymentRegistration, type DeploymentRegistration } from "./deployment";
import { runRegistrationChecks } from "./run";

const control = EmulatorControl.fromEnv();
const contoso = DEMO_TENANTS.contoso.id;
let original: { redirectUris: string[]; permissions: string[] };

beforeAll(async () => {
  const app = (await control.listApps()).find((candidate) => candidate.appId === DEMO_APP.clientId)!;
  original = { redirectUris: app.redirectUris, permissions: app.applicationPermissions[contoso]! };
});

afterEach(async () => {
  await control.updateApp(DEMO_APP.clientId, {
    signInAudience: "AzureADMultipleOrgs",
    redirectUris: original.redirectUris,
    spaRedirectUris: [],
    appRoles: [{ value: DEMO_ROLES.admin }, { value: DEMO_ROLES.support }],
    verifiedPublisher: { displayName: "Contoso", verifiedPublisherId: "1234567" },
    requiredDelegatedPermissions: ["openid", "offline_access", "email", "profile", "User.Read", "Mail.Send"],
  });
  await control.setApplicationPermissions(DEMO_APP.clientId, contoso, original.permissions);
  await control.updateSecret(DEMO_APP.clientId, DEMO_APP.secretId, { endDateTime: "2099-12-31T00:00:00.000Z" });
  await control.updateTenant(contoso, { allowInvitesFrom: "everyone", invitationsDisabled: false });
});

interface Setup {
  clientId?: string;
  clientSecret?: string;
  certificatePath?: string;
  deployment?: Partial<DeploymentRegistration>;
}

/** A check context like the deployment's, with fresh token provider and Graph client (no cached token). */
function contextWith(setup: Setup = {}): RegistrationCheckContext {
  const env = getEnv();
  const credential = setup.certificatePath
    ? { certificatePath: setup.certificatePath }
    : { clientSecret: setup.clientSecret ?? env.AZURE_CLIENT_SECRET };
  const tokens = createAppOnlyTokenProvider({
    tenantId: env.AZURE_TENANT_ID,
    clientId: setup.clientId ?? env.AZURE_CLIENT_ID,
    authorityHost: env.MICROSOFT_AUTHORITY_HOST,
    ...credential,
  });
  const graph = createGraphClient({
    baseUrl: env.GRAPH_BASE_URL,
    getAccessToken: (options) => tokens.getAccessToken(options),
    retry: { maxAttempts: 1 },
  });
  const deployment = {
    ...deploymentRegistration(),
    ...(setup.certificatePath ? { credential: { kind: "certificate" as const, path: setup.certificatePath } } : {}),
    ...setup.deployment,
  };
  return {
    deployment,
    tokens,
    graph,
    secretHint: (setup.clientSecret ?? env.AZURE_CLIENT_SECRET)?.slice(0, 3),
    now: new Date(),
  };
}

function check(report: RegistrationReport, id: RegistrationCheckId) {
  return report.checks.find((candidate) => candidate.id === id)!;
}

function findingOf(report: RegistrationReport, id: RegistrationCheckId, findingId: string): RegistrationFinding {
  const found = check(report, id).findings.find((candidate) => candidate.id === findingId);
  if (!found)
    throw new Error(`no finding ${findingId} in ${id}: ${JSON.stringify(check(report, id).findings.map((f) => f.id))}`);
  return found;
}

describe("registration check: the demo registration", () => {
  it("passes every check, names the secret in use and when it ends, and shows the consent URL", async () => {
    const report = await runRegistrationChecks(contextWith());
    expect(report.checks.map((item) => [item.id, item.status])).toEqual([
      ["credential", "pass"],
      ["permissions", "pass"],
      ["registration", "pass"],
      ["invitePolicy", "pass"],
      ["consentAuthority", "pass"],
      ["invitationMail", "pass"],
    ]);
    expect(report.status).toBe("pass");
    expect(report.credentialExpiresAt).toBe("2099-12-31T00:00:00.000Z");
    // User.ReadWrite.All is not granted in the demo: not a problem, but the features it enables are named.
    expect(findingOf(report, "permissions", "permission:User.ReadWrite.All")).toMatchObject({
      status: "info",
      detail: expect.stringContaining("Member invitations"),
    });
    const url = new URL(findingOf(report, "consentAuthority", "consent-authority").values![0]!.value);
    expect(url.pathname).toBe("/common/oauth2/v2.0/authorize");
    expect(url.searchParams.get("redirect_uri")).toBe(`${getEnv().APP_URL}/consent/callback`);
    expect(JSON.stringify(report)).not.toContain(getEnv().AZURE_CLIENT_SECRET!);
  });
});

describe("registration check: credential", () => {
  it("explains a wrong secret (AADSTS7000215) and checks nothing that needs a token", async () => {
    const report = await runRegistrationChecks(contextWith({ clientSecret: "not-the-secret-value" }));
    expect(findingOf(report, "credential", "token")).toMatchObject({
      status: "fail",
      code: "AADSTS7000215",
      fix: expect.arrayContaining([expect.stringContaining("Value")]),
    });
    expect(report.status).toBe("fail");
    expect(check(report, "registration").status).toBe("info");
    expect(JSON.stringify(report)).not.toContain("not-the-secret-value");
  });

  it("explains an expired secret (AADSTS7000222)", async () => {
    await control.updateSecret(DEMO_APP.clientId, DEMO_APP.secretId, {
      endDateTime: new Date(Date.now() - 86_400_000).toISOString(),
    });
    const report = await runRegistrationChecks(contextWith());
    expect(findingOf(report, "credential", "token")).toMatchObject({ status: "fail", code: "AADSTS7000222" });
  });

  it("explains an unknown client id (AADSTS700016)", async () => {
    const report = await runRegistrationChecks(contextWith({ clientId: "0badc0de-0000-4000-8000-000000000000" }));
    expect(findingOf(report, "credential", "token")).toMatchObject({ status: "fail", code: "AADSTS700016" });
  });

  it("reads a certificate's expiry from its file, and warns when it is near", async () => {
    const certificate = await createTestCertificate("Guestpass registration check");
    let registered: { id: string } | undefined;
    try {
      registered = await control.addCertificate(DEMO_APP.clientId, {
        certificatePem: certificate.certificatePem,
        displayName: "check",
      });
      const report = await runRegistrationChecks(contextWith({ certificatePath: certificate.path }));
      expect(check(report, "credential").status).toBe("pass");
      // The test certificate lasts a day.
      expect(findingOf(report, "registration", "certificate-file")).toMatchObject({
        status: "warn",
        title: expect.stringContaining("expires in 0 days"),
      });
      expect(new Date(report.credentialExpiresAt!).getTime() - Date.now()).toBeLessThan(86_400_000 + 60_000);
      // Without Application.Read.All the registration is unreadable, but the file still tells.
      await control.setApplicationPermissions(DEMO_APP.clientId, contoso, ["User.Invite.All", "User.Read.All"]);
      const blind = await runRegistrationChecks(contextWith({ certificatePath: certificate.path }));
      expect(findingOf(blind, "registration", "registration:unreadable").status).toBe("info");
      expect(findingOf(blind, "registration", "certificate-file").status).toBe("warn");
      expect(blind.credentialExpiresAt).toBe(report.credentialExpiresAt);
    } finally {
      if (registered) await control.removeCertificate(DEMO_APP.clientId, registered.id);
      await certificate.remove();
    }
  });
});

describe("registration check: application permissions", () => {
  it("fails without User.Invite.All, warns without User.Read.All, and says which features each enables", async () => {
    await control.setApplicationPermissions(DEMO_APP.clientId, contoso, ["Application.Read.All", "Policy.Read.All"]);
    const report = await runRegistrationChecks(contextWith());
    expect(findingOf(report, "permissions", "permission:User.Invite.All")).toMatchObject({
      status: "fail",
      values: [{ label: "Application permission", value: "User.Invite.All" }],
    });
    expect(findingOf(report, "permissions", "permission:User.Read.All")).toMatchObject({
      status: "warn",
      detail: expect.stringContaining("status sync"),
    });
    expect(check(report, "permissions").status).toBe("fail");
  });

  it("says what it cannot see without Application.Read.All and Policy.Read.All", async () => {
    await control.setApplicationPermissions(DEMO_APP.clientId, contoso, ["User.Invite.All", "User.Read.All"]);
    const report = await runRegistrationChecks(contextWith());
    expect(findingOf(report, "registration", "registration:unreadable")).toMatchObject({
      status: "info",
      code: "Authorization_RequestDenied",
    });
    expect(findingOf(report, "invitePolicy", "invite-policy")).toMatchObject({
      status: "info",
      values: [{ label: "Application permission", value: "Policy.Read.All" }],
    });
    expect(report.status).toBe("pass");
  });
});

describe("registration check: the registration", () => {
  it("fails a single-tenant app", async () => {
    await control.updateApp(DEMO_APP.clientId, { signInAudience: "AzureADMyOrg" });
    const report = await runRegistrationChecks(contextWith());
    expect(findingOf(report, "registration", "audience")).toMatchObject({ status: "fail", guideStep: "1" });
  });

  it("fails a missing redirect URI with the exact URI to add, and one registered on the SPA platform", async () => {
    const consentUri = `${getEnv().APP_URL}/consent/callback`;
    const signInUri = `${getEnv().APP_URL}/api/auth/callback/microsoft-entra-id`;
    await control.updateApp(DEMO_APP.clientId, { redirectUris: [], spaRedirectUris: [signInUri] });
    const report = await runRegistrationChecks(contextWith());
    expect(findingOf(report, "registration", `redirect-uri:${consentUri}`)).toMatchObject({
      status: "fail",
      values: [{ label: "Web redirect URI", value: consentUri }],
    });
    expect(findingOf(report, "registration", `redirect-uri:${signInUri}`)).toMatchObject({
      status: "fail",
      detail: expect.stringContaining("Single-page application"),
    });
    expect(report.status).toBe("fail");
  });

  it("warns about delegated permissions the registration does not list", async () => {
    await control.updateApp(DEMO_APP.clientId, {
      requiredDelegatedPermissions: ["openid", "offline_access", "User.Read"],
    });
    const report = await runRegistrationChecks(contextWith());
    const delegated = findingOf(report, "registration", "delegated");
    expect(delegated.status).toBe("warn");
    expect(delegated.values!.map((value) => value.value)).toEqual(["email", "profile", "Mail.Send"]);
  });

  it("fails a missing Guestpass.Admin role and warns about a missing Guestpass.Support role", async () => {
    await control.updateApp(DEMO_APP.clientId, { appRoles: [{ value: DEMO_ROLES.support }] });
    let report = await runRegistrationChecks(contextWith());
    expect(findingOf(report, "registration", `app-role:${DEMO_ROLES.admin}`)).toMatchObject({
      status: "fail",
      values: [{ label: "App role value", value: DEMO_ROLES.admin }],
    });
    await control.updateApp(DEMO_APP.clientId, { appRoles: [{ value: DEMO_ROLES.admin }] });
    report = await runRegistrationChecks(contextWith());
    expect(findingOf(report, "registration", `app-role:${DEMO_ROLES.support}`).status).toBe("warn");
  });

  it("warns about an unverified publisher", async () => {
    await control.updateApp(DEMO_APP.clientId, { verifiedPublisher: null });
    const report = await runRegistrationChecks(contextWith());
    expect(findingOf(report, "registration", "publisher")).toMatchObject({ status: "warn", guideStep: "7" });
  });

  it("warns 30 days before the secret in use expires and reports when it does", async () => {
    const end = new Date(Date.now() + 10 * 86_400_000 + 3_600_000).toISOString();
    await control.updateSecret(DEMO_APP.clientId, DEMO_APP.secretId, { endDateTime: end });
    const report = await runRegistrationChecks(contextWith());
    expect(findingOf(report, "registration", `secret:${DEMO_APP.secretId}`)).toMatchObject({
      status: "warn",
      title: expect.stringContaining("(in use)"),
    });
    expect(findingOf(report, "registration", `secret:${DEMO_APP.secretId}`).title).toContain("expires in 10 days");
    expect(report.credentialExpiresAt).toBe(end);
    expect(report.status).toBe("warn");
  });
});

describe("registration check: guest invitation policy", () => {
  it("fails when only admins may invite, and when invitations are off", async () => {
    await control.updateTenant(contoso, { allowInvitesFrom: "adminsAndGuestInviters" });
    let report = await runRegistrationChecks(contextWith());
    expect(findingOf(report, "invitePolicy", "invite-policy")).toMatchObject({
      status: "fail",
      title: "Only admins may invite guests in this tenant",
    });
    await control.updateTenant(contoso, { allowInvitesFrom: "everyone", invitationsDisabled: true });
    report = await runRegistrationChecks(contextWith());
    expect(findingOf(report, "invitePolicy", "invite-policy")).toMatchObject({
      status: "fail",
      title: "Guest invitations are turned off in this tenant",
    });
  });
});

describe("registration check: consent authority", () => {
  it("fails when the authority does not answer, and warns about a tenant authority", async () => {
    let report = await runRegistrationChecks(contextWith({ deployment: { authorityHost: "https://127.0.0.1:9" } }));
    expect(findingOf(report, "consentAuthority", "consent-authority").status).toBe("fail");
    report = await runRegistrationChecks(contextWith({ deployment: { consentAuthority: contoso } }));
    expect(findingOf(report, "consentAuthority", "consent-authority").status).toBe("pass");
    expect(findingOf(report, "consentAuthority", "consent-authority:tenant")).toMatchObject({
      status: "warn",
      detail: expect.stringContaining("MailboxNotEnabledForRESTAPI"),
    });
  });
});

describe("registration check: Guestpass's invitation mail", () => {
  const own = { mode: "guestpass" as const, senderMailbox: DEMO_USERS.employee.upn };

  it("with Microsoft's mail, needs no mail permission", async () => {
    const report = await runRegistrationChecks({
      ...contextWith(),
      invitationMail: { mode: "microsoft", senderMailbox: null },
    });
    expect(findingOf(report, "invitationMail", "invitation-mail:microsoft").status).toBe("pass");
  });

  it("with Guestpass's mail, passes when the app holds application Mail.Send and the sender exists", async () => {
    const report = await runRegistrationChecks({ ...contextWith(), invitationMail: own });
    expect(check(report, "invitationMail").status).toBe("pass");
    expect(findingOf(report, "invitationMail", "invitation-mail:mail-send").status).toBe("pass");
    expect(findingOf(report, "invitationMail", "invitation-mail:sender").status).toBe("pass");
  });

  it("fails without application Mail.Send, with the permission to grant and the policy to limit it", async () => {
    await control.setApplicationPermissions(
      DEMO_APP.clientId,
      contoso,
      original.permissions.filter((permission) => permission !== "Mail.Send"),
    );
    const report = await runRegistrationChecks({ ...contextWith(), invitationMail: own });
    expect(report.status).toBe("fail");
    const finding = findingOf(report, "invitationMail", "invitation-mail:mail-send");
    expect(finding).toMatchObject({ status: "fail", values: [{ value: "Mail.Send" }], guideStep: "4" });
    expect(finding.fix.join(" ")).toMatch(/Application permissions → Mail\.Send/);
    expect(finding.fix.join(" ")).toMatch(/application access policy/);
    // Only a sender set (staff may choose Guestpass's mail per invitation): a warning.
    const sender = await runRegistrationChecks({
      ...contextWith(),
      invitationMail: { mode: "microsoft", senderMailbox: own.senderMailbox },
    });
    expect(findingOf(sender, "invitationMail", "invitation-mail:mail-send").status).toBe("warn");
  });

  it("fails for a sender that is no user of the tenant", async () => {
    const report = await runRegistrationChecks({
      ...contextWith(),
      invitationMail: { mode: "guestpass", senderMailbox: "nobody@contoso.com" },
    });
    expect(findingOf(report, "invitationMail", "invitation-mail:sender")).toMatchObject({
      status: "fail",
      fix: [expect.stringContaining("Settings → Invitation mail")],
    });
  });
});
