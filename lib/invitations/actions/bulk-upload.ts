import "server-only";
// Bulk invite, staff side: upload → parse and check every row (csv.ts, the same rules as the
// single form) → store the run and its rows → preview; confirm → the worker sends (../worker/bulk-run.ts).
// Rows that fail the checks are stored as Failed with their reason at once, so the run's results
// account for every line of the file.
import { ActionError } from "@/lib/actions/action-error";
import { defineStaffAction, type Validation } from "@/lib/actions/staff-action";
import { canBulkInvite } from "@/lib/auth/permissions";
import { prisma } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { enqueueJob } from "@/lib/jobs/enqueue";
import { validateRecordId } from "@/lib/actions/record-id";
import { invitationKey, withInvitationKey } from "@/lib/invitations/create";
import { memberInvitesAllowed } from "@/lib/invitations/app-permissions";
import { parseInvitationCsv, type CsvImportRow } from "@/lib/invitations/csv";
import { csvTooLargeMessage } from "@/lib/shared/csv-limits";
import { notifyBulkRunChanged } from "@/lib/invitations/lifecycle";
import {
  BULK_PREVIEW_ROW_LIMIT,
  BULK_UPLOAD_FILE_FIELD,
  type BulkPreview,
  type BulkPreviewRow,
} from "@/lib/shared/invitations";

export interface BulkUpload {
  fileName: string;
  bytes: Uint8Array;
}

async function validateUpload(raw: unknown): Promise<Validation<BulkUpload>> {
  const file = raw instanceof FormData ? raw.get(BULK_UPLOAD_FILE_FIELD) : (raw as { file?: unknown } | null)?.file;
  const problem = (message: string): Validation<BulkUpload> => ({
    ok: false,
    message,
    fieldErrors: { [BULK_UPLOAD_FILE_FIELD]: [message] },
  });
  if (!(file instanceof Blob) || file.size === 0) return problem("Choose a CSV file to upload.");
  const tooLarge = csvTooLargeMessage(file.size);
  if (tooLarge) return problem(tooLarge);
  const fileName = (file instanceof File && file.name ? file.name : "upload.csv").slice(0, 200);
  return { ok: true, value: { fileName, bytes: new Uint8Array(await file.arrayBuffer()) } };
}

const MEMBER_ROW_PROBLEM =
  "User type: Member invites need the User.ReadWrite.All application permission, which the app does not have. Invite as Guest, or grant the permission first.";

function rowProblems(row: CsvImportRow, membersAllowed: boolean): string[] {
  if (!row.ok) return row.errors;
  if (row.value?.userType === "Member" && !membersAllowed) return [MEMBER_ROW_PROBLEM];
  return [];
}

export const startBulkInviteAction = defineStaffAction<BulkUpload, BulkPreview>({
  action: "bulk_invite.upload",
  validate: validateUpload,
  allowed: canBulkInvite,
  deniedMessage: "Only administrators can invite in bulk.",
  async run(upload, context) {
    const parsed = parseInvitationCsv(upload.bytes);
    if (parsed.fileError)
      throw new ActionError("invalid", parsed.fileError, {
        fieldErrors: { [BULK_UPLOAD_FILE_FIELD]: [parsed.fileError] },
      });
    const needsMember = parsed.rows.some((r) => r.value?.userType === "Member");
    const membersAllowed = needsMember ? (await memberInvitesAllowed()).allowed : true;

    const checked = parsed.rows.map((row) => ({ row, problems: rowProblems(row, membersAllowed) }));
    const invalid = checked.filter((c) => c.problems.length > 0).length;
    const run = await prisma.$transaction(
      async (tx) => {
        const created = await tx.bulkInviteRun.create({
          data: {
            fileName: upload.fileName,
            status: "Queued",
            totalRows: checked.length,
            failedCount: invalid,
            createdById: context.staff.userId,
            delimiter: parsed.summary.delimiter,
            columnMap: parsed.summary.columns,
            ignoredColumns: parsed.summary.ignoredColumns,
          },
          select: { id: true },
        });
        for (let start = 0; start < checked.length; start += 1000) {
          await tx.bulkInviteRow.createMany({
            data: checked.slice(start, start + 1000).map(({ row, problems }) => ({
              runId: created.id,
              rowNumber: row.rowNumber,
              email: (row.value ? invitationKey(row.value.email) : (row.input.email ?? "").trim()).slice(0, 320),
              displayName: row.value?.displayName ?? row.input.displayName?.trim().slice(0, 256) ?? null,
              userType: row.value?.userType ?? null,
              input:
                problems.length === 0 && row.value
                  ? (withInvitationKey(row.value) as unknown as Prisma.InputJsonValue)
                  : undefined,
              outcome: problems.length > 0 ? "Failed" : null,
              reason: problems.length > 0 ? problems.join(" ") : null,
            })),
          });
        }
        return created;
      },
      { timeout: 60_000 },
    );
    context.setAuditTarget({ type: "bulk_invite_run", id: run.id });
    context.addAuditDetail({ fileName: upload.fileName, totalRows: checked.length, invalidRows: invalid });

    const previewRows: BulkPreviewRow[] = checked
      .map(({ row, problems }) => ({
        rowNumber: row.rowNumber,
        email: row.value?.email ?? row.input.email ?? "",
        displayName: row.value?.displayName ?? row.input.displayName,
        userType: row.value?.userType,
        valid: problems.length === 0,
        problems,
      }))
      .sort((a, b) => Number(a.valid) - Number(b.valid) || a.rowNumber - b.rowNumber)
      .slice(0, BULK_PREVIEW_ROW_LIMIT);
    return {
      runId: run.id,
      fileName: upload.fileName,
      totalRows: checked.length,
      validRows: checked.length - invalid,
      invalidRows: invalid,
      duplicateRows: parsed.summary.duplicateRows,
      columns: parsed.summary.columns as Record<string, string>,
      ignoredColumns: parsed.summary.ignoredColumns,
      rows: previewRows,
    };
  },
});

export const confirmBulkInviteAction = defineStaffAction<string, { runId: string }>({
  action: "bulk_invite.confirm",
  validate: validateRecordId,
  allowed: canBulkInvite,
  deniedMessage: "Only administrators can invite in bulk.",
  target: (runId) => ({ type: "bulk_invite_run", id: runId }),
  async run(runId) {
    await prisma.$transaction(async (tx) => {
      const confirmed = await tx.bulkInviteRun.updateMany({
        where: { id: runId, status: "Queued", confirmedAt: null },
        data: { confirmedAt: new Date() },
      });
      if (confirmed.count === 0) {
        const exists = await tx.bulkInviteRun.findUnique({ where: { id: runId }, select: { id: true } });
        throw exists
          ? new ActionError("conflict", "This upload was already confirmed; its progress is shown below.")
          : new ActionError("not_found", "That upload does not exist.");
      }
      await enqueueJob("invitations.bulkRun", { runId }, {}, tx);
      await notifyBulkRunChanged(tx, runId);
    });
    return { runId };
  },
  successMessage: () => "Sending started. You can leave this page; the run continues in the background.",
});

/**
 * An upload nobody will send (wrong file, abandoned preview): removes the run and its rows. Only
 * while it awaits confirmation, so no invitation of it exists; the audit entry keeps its name.
 */
export const discardBulkInviteAction = defineStaffAction<string, { runId: string }>({
  action: "bulk_invite.discard",
  validate: validateRecordId,
  allowed: canBulkInvite,
  deniedMessage: "Only administrators can invite in bulk.",
  target: (runId) => ({ type: "bulk_invite_run", id: runId }),
  async run(runId, context) {
    const run = await prisma.$transaction(async (tx) => {
      const found = await tx.bulkInviteRun.findUnique({
        where: { id: runId },
        select: { fileName: true, totalRows: true },
      });
      if (!found)
        throw new ActionError("not_found", "That upload does not exist (it may have been discarded already).");
      // One statement decides, so an upload confirmed a moment ago is never removed.
      const removed = await tx.bulkInviteRun.deleteMany({ where: { id: runId, status: "Queued", confirmedAt: null } });
      if (removed.count === 0)
        throw new ActionError("conflict", "Sending has started for this upload, so it can no longer be discarded.");
      return found;
    });
    context.addAuditDetail({ fileName: run.fileName, totalRows: run.totalRows });
    return { runId };
  },
  successMessage: () => "Upload discarded; nothing was sent.",
});

/**
 * After a stop (the tenant refused invitations) and the admin fixed the cause: send the rows that
 * were never tried. Rows with an outcome keep it; nobody already invited is posted again.
 */
export const resumeBulkInviteAction = defineStaffAction<string, { runId: string }>({
  action: "bulk_invite.resume",
  allowed: canBulkInvite,
  validate: validateRecordId,
  deniedMessage: "Only administrators can invite in bulk.",
  target: (runId) => ({ type: "bulk_invite_run", id: runId }),
  async run(runId) {
    await prisma.$transaction(async (tx) => {
      const resumed = await tx.bulkInviteRun.updateMany({
        where: { id: runId, status: "Failed", confirmedAt: { not: null } },
        data: {
          status: "Queued",
          stopCode: null,
          stopReason: null,
          completedAt: null,
          leaseOwner: null,
          leaseExpiresAt: null,
        },
      });
      if (resumed.count === 0) {
        const exists = await tx.bulkInviteRun.findUnique({ where: { id: runId }, select: { id: true } });
        throw exists
          ? new ActionError("conflict", "Only a run that stopped early can be resumed.")
          : new ActionError("not_found", "That upload does not exist.");
      }
      await enqueueJob("invitations.bulkRun", { runId }, {}, tx);
      await notifyBulkRunChanged(tx, runId);
    });
    return { runId };
  },
  successMessage: () => "Sending resumed with the rows that were not sent yet.",
});
