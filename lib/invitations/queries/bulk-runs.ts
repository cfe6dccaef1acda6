import "server-only";
// Reads of bulk-invite runs: progress (for the live bar), rows with outcomes (results table and
// CSV), recent runs.
import { prisma } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import type { CsvDelimiter } from "@/lib/invitations/csv";

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
  /** Null while the upload waits for the admin's confirmation (the preview). */
  confirmedAt: Date | null;
  completedAt: Date | null;
  /** Why the run stopped early (status Failed), in the catalogue's words. */
  stopCode: string | null;
  stopReason: string | null;
  createdBy: { name: string | null; email: string } | null;
  /** How the file was read (null for runs stored before this was recorded). */
  fileLayout: BulkFileLayout | null;
}

export interface BulkFileLayout {
  delimiter: CsvDelimiter;
  /** Field (email, displayName, …) → the header text of the column that fed it. */
  columns: Record<string, string>;
  ignoredColumns: string[];
}

const DELIMITERS: readonly string[] = [",", ";", "\t", "|"];

function fileLayoutOf(run: {
  delimiter: string | null;
  columnMap: Prisma.JsonValue | null;
  ignoredColumns: string[];
}): BulkFileLayout | null {
  if (!run.delimiter || !DELIMITERS.includes(run.delimiter)) return null;
  const map = run.columnMap && typeof run.columnMap === "object" && !Array.isArray(run.columnMap) ? run.columnMap : {};
  const columns = Object.fromEntries(
    Object.entries(map).filter((entry): entry is [string, string] => typeof entry[1] === "string"),
  );
  return { delimiter: run.delimiter as CsvDelimiter, columns, ignoredColumns: run.ignoredColumns };
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
  const count = (outcome: "Invited" | "Existing" | "Failed") =>
    groups.find((g) => g.outcome === outcome)?._count._all ?? 0;
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
    confirmedAt: run.confirmedAt,
    completedAt: run.completedAt,
    stopCode: run.stopCode,
    stopReason: run.stopReason,
    createdBy: run.createdBy,
    fileLayout: fileLayoutOf(run),
  };
}

export type BulkRowFilter = "Invited" | "Existing" | "Failed" | "Pending";

/** Rows of a run with their outcome, in file order (results table, preview, CSV). "Pending" = not done yet. */
export async function listBulkRunRows(
  runId: string,
  options: { outcome?: BulkRowFilter; limit?: number } = {},
): Promise<BulkRunRow[]> {
  if (!/^[0-9a-f-]{36}$/i.test(runId)) return [];
  const { outcome, limit } = options;
  return prisma.bulkInviteRow.findMany({
    where: { runId, ...(outcome ? { outcome: outcome === "Pending" ? null : outcome } : {}) },
    orderBy: { rowNumber: "asc" },
    take: limit,
    select: { rowNumber: true, email: true, displayName: true, outcome: true, reason: true, invitationId: true },
  });
}

/** Recent bulk runs, newest first, for the bulk page's history. */
export async function listRecentBulkRuns(
  limit = 10,
): Promise<Array<Omit<BulkRunProgress, "processed" | "createdBy" | "stopCode" | "stopReason" | "fileLayout">>> {
  return prisma.bulkInviteRun.findMany({
    orderBy: { createdAt: "desc" },
    take: Math.min(Math.max(limit, 1), 100),
    select: {
      id: true,
      fileName: true,
      status: true,
      totalRows: true,
      invitedCount: true,
      existingCount: true,
      failedCount: true,
      createdAt: true,
      confirmedAt: true,
      completedAt: true,
    },
  });
}
