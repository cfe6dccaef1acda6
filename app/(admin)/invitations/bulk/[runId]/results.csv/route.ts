// Every row of a bulk run with its outcome, as a CSV a spreadsheet opens safely (formula-looking
// cells are neutralised by toSafeCsv). Admins only, like the run itself.
import { canBulkInvite, isStaff } from "@/lib/auth/permissions";
import { getStaffSession } from "@/lib/auth/session";
import { databaseUnavailableResponse, isDatabaseUnavailable } from "@/lib/shared/database-unavailable";
import { getBulkRunProgress, listBulkRunRows } from "@/lib/invitations/queries/bulk-runs";
import { toSafeCsv } from "@/lib/csv/safe-csv";

export const dynamic = "force-dynamic";

const OUTCOME_WORDS = { Invited: "invited", Existing: "already existing", Failed: "failed" } as const;

export async function GET(request: Request, context: { params: Promise<{ runId: string }> }): Promise<Response> {
  try {
    return await resultsCsv(request, context);
  } catch (error) {
    // A download during a database outage: a 503 that says so, not an empty or broken file.
    if (isDatabaseUnavailable(error)) return databaseUnavailableResponse();
    throw error;
  }
}

async function resultsCsv(_request: Request, { params }: { params: Promise<{ runId: string }> }): Promise<Response> {
  const staff = await getStaffSession();
  if (staff?.databaseUnavailable) return databaseUnavailableResponse();
  if (!isStaff(staff)) return new Response("Sign in first.", { status: 401 });
  if (!canBulkInvite(staff)) return new Response("Only administrators can see bulk runs.", { status: 403 });
  const { runId } = await params;
  const run = await getBulkRunProgress(runId);
  if (!run) return new Response("No such bulk run.", { status: 404 });
  const rows = await listBulkRunRows(runId);
  const csv = toSafeCsv(
    rows.map((row) => ({
      row: row.rowNumber,
      email: row.email,
      displayName: row.displayName ?? "",
      outcome: row.outcome ? OUTCOME_WORDS[row.outcome] : "not sent",
      reason: row.reason ?? "",
      invitationId: row.invitationId ?? "",
    })),
    ["row", "email", "displayName", "outcome", "reason", "invitationId"],
  );
  const base =
    run.fileName
      .replace(/\.csv$/i, "")
      .replace(/[^\w.-]+/g, "_")
      .slice(0, 80) || "bulk-invite";
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${base}-results.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
