import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Runner } from "graphile-worker";
import { EmulatorControl } from "@/emulator/control/client";
import { runStaffAction } from "@/lib/actions/staff-action";
import { prisma } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { startWorker } from "@/lib/jobs/runner";
import {
  confirmBulkInviteAction,
  discardBulkInviteAction,
  resumeBulkInviteAction,
  startBulkInviteAction,
} from "./bulk-upload";
import { adminSession, supportSession, uniqueEmail, waitFor } from "@/test/int-support";

const emulator = EmulatorControl.fromEnv();
let worker: Runner;

beforeAll(async () => {
  worker = await startWorker({ schedule: [], pollInterval: 100, concurrency: 4 });
});
afterAll(async () => {
  await worker.stop();
});
afterEach(async () => {
  await emulator.resetFaults();
  await emulator.setLimits({ enabled: true, invitationsPerTenant: { requests: 150, windowSeconds: 5 } });
});

function csvUpload(lines: string[], name = "guests.csv"): FormData {
  const form = new FormData();
  form.set("file", new File([lines.join("\n")], name, { type: "text/csv" }));
  return form;
}

/** How many times Graph accepted an invitation for each address (the emulator's own record). */
async function postsPerAddress(emails: string[]): Promise<Map<string, number>> {
  const wanted = new Set(emails.map((e) => e.toLowerCase()));
  const counts = new Map<string, number>();
  for (const invitation of await emulator.listInvitations()) {
    const address = invitation.invitedUserEmailAddress.toLowerCase();
    if (wanted.has(address)) counts.set(address, (counts.get(address) ?? 0) + 1);
  }
  return counts;
}

async function uploadAndConfirm(lines: string[]) {
  const admin = await adminSession();
  const preview = await runStaffAction(startBulkInviteAction, admin, csvUpload(lines));
  if (!preview.ok) throw new Error(`upload failed: ${preview.message}`);
  const confirmed = await runStaffAction(confirmBulkInviteAction, admin, preview.data.runId);
  expect(confirmed).toMatchObject({ ok: true, data: { runId: preview.data.runId } });
  return { admin, preview: preview.data };
}

const finished = (runId: string, timeoutMs = 90_000) =>
  waitFor(
    async () => {
      const run = await prisma.bulkInviteRun.findUniqueOrThrow({ where: { id: runId } });
      return run.status === "Completed" || run.status === "Failed" ? run : undefined;
    },
    { timeoutMs, what: "the bulk run to finish" },
  );

describe("bulk invite", () => {
  it("previews a CSV of 200 with bad rows mixed in, then every row ends invited, existing or failed — nobody twice", async () => {
    const tenantId = getEnv().AZURE_TENANT_ID;
    const existing = uniqueEmail("already");
    await emulator.createUser({
      tenantId,
      userPrincipalName: existing.replace("@fabrikam.com", "@contoso.com"),
      mail: existing,
      displayName: "Already Here",
    });
    const valid: string[] = [];
    const lines = ["email,displayName,userType,message"];
    for (let i = 0; i < 200; i++) {
      if (i % 20 === 3)
        lines.push(`bad+${i}@fabrikam.com,Plus Sign ${i},Guest,`); // "+" is refused by Graph
      else if (i % 20 === 7) lines.push(`no-at-sign-${i},Broken ${i},Guest,`);
      else if (i % 50 === 11) lines.push(`${valid[0]},Duplicate ${i},Guest,`);
      else if (i === 100) lines.push(`${existing},Existing,Guest,`);
      else {
        const email = uniqueEmail(`row${i}`);
        valid.push(email);
        lines.push(`${email},Guest ${i},Guest,Hello from the bulk test`);
      }
    }
    const before = (await emulator.getCounters()).routes;
    const { preview } = await uploadAndConfirm(lines);
    expect(preview.totalRows).toBe(200);
    expect(preview.invalidRows).toBe(10 + 10 + 4);
    expect(preview.rows[0]).toMatchObject({ valid: false });
    expect(preview.rows.find((r) => r.email.startsWith("bad+"))?.problems.join(" ")).toMatch(/\+/);

    const run = await finished(preview.runId);
    expect(run).toMatchObject({
      status: "Completed",
      totalRows: 200,
      invitedCount: valid.length,
      existingCount: 1,
      failedCount: 24,
    });
    // The addresses were looked up 20 to a $batch, not with a GET each: about one request per 20 rows.
    const after = (await emulator.getCounters()).routes;
    const grew = (route: string, counter: "calls" | "insideBatch" = "calls") =>
      (after[route]?.[counter] ?? 0) - (before[route]?.[counter] ?? 0);
    const lookedUp = valid.length + 1;
    expect(grew("GET /v1.0/users", "insideBatch")).toBeGreaterThanOrEqual(lookedUp);
    expect(grew("GET /v1.0/users") - grew("GET /v1.0/users", "insideBatch")).toBe(0);
    expect(grew("POST /v1.0/$batch")).toBeLessThanOrEqual(Math.ceil(lookedUp / 20) + 12);
    const rows = await prisma.bulkInviteRow.findMany({ where: { runId: preview.runId } });
    expect(rows.filter((r) => r.outcome === null)).toHaveLength(0);
    expect(rows.filter((r) => r.outcome === "Failed").every((r) => (r.reason ?? "").length > 0)).toBe(true);
    expect(rows.find((r) => r.email === existing)).toMatchObject({ outcome: "Existing" });

    const counts = await postsPerAddress([...valid, existing]);
    expect(counts.get(existing)).toBeUndefined();
    expect(valid.every((email) => counts.get(email) === 1)).toBe(true);
    const invitations = await prisma.invitation.findMany({ where: { bulkRunId: preview.runId } });
    expect(invitations).toHaveLength(valid.length);
    expect(invitations.every((i) => i.status === "PendingAcceptance" && i.graphUserId)).toBe(true);
  });

  it("rides out a 429 storm: every row ends correctly and nobody is invited twice", async () => {
    // Far below Graph's 150/5 s, so the shared bucket's pace is not enough and Graph answers 429.
    await emulator.setLimits({ enabled: true, invitationsPerTenant: { requests: 5, windowSeconds: 1 } });
    const since = (await emulator.requests({ area: "graph" })).at(-1)?.id ?? 0;
    const emails = Array.from({ length: 40 }, (_, i) => uniqueEmail(`storm${i}`));
    const { preview } = await uploadAndConfirm(["email", ...emails]);

    const run = await finished(preview.runId, 120_000);
    expect(run).toMatchObject({ status: "Completed", invitedCount: 40, failedCount: 0, existingCount: 0 });
    const throttled = (await emulator.requests({ area: "graph", sinceId: since })).filter((r) => r.status === 429);
    expect(throttled.length).toBeGreaterThan(0);
    const counts = await postsPerAddress(emails);
    expect(emails.map((e) => counts.get(e) ?? 0)).toEqual(emails.map(() => 1));
  }, 150_000);

  it("resumes at once on the job's retry when an attempt fails, not when its lease lapses", async () => {
    // Every try of the first look-up $batch has its connection reset: the attempt fails, and
    // graphile-worker retries the job a few seconds later. No watchdog runs here (no crontab), so
    // only a lease given back lets the retry go on.
    await emulator.setFaults({
      rules: [{ pathPrefix: "/v1.0/$batch", methods: ["POST"], connectionResetRate: 1, remaining: 5 }],
    });
    const emails = Array.from({ length: 10 }, (_, i) => uniqueEmail(`retry${i}`));
    const { preview } = await uploadAndConfirm(["email", ...emails]);
    const run = await finished(preview.runId, 60_000);
    expect(run).toMatchObject({ status: "Completed", invitedCount: 10, failedCount: 0 });
    expect((await emulator.getFaults()).rules).toHaveLength(0); // the resets were all used up
    const counts = await postsPerAddress(emails);
    expect(emails.map((e) => counts.get(e) ?? 0)).toEqual(emails.map(() => 1));
  }, 90_000);

  it("stops the run with an explanation when the tenant refuses guest invitations; resumes the untried rows once fixed", async () => {
    const tenantId = getEnv().AZURE_TENANT_ID;
    await emulator.updateTenant(tenantId, { invitationsDisabled: true });
    const emails = Array.from({ length: 30 }, (_, i) => uniqueEmail(`off${i}`));
    let runId: string;
    let tried: number;
    try {
      const { preview } = await uploadAndConfirm(["email", ...emails]);
      runId = preview.runId;
      const run = await finished(runId);
      expect(run.status).toBe("Failed");
      expect(run.stopCode).toBe("B2BInvitationsDisabled");
      expect(run.stopReason).toBeTruthy();
      // It stopped instead of burning through the rows: the first row goes alone, so only it was tried.
      tried = await prisma.bulkInviteRow.count({ where: { runId, outcome: { not: null } } });
      expect(tried).toBe(1);
    } finally {
      await emulator.updateTenant(tenantId, { invitationsDisabled: false });
    }
    const admin = await adminSession();
    expect(await runStaffAction(resumeBulkInviteAction, await supportSession(), runId)).toMatchObject({
      ok: false,
      code: "forbidden",
    });
    expect(await runStaffAction(resumeBulkInviteAction, admin, runId)).toMatchObject({ ok: true });
    const resumed = await finished(runId);
    expect(resumed).toMatchObject({
      status: "Completed",
      invitedCount: 30 - tried,
      failedCount: tried,
      stopReason: null,
    });
    const counts = await postsPerAddress(emails);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect(await runStaffAction(resumeBulkInviteAction, admin, runId)).toMatchObject({ ok: false, code: "conflict" });
  });

  it("is for admins only: support can neither upload nor confirm, anonymous gets nothing", async () => {
    const support = await supportSession();
    const lines = ["email", uniqueEmail()];
    expect(await runStaffAction(startBulkInviteAction, support, csvUpload(lines))).toMatchObject({
      ok: false,
      code: "forbidden",
    });
    expect(await runStaffAction(startBulkInviteAction, null, csvUpload(lines))).toMatchObject({
      ok: false,
      code: "unauthenticated",
    });
    // The role is checked before the input: support learns nothing about what a valid upload needs.
    expect(await runStaffAction(startBulkInviteAction, support, new FormData())).toMatchObject({
      ok: false,
      code: "forbidden",
    });
    const admin = await adminSession();
    const preview = await runStaffAction(startBulkInviteAction, admin, csvUpload(lines));
    if (!preview.ok) throw new Error(preview.message);
    expect(await runStaffAction(confirmBulkInviteAction, support, preview.data.runId)).toMatchObject({
      ok: false,
      code: "forbidden",
    });
    expect(await runStaffAction(confirmBulkInviteAction, null, preview.data.runId)).toMatchObject({
      ok: false,
      code: "unauthenticated",
    });
    expect(await prisma.bulkInviteRun.findUniqueOrThrow({ where: { id: preview.data.runId } })).toMatchObject({
      confirmedAt: null,
    });
    // Confirming twice starts it once.
    expect(await runStaffAction(confirmBulkInviteAction, admin, preview.data.runId)).toMatchObject({ ok: true });
    expect(await runStaffAction(confirmBulkInviteAction, admin, preview.data.runId)).toMatchObject({
      ok: false,
      code: "conflict",
    });
  });

  it("discards an upload awaiting confirmation (admins only, audited), never one that is sending", async () => {
    const admin = await adminSession();
    const support = await supportSession();
    const fileName = `abandoned-${Date.now()}.csv`;
    const abandoned = await runStaffAction(
      startBulkInviteAction,
      admin,
      csvUpload(["First Name;Last Name;Email;Company", `Ada;Lovelace;${uniqueEmail()};Analytical`], fileName),
    );
    if (!abandoned.ok) throw new Error(abandoned.message);
    const runId = abandoned.data.runId;
    expect(await prisma.bulkInviteRun.findUniqueOrThrow({ where: { id: runId } })).toMatchObject({
      delimiter: ";",
      columnMap: { email: "Email", displayName: "First Name + Last Name" },
      ignoredColumns: ["Company"],
    });

    expect(await runStaffAction(discardBulkInviteAction, support, runId)).toMatchObject({
      ok: false,
      code: "forbidden",
    });
    expect(await runStaffAction(discardBulkInviteAction, null, runId)).toMatchObject({
      ok: false,
      code: "unauthenticated",
    });
    expect(await prisma.bulkInviteRun.count({ where: { id: runId } })).toBe(1);

    expect(await runStaffAction(discardBulkInviteAction, admin, runId)).toMatchObject({ ok: true, data: { runId } });
    expect(await prisma.bulkInviteRun.count({ where: { id: runId } })).toBe(0);
    expect(await prisma.bulkInviteRow.count({ where: { runId } })).toBe(0);
    // The role is refused before the input is read, so support's attempt is recorded without its target.
    const audit = await prisma.auditLogEntry.findMany({ where: { action: "bulk_invite.discard", targetId: runId } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ outcome: "Success", actorEmail: admin.email, detail: { fileName, totalRows: 1 } });
    expect(
      await prisma.auditLogEntry.count({
        where: { action: "bulk_invite.discard", outcome: "Denied", actorEmail: support.email },
      }),
    ).toBeGreaterThan(0);
    expect(await runStaffAction(discardBulkInviteAction, admin, runId)).toMatchObject({ ok: false, code: "not_found" });

    const sending = await runStaffAction(startBulkInviteAction, admin, csvUpload(["email", uniqueEmail()]));
    if (!sending.ok) throw new Error(sending.message);
    expect(await runStaffAction(confirmBulkInviteAction, admin, sending.data.runId)).toMatchObject({ ok: true });
    expect(await runStaffAction(discardBulkInviteAction, admin, sending.data.runId)).toMatchObject({
      ok: false,
      code: "conflict",
    });
    expect(await prisma.bulkInviteRun.count({ where: { id: sending.data.runId } })).toBe(1);
  });
});
