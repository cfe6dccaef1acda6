import type { Metadata } from "next";
import Link from "next/link";
import { Badge, type BadgeTone } from "@/components/badge";
import { buttonClasses } from "@/components/button";
import { EmptyState } from "@/components/empty-state";
import { ListIcon } from "@/components/icons";
import { PageHeader } from "@/components/page-header";
import { Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow } from "@/components/table";
import { listAuditActions, listAuditEntries, type AuditEntryView, type AuditFilter, type AuditOutcomeFilter } from "@/lib/audit/queries";
import { canViewAuditLog } from "@/lib/auth/permissions";
import { requireStaff } from "@/lib/auth/session";
import { redirect } from "next/navigation";
import { AuditFilters } from "./audit-filters";

export const metadata: Metadata = { title: "Audit log" };

const OUTCOME_TONE: Record<AuditOutcomeFilter, BadgeTone> = { Success: "success", Denied: "warning", Failed: "danger" };
const ACTOR_WORDS = { Worker: "Background worker", InvitedUser: "Invited user", System: "Guestpass" } as const;

type SearchParams = Record<string, string | string[] | undefined>;
const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) || undefined;

function filterFrom(params: SearchParams): AuditFilter {
  const outcome = one(params.outcome);
  return {
    actor: one(params.actor),
    action: one(params.action),
    target: one(params.target),
    outcome: outcome === "Success" || outcome === "Denied" || outcome === "Failed" ? outcome : undefined,
    from: one(params.from),
    to: one(params.to),
    cursor: one(params.cursor),
  };
}

function hrefWith(filter: AuditFilter, cursor: string): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...filter, cursor })) if (typeof value === "string" && value) params.set(key, value);
  return `/audit?${params}`;
}

function targetHref(entry: AuditEntryView): string | null {
  if (!entry.targetId) return null;
  if (entry.targetType === "invitation") return `/invitations/${entry.targetId}`;
  if (entry.targetType === "bulk_invite_run") return `/invitations/bulk/${entry.targetId}`;
  return null;
}

/** A few facts from the entry's detail, e.g. email=ada@… userType=Guest. */
function detailSummary(detail: AuditEntryView["detail"]): string {
  if (!detail || typeof detail !== "object" || Array.isArray(detail)) return "";
  return Object.entries(detail)
    .filter(([, value]) => value !== null && ["string", "number", "boolean"].includes(typeof value))
    .slice(0, 4)
    .map(([key, value]) => `${key}: ${String(value)}`)
    .join(" · ");
}

export default async function AuditPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const staff = await requireStaff("/audit");
  if (!canViewAuditLog(staff)) redirect("/no-access");
  const filter = filterFrom(await searchParams);
  const [page, actions] = await Promise.all([listAuditEntries(filter), listAuditActions()]);
  const filtered = Boolean(filter.actor || filter.action || filter.target || filter.outcome || filter.from || filter.to);

  return (
    <>
      <PageHeader title="Audit log" description="Who did what, to whom, and with what outcome: every staff action and every security-relevant event." />
      <div className="space-y-5">
        {/* Keyed by the filter so a navigation (e.g. "Clear") resets the form's fields to the URL's. */}
        <AuditFilters key={JSON.stringify({ ...filter, cursor: undefined })} values={filter} actions={actions} />
        {page.entries.length === 0 ? (
          <EmptyState
            icon={<ListIcon />}
            title={filtered ? "No entries match" : "Nothing recorded yet"}
            description={filtered ? "Widen the date range or clear a filter." : "Sign-ins, invitations, resends and revocations appear here as they happen."}
          />
        ) : (
          <>
            <Table aria-label="Audit entries">
              <TableHead>
                <tr>
                  <TableHeaderCell>When</TableHeaderCell>
                  <TableHeaderCell>Actor</TableHeaderCell>
                  <TableHeaderCell>Action</TableHeaderCell>
                  <TableHeaderCell>Target</TableHeaderCell>
                  <TableHeaderCell>Outcome</TableHeaderCell>
                  <TableHeaderCell className="hidden xl:table-cell">Details</TableHeaderCell>
                </tr>
              </TableHead>
              <TableBody>
                {page.entries.map((entry) => {
                  const href = targetHref(entry);
                  return (
                    <TableRow key={entry.id} data-testid="audit-entry" data-action={entry.action} data-outcome={entry.outcome}>
                      <TableCell className="whitespace-nowrap text-ink-muted">
                        <time dateTime={entry.createdAt.toISOString()} title={`${entry.createdAt.toISOString()}`}>
                          <span className="block tabular-nums text-ink">{entry.createdAt.toISOString().slice(11, 19)}</span>
                          <span className="block text-xs">{entry.createdAt.toISOString().slice(0, 10)} UTC</span>
                        </time>
                      </TableCell>
                      <TableCell className="max-w-56">
                        <span className="block truncate">{entry.actorEmail ?? (entry.actorType === "Staff" ? "Staff member" : ACTOR_WORDS[entry.actorType])}</span>
                        {entry.actorRole ? <span className="block text-xs text-ink-muted">{entry.actorRole.replace("Guestpass.", "")}</span> : null}
                      </TableCell>
                      <TableCell><code className="text-xs">{entry.action}</code></TableCell>
                      <TableCell className="max-w-48 text-xs">
                        {entry.targetType ? <span className="text-ink-muted">{entry.targetType} </span> : null}
                        {href ? (
                          <Link href={href} className="font-mono text-accent hover:underline" title={entry.targetId ?? undefined}>{entry.targetId?.slice(0, 8)}…</Link>
                        ) : entry.targetId ? (
                          <span className="font-mono" title={entry.targetId}>{entry.targetId.slice(0, 8)}…</span>
                        ) : null}
                      </TableCell>
                      <TableCell><Badge tone={OUTCOME_TONE[entry.outcome]}>{entry.outcome}</Badge></TableCell>
                      <TableCell className="hidden max-w-64 truncate text-xs text-ink-muted xl:table-cell" title={detailSummary(entry.detail)}>
                        {detailSummary(entry.detail)}
                        {entry.correlationId ? <span className="block font-mono">ref {entry.correlationId.slice(0, 8)}</span> : null}
                      </TableCell>
                    </TableRow>
                  );
                })}
              </TableBody>
            </Table>
            <nav aria-label="Pages" className="flex justify-end gap-2">
              {filter.cursor ? <Link href={hrefWith({ ...filter, cursor: undefined }, "")} className={buttonClasses("secondary", "sm")}>← Newest</Link> : null}
              {page.nextCursor ? <Link href={hrefWith(filter, page.nextCursor)} className={buttonClasses("secondary", "sm")} rel="next">Older →</Link> : null}
            </nav>
          </>
        )}
      </div>
    </>
  );
}
