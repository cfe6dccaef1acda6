// What an app can read about its own registration and its tenant's guest invite settings, the way
// the portal's registration check reads them: GET /applications(appId='…') with Application.Read.All
// and GET /policies/authorizationPolicy with Policy.Read.All, and the control switches that break
// each item (expiring secret, missing redirect URI, missing role, unverified publisher, invitations
// limited to admins).
import { describe, expect, it } from "vitest";
import { DEMO_APP, DEMO_ROLES, DEMO_TENANTS } from "../state/default-scenario";
import { controlledTestEmulator } from "../test-support";
import { GRAPH_APPLICATION_PERMISSION_IDS, GRAPH_DELEGATED_PERMISSION_IDS } from "./applications/graph-permission-ids";
import { appGraphClient, graphFailure, setApplicationPermissions } from "./test-clients";

const t = controlledTestEmulator();

interface Application {
  appId: string;
  signInAudience: string;
  web: { redirectUris: string[] };
  spa: { redirectUris: string[] };
  requiredResourceAccess: { resourceAppId: string; resourceAccess: { id: string; type: string }[] }[];
  appRoles: { value: string; isEnabled: boolean }[];
  verifiedPublisher: { verifiedPublisherId: string | null };
  passwordCredentials: { keyId: string; endDateTime: string; hint: string; secretText: string | null }[];
  keyCredentials: unknown[];
}

const path = `/applications(appId='${DEMO_APP.clientId}')`;

describe("GET /v1.0/applications(appId='…')", () => {
  it("returns the registration: audience, web redirect URIs, permissions by id, app roles, publisher, secrets without their value", async () => {
    const application = (await appGraphClient(t.emulator).api(path).get()) as Application;
    expect(application.appId).toBe(DEMO_APP.clientId);
    expect(application.signInAudience).toBe("AzureADandPersonalMicrosoftAccount");
    expect(application.web.redirectUris).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/\/consent\/callback$/),
        expect.stringMatching(/\/api\/auth\/callback\/microsoft-entra-id$/),
      ]),
    );
    const access = application.requiredResourceAccess[0]!;
    expect(access.resourceAppId).toBe("00000003-0000-0000-c000-000000000000");
    expect(access.resourceAccess).toEqual(
      expect.arrayContaining([
        { id: GRAPH_DELEGATED_PERMISSION_IDS["Mail.Send"], type: "Scope" },
        { id: GRAPH_APPLICATION_PERMISSION_IDS["User.Invite.All"], type: "Role" },
      ]),
    );
    expect(application.appRoles.map((role) => role.value).sort()).toEqual([DEMO_ROLES.admin, DEMO_ROLES.support]);
    expect(application.verifiedPublisher.verifiedPublisherId).toBe("1234567");
    const secret = application.passwordCredentials.find((credential) => credential.keyId === DEMO_APP.secretId)!;
    expect(secret).toMatchObject({ secretText: null, hint: DEMO_APP.clientSecret.slice(0, 3) });
    expect(JSON.stringify(application)).not.toContain(DEMO_APP.clientSecret);
  });

  it("reflects the control switches: a moved secret expiry, a removed redirect URI, a removed role, an unverified publisher", async () => {
    const soon = new Date(Date.now() + 10 * 86_400_000).toISOString();
    await t.control.updateSecret(DEMO_APP.clientId, DEMO_APP.secretId, { endDateTime: soon });
    const registration = t.emulator.state.getApp(DEMO_APP.clientId)!;
    const kept = registration.redirectUris.filter((uri) => !uri.endsWith("/consent/callback"));
    await t.control.updateApp(DEMO_APP.clientId, {
      redirectUris: kept,
      appRoles: [{ value: DEMO_ROLES.admin }],
      verifiedPublisher: null,
    });
    const application = (await appGraphClient(t.emulator).api(path).get()) as Application;
    expect(
      application.passwordCredentials.find((credential) => credential.keyId === DEMO_APP.secretId)!.endDateTime,
    ).toBe(soon);
    expect(application.web.redirectUris).toEqual(kept);
    expect(application.appRoles.map((role) => role.value)).toEqual([DEMO_ROLES.admin]);
    expect(application.verifiedPublisher.verifiedPublisherId).toBeNull();
  });

  it("needs Application.Read.All (403 Authorization_RequestDenied) and 404s a registration another tenant owns", async () => {
    setApplicationPermissions(t.emulator, ["User.Invite.All", "User.Read.All"]);
    expect(await graphFailure(appGraphClient(t.emulator).api(path).get())).toMatchObject({
      statusCode: 403,
      code: "Authorization_RequestDenied",
    });
    setApplicationPermissions(t.emulator, ["Application.Read.All"], DEMO_TENANTS.fabrikam.id);
    const foreign = await graphFailure(appGraphClient(t.emulator, DEMO_TENANTS.fabrikam.id).api(path).get());
    expect(foreign).toMatchObject({ statusCode: 404, code: "Request_ResourceNotFound" });
  });
});

describe("GET /v1.0/policies/authorizationPolicy", () => {
  it("says who may invite guests, needs Policy.Read.All, and app-only invitations follow it", async () => {
    const graph = appGraphClient(t.emulator);
    const policy = (await graph.api("/policies/authorizationPolicy").get()) as { allowInvitesFrom: string };
    expect(policy.allowInvitesFrom).toBe("everyone");

    await t.control.updateTenant(DEMO_TENANTS.contoso.id, { allowInvitesFrom: "adminsAndGuestInviters" });
    expect(
      ((await graph.api("/policies/authorizationPolicy").get()) as { allowInvitesFrom: string }).allowInvitesFrom,
    ).toBe("adminsAndGuestInviters");
    const refused = await graphFailure(
      graph
        .api("/invitations")
        .post({ invitedUserEmailAddress: "alice@fabrikam.com", inviteRedirectUrl: "https://portal.example/x" }),
    );
    expect(refused).toMatchObject({ statusCode: 403, code: "Authorization_RequestDenied" });

    await t.control.updateTenant(DEMO_TENANTS.contoso.id, { allowInvitesFrom: "everyone", invitationsDisabled: true });
    expect(
      ((await graph.api("/policies/authorizationPolicy").get()) as { allowInvitesFrom: string }).allowInvitesFrom,
    ).toBe("none");

    setApplicationPermissions(t.emulator, ["User.Invite.All"]);
    expect(await graphFailure(graph.api("/policies/authorizationPolicy").get())).toMatchObject({
      statusCode: 403,
      code: "Authorization_RequestDenied",
    });
  });
});
