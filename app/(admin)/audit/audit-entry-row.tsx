// One audit entry as a table row: the action in words, the actor, the target by its name (linked
// where Guestpass has a page for it) and the outcome. Below the sm breakpoint the row folds into
// two cells (when, and everything else stacked) so a phone shows it all without scrolling sideways.
import Link from "next/link";
import { LocalTime } from "@/components/local-time";
import { Badge, type BadgeTone } from "@/components/badge";
import { TableCell, TableRow } from "@/components/table";
import { actorName, auditActionLabel, auditTargetTypeLabel } from "@/lib/audit/actions";
import type { AuditEntryView, AuditOutcomeFilter } from "@/lib/audit/queries";

const OUTCOME_TONE: Record<AuditOutcomeFilter, BadgeTone> = { Success: "success", Denied: "warning", Failed: "danger" };

function targetHref(entry: AuditEntryView): string | null {
  if (!entry.targetId) return null;
  if (entry.targetType === "invitation") return `/invitations/${entry.targetId}`;
  if (entry.targetType === "bulk_invite_run") return `/invitations/bulk/${entry.targetId}`;
  return null;
}

/** A few facts from the entry's detail, e.g. "userType: Guest · totalRows: 12". */
function detailSummary(detail: AuditEntryView["detail"]): string {
  if (!detail || typeof detail !== "object" || Array.isArray(detail)) return "";
  return Object.entries(detail)
    .filter(([, value]) => value !== null && ["string", "number", "boolean"].includes(typeof value))
    .slice(0, 4)
    .map(([key, value]) => `${key}: ${String(value)}`)
    .join(" · ");
}

function Target({ entry }: { entry: AuditEntryView }) {
  if (!entry.targetType && !entry.targetId) return <span className="text-ink-muted">—</span>;
  const href = targetHref(entry);
  // Named when Guestpass knows the name; the id only as a last resort, in full (it is what support quotes).
  const name = entry.targetName ?? entry.targetId;
  return (
    <span className="block min-w-0">
      {entry.targetType ? (
        <span className="block text-xs text-ink-muted">{auditTargetTypeLabel(entry.targetType)}</span>
      ) : null}
      {name ? (
        href ? (
          <Link href={href} className="block text-accent [overflow-wrap:anywhere] hover:underline">
            {name}
          </Link>
        ) : (
          <span
            className={
              entry.targetName ? "block [overflow-wrap:anywhere]" : "block font-mono text-xs [overflow-wrap:anywhere]"
            }
          >
            {name}
          </span>
        )
      ) : null}
    </span>
  );
}

export function AuditEntryRow({ entry }: { entry: AuditEntryView }) {
  const actor = actorName(entry);
  const role = entry.actorRole?.replace("Guestpass.", "");
  const summary = detailSummary(entry.detail);
  const outcome = <Badge tone={OUTCOME_TONE[entry.outcome]}>{entry.outcome}</Badge>;
  return (
    <TableRow data-testid="audit-entry" data-action={entry.action} data-outcome={entry.outcome} className="align-top">
      <TableCell className="align-top text-ink-muted">
        <LocalTime date={entry.createdAt} wrap />
      </TableCell>
      <TableCell className="hidden max-w-64 align-top sm:table-cell">
        <span className="block [overflow-wrap:anywhere]">{actor}</span>
        {role ? <span className="block text-xs text-ink-muted">{role}</span> : null}
      </TableCell>
      <TableCell className="align-top">
        <span className="block font-medium sm:min-w-36" title={entry.action}>
          {auditActionLabel(entry.action)}
        </span>
        {/* Narrower than 2xl the Details column is hidden: its facts sit under the action instead. */}
        {summary ? (
          <span className="mt-0.5 hidden text-xs text-ink-muted [overflow-wrap:anywhere] sm:block 2xl:hidden">
            {summary}
          </span>
        ) : null}
        {/* Phones: actor, target and outcome under the action (their own columns are hidden). */}
        <div className="mt-1 space-y-1 text-sm sm:hidden">
          <span className="block text-ink-muted [overflow-wrap:anywhere]">
            by {actor}
            {role ? ` (${role})` : ""}
          </span>
          <Target entry={entry} />
          {outcome}
        </div>
      </TableCell>
      <TableCell className="hidden max-w-72 align-top sm:table-cell">
        <Target entry={entry} />
      </TableCell>
      <TableCell className="hidden align-top sm:table-cell">{outcome}</TableCell>
      <TableCell className="hidden max-w-64 align-top text-xs text-ink-muted 2xl:table-cell">
        <span className="block [overflow-wrap:anywhere]">{summary}</span>
        {entry.correlationId ? <span className="block font-mono">ref {entry.correlationId.slice(0, 8)}</span> : null}
      </TableCell>
    </TableRow>
  );
}
