// Who holds the Guestpass app roles, read the way the portal's staff access check reads it:
// the app's service principal (its appRoles) and appRoleAssignedTo, with Application.Read.All.
import { describe, expect, it } from "vitest";
import { DEMO_APP, DEMO_ROLES, DEMO_USERS } from "../state/default-scenario";
import { controlledTestEmulator } from "../test-support";
import { appGraphClient, graphFailure, setApplicationPermissions } from "./test-clients";

const t = controlledTestEmulator();

interface Assignment {
  id: string;
  appRoleId: string;
  principalId: string;
  principalType: string;
}

describe("GET /v1.0/servicePrincipals(appId='…')/appRoleAssignedTo", () => {
  it("lists the app's role assignments with role ids that the service principal's appRoles name", async () => {
    const graph = appGraphClient(t.emulator);
    const principal = (await graph.api(`/servicePrincipals(appId='${DEMO_APP.clientId}')`).get()) as {
      id: string;
      appRoles: { id: string; value: string }[];
    };
    const roleValue = new Map(principal.appRoles.map((role) => [role.id, role.value]));
    const page = (await graph
      .api(`/servicePrincipals(appId='${DEMO_APP.clientId}')/appRoleAssignedTo`)
      .top(999)
      .get()) as { value: Assignment[] };
    const held = page.value.map((assignment) => [
      assignment.principalId,
      roleValue.get(assignment.appRoleId),
      assignment.principalType,
    ]);
    expect(held).toEqual(
      expect.arrayContaining([
        [DEMO_USERS.admin.id, DEMO_ROLES.admin, "User"],
        [DEMO_USERS.support.id, DEMO_ROLES.support, "User"],
      ]),
    );
    const byObjectId = (await graph.api(`/servicePrincipals/${principal.id}/appRoleAssignedTo`).get()) as {
      value: Assignment[];
    };
    expect(byObjectId.value).toHaveLength(page.value.length);
  });

  it("stops listing an assignment the control API removed", async () => {
    const graph = appGraphClient(t.emulator);
    const before = (await graph.api(`/servicePrincipals(appId='${DEMO_APP.clientId}')/appRoleAssignedTo`).get()) as {
      value: Assignment[];
    };
    const support = before.value.find((assignment) => assignment.principalId === DEMO_USERS.support.id)!;
    await t.control.removeAppRoleAssignment(support.id);
    const first = (await graph
      .api(`/servicePrincipals(appId='${DEMO_APP.clientId}')/appRoleAssignedTo`)
      .top(1)
      .get()) as { value: Assignment[]; "@odata.nextLink"?: string };
    expect(first.value).toHaveLength(1);
    expect(first["@odata.nextLink"]).toBeUndefined();
    expect(first.value[0]!.principalId).toBe(DEMO_USERS.admin.id);
  });

  it("needs Application.Read.All (403 Authorization_RequestDenied without it) and 404s an app with no service principal here", async () => {
    setApplicationPermissions(t.emulator, ["User.Invite.All", "User.Read.All"]);
    const denied = await graphFailure(
      appGraphClient(t.emulator).api(`/servicePrincipals(appId='${DEMO_APP.clientId}')/appRoleAssignedTo`).get(),
    );
    expect(denied).toMatchObject({ statusCode: 403, code: "Authorization_RequestDenied" });
    setApplicationPermissions(t.emulator, ["Application.Read.All"]);
    const missing = await graphFailure(
      appGraphClient(t.emulator).api(`/servicePrincipals(appId='00000000-1111-2222-3333-444444444444')`).get(),
    );
    expect(missing).toMatchObject({ statusCode: 404, code: "Request_ResourceNotFound" });
  });
});
