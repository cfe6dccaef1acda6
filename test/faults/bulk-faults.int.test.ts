// A bulk invite while Microsoft misbehaves: the emulator answers 10 % of invitation POSTs with a
// 5xx, 5 % with 429, resets 3 % of connections and stalls 3 % for 2 s (reads of users fail too).
// Every row must end invited or failed with a reason, none lost, nobody invited twice; and a tenant
// that refuses invitations stops the run with an explanation instead of burning every row.
// `npm test` runs 150 rows; `npm run test:soak` (GUESTPASS_SOAK=1) runs 1,000.
import type { Runner } from "graphile-worker";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { EmulatorControl } from "@/emulator/control/client";
import { runStaffAction } from "@/lib/actions/staff-action";
import { prisma } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { confirmBulkInviteAction, startBulkInviteAction } from "@/lib/invitations/actions/bulk-upload";
import { adminSession, uniqueEmail, waitFor } from "@/test/int-support";
import { startWorker } from "@/lib/jobs/runner";

const SOAK = process.env.GUESTPASS_SOAK === "1";
const ROWS = SOAK ? 1_000 : 150;
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
});

async function uploadAndConfirm(emails: string[], name: string): Promise<string> {
  const admin = await adminSession();
  const form = new FormData();
  form.set(
    "file",
    new File([["email,displayName", ...emails.map((e, i) => `${e},Fault ${i}`)].join("\n")], name, {
      type: "text/csv",
    }),
  );
  const preview = await runStaffAction(startBulkInviteAction, admin, form);
  if (!preview.ok) throw new Error(`upload failed: ${preview.message}`);
  expect(await runStaffAction(confirmBulkInviteAction, admin, preview.data.runId)).toMatchObject({ ok: true });
  return preview.data.runId;
}

const finished = (runId: string, timeoutMs: number) =>
  waitFor(
    async () => {
      const run = await prisma.bulkInviteRun.findUniqueOrThrow({ where: { id: runId } });
      return run.status === "Completed" || run.status === "Failed" ? run : undefined;
    },
    { timeoutMs, what: "the bulk run to finish" },
  );

describe(`bulk invite of ${ROWS} under injected faults`, () => {
  it(
    "ends every row invited or failed with a reason, loses none and invites nobody twice",
    async () => {
      await emulator.setFaults({
        seed: 20261124,
        rules: [
          {
            pathPrefix: "/v1.0/invitations",
            methods: ["POST"],
            serverErrorRate: 0.1,
            serverErrorStatus: 503,
            throttleRate: 0.05,
            connectionResetRate: 0.03,
            stallRate: 0.03,
            stallMs: 2_000,
          },
          { pathPrefix: "/v1.0/users", serverErrorRate: 0.05, connectionResetRate: 0.02 },
        ],
      });
      const since = (await emulator.requests({ area: "graph" })).at(-1)?.id ?? 0;
      const emails = Array.from({ length: ROWS }, (_, i) => uniqueEmail(`fault${i}`));
      const started = Date.now();
      const runId = await uploadAndConfirm(emails, "faults.csv");
      const run = await finished(runId, SOAK ? 1_500_000 : 400_000);
      const seconds = Math.round((Date.now() - started) / 1000);

      expect(run.status).toBe("Completed");
      const rows = await prisma.bulkInviteRow.findMany({ where: { runId } });
      expect(rows).toHaveLength(ROWS);
      expect(rows.filter((r) => r.outcome === null)).toEqual([]);
      const failed = rows.filter((r) => r.outcome === "Failed");
      expect(failed.filter((r) => !(r.reason ?? "").trim())).toEqual([]);
      expect(run.invitedCount + run.existingCount + run.failedCount).toBe(ROWS);

      // Graph's own record: nobody has two accepted invitations; every Invited row has exactly one.
      const accepted = new Map<string, number>();
      for (const invitation of await emulator.listInvitations()) {
        const address = invitation.invitedUserEmailAddress.toLowerCase();
        accepted.set(address, (accepted.get(address) ?? 0) + 1);
      }
      const twice = emails.filter((e) => (accepted.get(e) ?? 0) > 1);
      expect(twice).toEqual([]);
      const invitedRows = rows.filter((r) => r.outcome === "Invited");
      expect(invitedRows.filter((r) => accepted.get(r.email.toLowerCase()) !== 1)).toEqual([]);
      // No row failed for a reason the faults explain away: a transient failure must be retried.
      const counters = await emulator.getCounters();
      const posts = (await emulator.requests({ area: "graph", sinceId: since })).filter(
        (r) => r.method === "POST" && /\/invitations$/.test(r.url.split("?")[0]!),
      );
      const figures = {
        rows: ROWS,
        invited: run.invitedCount,
        existing: run.existingCount,
        failed: run.failedCount,
        posts: posts.length,
        answered5xx: posts.filter((p) => p.status >= 500).length,
        answered429: posts.filter((p) => p.status === 429).length,
        counters: counters.routes["POST /v1.0/invitations"],
        seconds,
      };
      console.log(`[faults] bulk ${JSON.stringify(figures)}`);
      expect(figures.answered5xx + figures.answered429).toBeGreaterThan(0);
      expect(run.invitedCount).toBe(ROWS);
    },
    SOAK ? 1_600_000 : 420_000,
  );

  it("stops with an explanation when Microsoft blocks invitations for suspicious activity", async () => {
    const tenantId = getEnv().AZURE_TENANT_ID;
    await emulator.updateTenant(tenantId, { invitationsBlockedForSuspiciousActivity: true });
    try {
      const emails = Array.from({ length: 60 }, (_, i) => uniqueEmail(`blocked${i}`));
      const runId = await uploadAndConfirm(emails, "blocked.csv");
      const run = await finished(runId, 90_000);
      expect(run.status).toBe("Failed");
      expect(run.stopCode).toBeTruthy();
      expect(run.stopReason ?? "").toMatch(/suspicious|blocked/i);
      const tried = await prisma.bulkInviteRow.count({ where: { runId, outcome: { not: null } } });
      expect(tried).toBeLessThanOrEqual(4);
      console.log(`[faults] suspicious activity: stopCode=${run.stopCode}, rows tried before stopping: ${tried}/60`);
    } finally {
      await emulator.updateTenant(tenantId, { invitationsBlockedForSuspiciousActivity: false });
    }
  });
});
