import "server-only";
// The audit log as CSV: the entries the page's filter shows, in words (actions and targets named),
// every field quoted and formula-looking cells neutralised by the one safe writer (toSafeCsv).
// Read like a route: parse the filter → authenticate → authorize (as the page) → read → audit → respond.
import { canViewAuditLog, isStaff, primaryRole, type StaffSession } from "@/lib/auth/permissions";
import { toSafeCsv } from "@/lib/csv/safe-csv";
import { actorName, auditActionLabel, auditTargetTypeLabel } from "./actions";
import { parseAuditFilter } from "./filter";
import { listAuditEntriesForExport, type AuditEntryView } from "./queries";
import { recordAuditEntry } from "./record";

export const AUDIT_CSV_COLUMNS = [
  "When (UTC)",
  "Actor",
  "Actor role",
  "Action",
  "Action code",
  "Target type",
  "Target",
  "Target id",
  "Outcome",
  "Details",
  "Correlation id",
] as const;

function csvRow(entry: AuditEntryView): Record<(typeof AUDIT_CSV_COLUMNS)[number], string> {
  return {
    "When (UTC)": entry.createdAt.toISOString(),
    Actor: actorName(entry),
    "Actor role": entry.actorRole?.replace("Guestpass.", "") ?? "",
    Action: auditActionLabel(entry.action),
    "Action code": entry.action,
    "Target type": entry.targetType ? auditTargetTypeLabel(entry.targetType) : "",
    Target: entry.targetName ?? "",
    "Target id": entry.targetId ?? "",
    Outcome: entry.outcome,
    Details: entry.detail === null ? "" : JSON.stringify(entry.detail),
    "Correlation id": entry.correlationId ?? "",
  };
}

const today = () => new Date().toISOString().slice(0, 10);
const words = (status: number, message: string) =>
  new Response(message, { status, headers: { "Content-Type": "text/plain; charset=utf-8" } });

export async function exportAuditLog(staff: StaffSession | null, params: URLSearchParams): Promise<Response> {
  const { cursor: _page, ...filter } = parseAuditFilter((name) => params.get(name));
  if (!staff) return words(401, "Sign in to export the audit log.");
  if (!isStaff(staff) || !canViewAuditLog(staff)) return words(403, "Your account cannot see the audit log.");

  const { entries, truncated } = await listAuditEntriesForExport(filter);
  // Who took a copy of the log, and of which part, is itself worth recording.
  await recordAuditEntry({
    actorType: "Staff",
    actorId: staff.userId,
    actorEmail: staff.email,
    actorRole: primaryRole(staff),
    action: "audit.export",
    outcome: "Success",
    detail: {
      ...Object.fromEntries(Object.entries(filter).filter(([, value]) => value)),
      rows: entries.length,
      truncated,
    },
  });
  const csv = toSafeCsv(entries.map(csvRow), AUDIT_CSV_COLUMNS);
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="guestpass-audit-log-${today()}.csv"`,
      "Cache-Control": "no-store",
      // More matched than one file holds: the page says so too; narrow the filter for the rest.
      ...(truncated ? { "X-Guestpass-Export-Truncated": "true" } : {}),
    },
  });
}
