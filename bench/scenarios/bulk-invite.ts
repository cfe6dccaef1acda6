// Scenario 1 (and half of 5): a bulk invite of N addresses, as staff do it — CSV upload and confirm
// through the same action definitions as the page — sent by the production worker in its own
// process under Graph's invitation limit (150 per 5 s per tenant) with 80–150 ms per call.
// Baseline, same run: the same bulk-run code (processBulkRun) with one row in flight at a time,
// i.e. one Graph call at a time, on a smaller run, extrapolated per row.
import type { EmulatorControl } from "@/emulator/control/client";
import { runStaffAction } from "@/lib/actions/staff-action";
import type { StaffSession } from "@/lib/auth/permissions";
import { prisma } from "@/lib/db/client";
import { confirmBulkInviteAction, startBulkInviteAction } from "@/lib/invitations/actions/bulk-upload";
import { processBulkRun } from "@/lib/invitations/worker/bulk-run";
import { startBenchWorker, type WorkerMemory } from "../worker-process";
import { usagePer } from "../worker-usage";
import {
  benchAdmin,
  callCounts,
  switchOnRealisticLatency,
  waitFor,
  type CallCounts,
  type ScenarioContext,
} from "../support";

export const INVITATION_LIMIT = { requests: 150, windowSeconds: 5 };

export interface BulkRunMeasurement {
  rows: number;
  wallMs: number;
  invited: number;
  failed: number;
  existing: number;
  /** Addresses Graph has no invitation for although the row says Invited (or no outcome at all). */
  lost: number;
  /** Extra invitations Graph received for an address beyond the first. */
  duplicated: number;
  calls: CallCounts;
  /**
   * Where the wall time went, from Graph's record of when each of the run's invitations was created:
   * confirm → the first, the first → the last, the last → the run completed (ms).
   */
  phases?: { startMs: number; sendingMs: number; finishMs: number };
}

export interface BulkInviteResult {
  main: BulkRunMeasurement & { memory: WorkerMemory; perRow: { cpuMs: number; statements: number } };
  /** Same code, concurrency 1, fewer rows. */
  sequential: BulkRunMeasurement;
  /** Wall time of the sequential baseline scaled to the main run's size (per-row time × rows). */
  sequentialExtrapolatedMs: number;
  /** N / (150 per 5 s): the fastest any client may legally invite N people. */
  limitFloorMs: number;
  memory: { rows: number; memory: WorkerMemory; wallMs: number }[];
}

export const addresses = (label: string, rows: number) =>
  Array.from({ length: rows }, (_, i) => `${label}-${i + 1}@bench-invite.example`);

export async function uploadAndConfirm(
  staff: StaffSession,
  emails: string[],
): Promise<{ runId: string; confirmedAt: Date }> {
  const csv = ["email,displayName", ...emails.map((email, i) => `${email},Bench Invitee ${i + 1}`)].join("\n");
  const form = new FormData();
  form.set("file", new File([csv], "bench.csv", { type: "text/csv" }));
  const preview = await runStaffAction(startBulkInviteAction, staff, form);
  if (!preview.ok) throw new Error(`bulk upload refused: ${preview.message}`);
  if (preview.data.validRows !== emails.length)
    throw new Error(`bulk upload: ${preview.data.validRows} valid rows of ${emails.length}`);
  const confirmed = await runStaffAction(confirmBulkInviteAction, staff, preview.data.runId);
  if (!confirmed.ok) throw new Error(`bulk confirm refused: ${confirmed.message}`);
  const run = await prisma.bulkInviteRun.findUniqueOrThrow({
    where: { id: preview.data.runId },
    select: { confirmedAt: true },
  });
  return { runId: preview.data.runId, confirmedAt: run.confirmedAt as Date };
}

/** Checks the run against Graph's own record: every address invited exactly once. */
export async function account(
  control: EmulatorControl,
  runId: string,
  emails: string[],
  wallMs: number,
  calls: CallCounts,
  span?: { confirmedAt: Date; completedAt: Date },
): Promise<BulkRunMeasurement> {
  const run = await prisma.bulkInviteRun.findUniqueOrThrow({ where: { id: runId } });
  const invitedRows = await prisma.bulkInviteRow.findMany({
    where: { runId, outcome: "Invited" },
    select: { email: true },
  });
  const posts = new Map<string, number>();
  const wanted = new Set(emails.map((e) => e.toLowerCase()));
  const created: number[] = [];
  for (const invitation of await control.listInvitations()) {
    const address = invitation.invitedUserEmailAddress.toLowerCase();
    posts.set(address, (posts.get(address) ?? 0) + 1);
    if (wanted.has(address)) created.push(Date.parse(invitation.createdDateTime));
  }
  const [first, last] = [Math.min(...created), Math.max(...created)];
  const phases =
    span && created.length > 0
      ? {
          startMs: first - span.confirmedAt.getTime(),
          sendingMs: last - first,
          finishMs: span.completedAt.getTime() - last,
        }
      : undefined;
  let duplicated = 0;
  for (const [address, count] of posts) if (wanted.has(address)) duplicated += Math.max(0, count - 1);
  const lostInvited = invitedRows.filter((row) => !posts.has(row.email)).length;
  const unsettled = emails.length - run.invitedCount - run.existingCount - run.failedCount;
  return {
    rows: emails.length,
    wallMs,
    invited: run.invitedCount,
    failed: run.failedCount,
    existing: run.existingCount,
    lost: lostInvited + Math.max(0, unsettled),
    duplicated,
    calls,
    ...(phases ? { phases } : {}),
  };
}

async function measureWithWorker(context: ScenarioContext, staff: StaffSession, label: string, rows: number) {
  const emails = addresses(label, rows);
  const worker = await startBenchWorker(context.env);
  let stopped = false;
  try {
    await context.control.resetCounters();
    const before = await worker.usage();
    const { runId, confirmedAt } = await uploadAndConfirm(staff, emails);
    const run = await waitFor(
      async () => {
        const current = await prisma.bulkInviteRun.findUniqueOrThrow({
          where: { id: runId },
          select: { status: true, completedAt: true, stopReason: true },
        });
        if (current.status === "Failed") throw new Error(`bulk run stopped: ${current.stopReason}`);
        return current.status === "Completed" ? current : undefined;
      },
      `bulk run of ${rows}`,
      15 * 60_000,
      100,
    );
    const wallMs = (run.completedAt as Date).getTime() - confirmedAt.getTime();
    const calls = callCounts(await context.control.getCounters());
    const perRow = usagePer(before, await worker.usage(), rows);
    stopped = true;
    const memory = await worker.stop();
    const span = { confirmedAt, completedAt: run.completedAt as Date };
    return { ...(await account(context.control, runId, emails, wallMs, calls, span)), memory, perRow };
  } finally {
    if (!stopped) await worker.stop();
  }
}

export async function runBulkInvite(
  context: ScenarioContext,
  sizes: { rows: number; baselineRows: number; memoryRows: number[] },
): Promise<BulkInviteResult> {
  await switchOnRealisticLatency(context.control);
  const staff = await benchAdmin();

  // Baseline first, with no worker running: confirm queues the job, this process runs the same
  // bulk-run code one row at a time and finishes the run; the worker started later finds it done.
  context.log(`  sequential baseline: ${sizes.baselineRows} rows, one at a time`);
  const baselineEmails = addresses("sequential", sizes.baselineRows);
  await context.control.resetCounters();
  const baselineRun = await uploadAndConfirm(staff, baselineEmails);
  const started = Date.now();
  const outcome = await processBulkRun(baselineRun.runId, { concurrency: 1 });
  const baselineMs = Date.now() - started;
  if (outcome !== "completed") throw new Error(`sequential baseline run ended ${outcome}`);
  const sequential = await account(
    context.control,
    baselineRun.runId,
    baselineEmails,
    baselineMs,
    callCounts(await context.control.getCounters()),
  );

  context.log(`  bounded concurrency through the worker: ${sizes.rows} rows`);
  const main = await measureWithWorker(context, staff, "bulk", sizes.rows);
  const memory = [{ rows: sizes.rows, memory: main.memory, wallMs: main.wallMs }];
  for (const rows of sizes.memoryRows.filter((r) => r !== sizes.rows)) {
    context.log(`  memory run through the worker: ${rows} rows`);
    const extra = await measureWithWorker(context, staff, `memory-${rows}`, rows);
    if (extra.lost + extra.duplicated > 0 || extra.invited !== rows)
      throw new Error(
        `memory run of ${rows}: ${extra.invited} invited, ${extra.lost} lost, ${extra.duplicated} duplicated`,
      );
    memory.push({ rows, memory: extra.memory, wallMs: extra.wallMs });
  }
  return {
    main,
    sequential,
    sequentialExtrapolatedMs: Math.round((baselineMs / sizes.baselineRows) * sizes.rows),
    limitFloorMs: Math.round((sizes.rows / INVITATION_LIMIT.requests) * INVITATION_LIMIT.windowSeconds * 1000),
    memory: memory.sort((a, b) => a.rows - b.rows),
  };
}
