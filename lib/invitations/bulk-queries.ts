// Reads of bulk-invite runs: progress (for the live bar), rows with outcomes (results table and
// CSV), recent runs. Not `server-only` (vitest reads it).
import { prisma } from "@/lib/db/client";

// ---------------------------------------------------------------------------------------------

export interface BulkRunRow {
  rowNumber: number;
  email: string;
  displayName: string | null;
  outcome: "Invited" | "Existing" | "Failed" | null;
  reason: string | null;
  invitationId: string | null;
}

export interface BulkRunProgress {
  id: string;
  fileName: string;
  status: "Queued" | "Running" | "Completed" | "Failed";
  totalRows: number;
  invitedCount: number;
  existingCount: number;
  failedCount: number;
  /** Rows with an outcome; progress bar = processed / totalRows. */
  processed: number;
  createdAt: Date;
  completedAt: Date | null;
  createdBy: { name: string | null; email: string } | null;
}

/**
 * Where a bulk run stands. Counts come from the rows themselves (one grouped read on the
 * (runId, outcome) index), so the bar is right even while the worker has not yet rolled the
 * counters up on the run.
 */
export async function getBulkRunProgress(runId: string): Promise<BulkRunProgress | null> {
  if (!/^[0-9a-f-]{36}$/i.test(runId)) return null;
  const run = await prisma.bulkInviteRun.findUnique({
    where: { id: runId },
    include: { createdBy: { select: { name: true, email: true } } },
  });
  if (!run) return null;
  const groups = await prisma.bulkInviteRow.groupBy({ by: ["outcome"], where: { runId }, _count: { _all: true } });
  const count = (outcome: "Invited" | "Existing" | "Failed") => groups.find((g) => g.outcome === outcome)?._count._all ?? 0;
  const rowsTotal = groups.reduce((sum, g) => sum + g._count._all, 0);
  const invitedCount = Math.max(count("Invited"), run.invitedCount);
  const existingCount = Math.max(count("Existing"), run.existingCount);
  const failedCount = Math.max(count("Failed"), run.failedCount);
  return {
    id: run.id,
    fileName: run.fileName,
    status: run.status,
    totalRows: Math.max(run.totalRows, rowsTotal),
    invitedCount,
    existingCount,
    failedCount,
    processed: invitedCount + existingCount + failedCount,
    createdAt: run.createdAt,
    completedAt: run.completedAt,
    createdBy: run.createdBy,
  };
}

/** Every row of a run with its outcome, in file order (for the results table and the CSV). */
export async function listBulkRunRows(runId: string, outcome?: "Invited" | "Existing" | "Failed"): Promise<BulkRunRow[]> {
  if (!/^[0-9a-f-]{36}$/i.test(runId)) return [];
  return prisma.bulkInviteRow.findMany({
    where: { runId, ...(outcome ? { outcome } : {}) },
    orderBy: { rowNumber: "asc" },
    select: { rowNumber: true, email: true, displayName: true, outcome: true, reason: true, invitationId: true },
  });
}

/** Recent bulk runs, newest first, for the bulk page's history. */
export async function listRecentBulkRuns(limit = 10): Promise<Array<Omit<BulkRunProgress, "processed" | "createdBy">>> {
  return prisma.bulkInviteRun.findMany({
    orderBy: { createdAt: "desc" },
    take: Math.min(Math.max(limit, 1), 100),
    select: {
      id: true, fileName: true, status: true, totalRows: true, invitedCount: true, existingCount: true,
      failedCount: true, createdAt: true, completedAt: true,
    },
  });
}
