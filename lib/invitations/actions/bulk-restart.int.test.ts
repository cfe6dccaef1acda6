// A worker killed (SIGKILL: no graceful shutdown) in the middle of a bulk run, then a new worker:
// the run resumes from its rows and finishes, and nobody is invited twice — including the rows
// whose POST was in flight when the process died (they are reconciled by looking the user up).
import { afterEach, describe, expect, it } from "vitest";
import { EmulatorControl } from "@/emulator/control/client";
import { killAllWorkerProcesses, killWorkerProcess, startWorkerProcess } from "@/test/worker-process";
import { runStaffAction } from "@/lib/actions/staff-action";
import { prisma } from "@/lib/db/client";
import { jobs } from "@/lib/jobs/contracts";
import { confirmBulkInviteAction, startBulkInviteAction } from "./bulk-upload";
import { adminSession, uniqueEmail, waitFor } from "@/test/int-support";

const emulator = EmulatorControl.fromEnv();

afterEach(async () => {
  await killAllWorkerProcesses();
  await emulator.resetFaults();
});

describe("bulk invite across a worker crash", () => {
  it("resumes after the worker is killed mid-run, and nobody is invited twice", async () => {
    // Slow invitation POSTs, so the kill lands mid-run with requests in flight.
    await emulator.setFaults({
      rules: [{ pathPrefix: "/v1.0/invitations", methods: ["POST"], latency: { minMs: 150, maxMs: 250 } }],
    });
    const emails = Array.from({ length: 80 }, (_, i) => uniqueEmail(`crash${i}`));
    const admin = await adminSession();
    const form = new FormData();
    form.set("file", new File([["email", ...emails].join("\n")], "crash.csv"));
    const preview = await runStaffAction(startBulkInviteAction, admin, form);
    if (!preview.ok) throw new Error(preview.message);
    const runId = preview.data.runId;

    const first = startWorkerProcess();
    expect(await runStaffAction(confirmBulkInviteAction, admin, runId)).toMatchObject({ ok: true });
    const doneBeforeKill = await waitFor(
      async () => {
        const n = await prisma.bulkInviteRow.count({ where: { runId, outcome: { not: null } } });
        return n >= 10 ? n : undefined;
      },
      { timeoutMs: 60_000, what: "the first rows to be sent" },
    );
    await killWorkerProcess(first);
    const atKill = await prisma.bulkInviteRun.findUniqueOrThrow({ where: { id: runId } });
    expect(atKill.status).toBe("Running");
    // The hard case is exercised: POSTs were in flight (status Sending) when the process died.
    const inFlight = await prisma.invitation.findMany({
      where: { bulkRunId: runId, status: "Sending" },
      select: { id: true },
    });
    expect(inFlight.length).toBeGreaterThan(0);
    expect(doneBeforeKill).toBeLessThan(80);

    // A fresh worker: its watchdog sees the lapsed lease and the run goes on from the rows.
    startWorkerProcess();
    const run = await waitFor(
      async () => {
        const current = await prisma.bulkInviteRun.findUniqueOrThrow({ where: { id: runId } });
        return current.status === "Completed" ? current : undefined;
      },
      { timeoutMs: 150_000, what: "the resumed run to complete" },
    );
    expect(run).toMatchObject({ invitedCount: 80, existingCount: 0, failedCount: 0 });
    expect(await prisma.bulkInviteRow.count({ where: { runId, outcome: null } })).toBe(0);

    const wanted = new Set(emails);
    const perAddress = new Map<string, number>();
    for (const invitation of await emulator.listInvitations())
      if (wanted.has(invitation.invitedUserEmailAddress))
        perAddress.set(
          invitation.invitedUserEmailAddress,
          (perAddress.get(invitation.invitedUserEmailAddress) ?? 0) + 1,
        );
    expect(emails.filter((e) => perAddress.get(e) !== 1)).toEqual([]);
    const invitations = await prisma.invitation.findMany({ where: { bulkRunId: runId } });
    expect(invitations).toHaveLength(80);
    expect(invitations.every((i) => i.status === "PendingAcceptance")).toBe(true);
    // Those in flight were settled by looking the address up first (reconciled) or posted once.
    const inFlightEvents = await prisma.invitationEvent.findMany({
      where: { invitationId: { in: inFlight.map((i) => i.id) }, type: "sent" },
    });
    expect(inFlightEvents).toHaveLength(inFlight.length);
  }, 240_000);

  it("on a graceful stop (SIGTERM) hands the run back after the shutdown grace period; the next worker goes on without waiting for the lease", async () => {
    await emulator.setFaults({
      rules: [{ pathPrefix: "/v1.0/invitations", methods: ["POST"], latency: { minMs: 150, maxMs: 250 } }],
    });
    // Enough rows that they cannot all be sent in graphile-worker's 5 s shutdown grace period.
    const emails = Array.from({ length: 200 }, (_, i) => uniqueEmail(`term${i}`));
    const admin = await adminSession();
    const form = new FormData();
    form.set("file", new File([["email", ...emails].join("\n")], "term.csv"));
    const preview = await runStaffAction(startBulkInviteAction, admin, form);
    if (!preview.ok) throw new Error(preview.message);
    const runId = preview.data.runId;

    const first = startWorkerProcess();
    expect(await runStaffAction(confirmBulkInviteAction, admin, runId)).toMatchObject({ ok: true });
    await waitFor(async () => (await prisma.bulkInviteRow.count({ where: { runId, outcome: { not: null } } })) >= 5, {
      timeoutMs: 60_000,
      what: "the first rows",
    });
    const exited = new Promise<number | null>((resolve) => first.once("exit", (code) => resolve(code)));
    const stoppedAt = Date.now();
    first.kill("SIGTERM");
    expect(await exited).toBe(0);
    // The grace period (5 s), then the abort signal: the rows in flight finish and the process ends.
    expect(Date.now() - stoppedAt).toBeLessThan(15_000);
    const handedBack = await prisma.bulkInviteRun.findUniqueOrThrow({ where: { id: runId } });
    // It stopped between rows instead of finishing the whole run before exiting.
    expect(handedBack.status).toBe("Running");
    expect(handedBack.leaseOwner).toBeNull();
    expect(await prisma.bulkInviteRow.count({ where: { runId, outcome: null } })).toBeGreaterThan(0);
    // …and queued itself again, unlocked, for the next worker (no need to wait for the watchdog).
    const queued = await prisma.$queryRaw<{ locked: boolean }[]>`
      SELECT locked_at IS NOT NULL AS locked FROM graphile_worker.jobs WHERE key = ${jobs["invitations.bulkRun"].key({ runId })}`;
    expect(queued).toEqual([{ locked: false }]);
    expect(await prisma.invitation.count({ where: { bulkRunId: runId, status: "Sending" } })).toBe(0);

    const restartedAt = Date.now();
    startWorkerProcess();
    const run = await waitFor(
      async () => {
        const current = await prisma.bulkInviteRun.findUniqueOrThrow({ where: { id: runId } });
        return current.status === "Completed" ? current : undefined;
      },
      { timeoutMs: 90_000, what: "the handed-back run to complete" },
    );
    // No lease to wait out and no watchdog minute: the re-queued job starts as soon as a worker is up.
    expect(Date.now() - restartedAt).toBeLessThan(50_000);
    expect(run).toMatchObject({ invitedCount: 200, failedCount: 0 });
    const posted = (await emulator.listInvitations()).filter((i) => emails.includes(i.invitedUserEmailAddress));
    expect(posted).toHaveLength(200);
  }, 120_000);
});
