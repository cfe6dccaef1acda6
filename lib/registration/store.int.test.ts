// Running the registration check as staff and as the daily job: admins only, audited, stored and
// dated; the newest run is what Settings and the banner read.
import { describe, expect, it } from "vitest";
import { EmulatorControl } from "@/emulator/control/client";
import { DEMO_APP } from "@/emulator/state/default-scenario";
import { runStaffAction } from "@/lib/actions/staff-action";
import { prisma } from "@/lib/db/client";
import { adminSession, supportSession } from "@/test/int-support";
import { checkRegistrationJob } from "@/lib/jobs/handlers/registration";
import { needsAttention } from "@/lib/shared/registration";
import { runRegistrationCheckAction } from "./check-action";
import { latestRegistrationAttention, latestRegistrationCheck, recordRegistrationCheck } from "./store";

const control = EmulatorControl.fromEnv();
const helpers = {
  logger: { info: () => {}, warn: () => {}, error: () => {}, debug: () => {} },
} as unknown as Parameters<typeof checkRegistrationJob>[1];

describe("running the registration check", () => {
  it("stores an admin's run with who ran it and audits it", async () => {
    const admin = await adminSession();
    const result = await runStaffAction(runRegistrationCheckAction, admin, null);
    expect(result).toMatchObject({ ok: true, data: { status: "pass" } });
    if (!result.ok) return;
    const latest = await latestRegistrationCheck();
    expect(latest).toMatchObject({
      id: result.data.runId,
      trigger: "Staff",
      ranByEmail: admin.email,
      report: { status: "pass" },
    });
    expect(latest!.report.checks).toHaveLength(6);
    const audit = await prisma.auditLogEntry.findFirst({
      where: { action: "registration.check", actorId: admin.userId },
    });
    expect(audit).toMatchObject({ outcome: "Success", detail: { status: "pass", runId: result.data.runId } });
  });

  it("refuses support staff, audited as Denied, and stores nothing", async () => {
    const support = await supportSession();
    const before = await prisma.registrationCheckRun.count();
    const result = await runStaffAction(runRegistrationCheckAction, support, null);
    expect(result).toMatchObject({ ok: false, code: "forbidden" });
    expect(await prisma.registrationCheckRun.count()).toBe(before);
    expect(
      await prisma.auditLogEntry.findFirst({ where: { action: "registration.check", actorId: support.userId } }),
    ).toMatchObject({ outcome: "Denied" });
  });

  it("runs daily in the worker; a secret ending in 10 days makes staff pages show the banner", async () => {
    await control.updateSecret(DEMO_APP.clientId, DEMO_APP.secretId, {
      endDateTime: new Date(Date.now() + 10 * 86_400_000).toISOString(),
    });
    try {
      await checkRegistrationJob({}, helpers);
      const attention = await latestRegistrationAttention();
      expect(attention).toMatchObject({ status: "warn" });
      expect(needsAttention(attention!)).toBe(true);
      expect((await latestRegistrationCheck())!.trigger).toBe("Schedule");
    } finally {
      await control.updateSecret(DEMO_APP.clientId, DEMO_APP.secretId, { endDateTime: "2099-12-31T00:00:00.000Z" });
    }
    await checkRegistrationJob({}, helpers);
    expect(needsAttention((await latestRegistrationAttention())!)).toBe(false);
  });

  it("raises secret_expiring once per credential and threshold, not after every daily check", async () => {
    const endsAt = new Date(Date.now() + 10 * 86_400_000).toISOString();
    const raised = () =>
      prisma.outboxEvent.count({
        where: { type: "registration.secret_expiring", payload: { path: ["credentialExpiresAt"], equals: endsAt } },
      });
    await control.updateSecret(DEMO_APP.clientId, DEMO_APP.secretId, { endDateTime: endsAt });
    try {
      await checkRegistrationJob({}, helpers);
      await checkRegistrationJob({}, helpers);
      expect(await raised()).toBe(1);
    } finally {
      await control.updateSecret(DEMO_APP.clientId, DEMO_APP.secretId, { endDateTime: "2099-12-31T00:00:00.000Z" });
    }
    // The same credential seen on later days: again at a week and at a day before its end, once each.
    const seenAt = async (daysBefore: number) =>
      recordRegistrationCheck(
        {
          ranAt: new Date(Date.parse(endsAt) - daysBefore * 86_400_000).toISOString(),
          status: "warn",
          credentialExpiresAt: endsAt,
          checks: [],
        },
        { trigger: "Schedule" },
      );
    await seenAt(9);
    expect(await raised()).toBe(1);
    await seenAt(6.5);
    await seenAt(5.5);
    expect(await raised()).toBe(2);
    await seenAt(0.5);
    await seenAt(0.25);
    expect(await raised()).toBe(3);
  });
});
