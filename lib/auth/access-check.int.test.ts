// The staff access check against the emulator's real Graph endpoints and a real database: a role
// assignment deleted in Entra, or an account disabled there, ends what the session may do.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { EmulatorControl } from "@/emulator/control/client";
import { DEMO_APP, DEMO_ROLES, DEMO_TENANTS } from "@/emulator/state/default-scenario";
import { prisma } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { appGraphClientFromEnv } from "@/lib/graph/from-env";
import { checkStaffAccess } from "./access-check";
import { recordStaffSignIn } from "./staff-directory";
import { endStaffSession, readLiveStaffSession, startStaffSession } from "./staff-sessions";
import { freshGraphClient } from "@/test/int-support";

const emulator = EmulatorControl.fromEnv();
const check = (graph = appGraphClientFromEnv()) =>
  checkStaffAccess({ graph, clientId: getEnv().AZURE_CLIENT_ID, tenantId: getEnv().AZURE_TENANT_ID });

/** A Contoso staff member in the emulator with one Guestpass role, signed in to the portal once. */
async function signedInStaff(role: string) {
  const upn = `staff-${randomBytes(4).toString("hex")}@contoso.com`;
  const entraUser = await emulator.createUser({
    tenantId: DEMO_TENANTS.contoso.id,
    userPrincipalName: upn,
    displayName: upn,
    mail: upn,
  });
  const assignment = await emulator.assignAppRole(DEMO_APP.clientId, {
    tenantId: DEMO_TENANTS.contoso.id,
    userId: entraUser.id,
    roleValue: role,
  });
  const userId = await recordStaffSignIn({
    tenantId: DEMO_TENANTS.contoso.id,
    objectId: entraUser.id,
    email: upn,
    name: upn,
    roles: [role as typeof DEMO_ROLES.support],
  });
  const session = await startStaffSession(userId);
  return { entraUser, assignment, userId, sessionId: session.id };
}

describe("staff sessions on the server", () => {
  it("read the stored roles, and end at sign-out and at their absolute end", async () => {
    const staff = await signedInStaff(DEMO_ROLES.support);
    expect(await readLiveStaffSession(staff.sessionId)).toMatchObject({
      userId: staff.userId,
      roles: [DEMO_ROLES.support],
    });
    expect(await readLiveStaffSession(staff.sessionId, new Date(Date.now() + 12 * 3_600_000 + 1_000))).toBeNull();
    await endStaffSession(staff.sessionId, "sign_out");
    expect(await readLiveStaffSession(staff.sessionId)).toBeNull();
    expect(await prisma.staffSessionRecord.findUniqueOrThrow({ where: { id: staff.sessionId } })).toMatchObject({
      revokedReason: "sign_out",
    });
  });
});

describe("checkStaffAccess", () => {
  it("takes away a role whose assignment was deleted in Entra, on the next run", async () => {
    const staff = await signedInStaff(DEMO_ROLES.support);
    await check();
    expect((await readLiveStaffSession(staff.sessionId))?.roles).toEqual([DEMO_ROLES.support]);

    await emulator.removeAppRoleAssignment(staff.assignment.id);
    const started = performance.now();
    const summary = await check();
    const seconds = (performance.now() - started) / 1000;
    expect(summary).toMatchObject({ rolesRead: true });
    expect(summary.rolesChanged).toBeGreaterThanOrEqual(1);
    // The session still exists, with no Guestpass role: every page sends it to /no-access, every action is forbidden.
    expect((await readLiveStaffSession(staff.sessionId))?.roles).toEqual([]);
    expect(await prisma.auditLogEntry.count({ where: { action: "staff.roles_changed", targetId: staff.userId } })).toBe(
      1,
    );
    console.info(`[figure] access check with a removed role: ${seconds.toFixed(3)} s for ${summary.checked} staff`);
  });

  it("ends every session of an account disabled in Entra, and of one deleted there", async () => {
    const disabled = await signedInStaff(DEMO_ROLES.admin);
    const deleted = await signedInStaff(DEMO_ROLES.support);
    await emulator.updateUser(disabled.entraUser.id, { accountEnabled: false });
    await emulator.deleteUser(deleted.entraUser.id);
    const summary = await check();
    expect(summary.disabled).toBeGreaterThanOrEqual(2);
    expect(await readLiveStaffSession(disabled.sessionId)).toBeNull();
    expect(await readLiveStaffSession(deleted.sessionId)).toBeNull();
    expect(await prisma.staffSessionRecord.findUniqueOrThrow({ where: { id: disabled.sessionId } })).toMatchObject({
      revokedReason: "account_disabled",
    });
    expect(await prisma.user.findUniqueOrThrow({ where: { id: deleted.userId } })).toMatchObject({
      disabledAt: expect.any(Date),
    });
  });

  it("without Application.Read.All keeps roles as of sign-in but still ends a disabled account's sessions", async () => {
    const staff = await signedInStaff(DEMO_ROLES.support);
    await emulator.removeAppRoleAssignment(staff.assignment.id);
    const held = (await emulator.listApps()).find((app) => app.appId === DEMO_APP.clientId)!.applicationPermissions[
      DEMO_TENANTS.contoso.id
    ]!;
    await emulator.setApplicationPermissions(
      DEMO_APP.clientId,
      DEMO_TENANTS.contoso.id,
      held.filter((permission) => permission !== "Application.Read.All"),
    );
    try {
      const graph = freshGraphClient();
      expect(await check(graph)).toMatchObject({ rolesRead: false });
      expect((await readLiveStaffSession(staff.sessionId))?.roles).toEqual([DEMO_ROLES.support]);
      await emulator.updateUser(staff.entraUser.id, { accountEnabled: false });
      await check(graph);
      expect(await readLiveStaffSession(staff.sessionId)).toBeNull();
    } finally {
      await emulator.setApplicationPermissions(DEMO_APP.clientId, DEMO_TENANTS.contoso.id, held);
    }
  });
});
