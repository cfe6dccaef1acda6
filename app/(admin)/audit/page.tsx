import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { buttonClasses } from "@/components/button";
import { EmptyState } from "@/components/empty-state";
import { ListIcon } from "@/components/icons";
import { PageHeader } from "@/components/page-header";
import { Table, TableBody, TableHead, TableHeaderCell } from "@/components/table";
import { auditActionLabel } from "@/lib/audit/actions";
import { auditFilterQuery, isFiltered, parseAuditFilter } from "@/lib/audit/filter";
import { listAuditActions, listAuditEntries } from "@/lib/audit/queries";
import { canViewAuditLog } from "@/lib/auth/permissions";
import { requireStaff } from "@/lib/auth/session";
import { AuditEntryRow } from "./audit-entry-row";
import { AuditFilters } from "./audit-filters";

export const metadata: Metadata = { title: "Audit log" };

type SearchParams = Record<string, string | string[] | undefined>;
const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

export default async function AuditPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const staff = await requireStaff("/audit");
  if (!canViewAuditLog(staff)) redirect("/no-access");
  const params = await searchParams;
  const filter = parseAuditFilter((name) => one(params[name]));
  const [page, actions] = await Promise.all([listAuditEntries(filter), listAuditActions()]);
  const filtered = isFiltered(filter);
  const actionOptions = actions
    .map((action) => ({ value: action, label: auditActionLabel(action) }))
    .sort((a, b) => a.label.localeCompare(b.label));
  const exportQuery = auditFilterQuery(filter);

  return (
    <>
      <PageHeader
        title="Audit log"
        description="Who did what, to whom, and with what outcome: every staff action and every security-relevant event."
        actions={
          <a
            href={`/audit/export.csv${exportQuery ? `?${exportQuery}` : ""}`}
            download
            className={buttonClasses("secondary", "sm")}
            data-testid="audit-export"
          >
            {filtered ? "Export these entries (CSV)" : "Export all (CSV)"}
          </a>
        }
      />
      <div className="space-y-5">
        {/* Keyed by the filter so a navigation (e.g. "Clear") resets the form's fields to the URL's. */}
        <AuditFilters key={exportQuery} values={filter} actions={actionOptions} />
        {page.entries.length === 0 ? (
          <EmptyState
            icon={<ListIcon />}
            title={filtered ? "No entries match" : "Nothing recorded yet"}
            description={
              filtered
                ? "Widen the date range or clear a filter."
                : "Sign-ins, invitations, resends and revocations appear here as they happen."
            }
          />
        ) : (
          <>
            <Table aria-label="Audit entries" className="table-fixed sm:table-auto">
              <TableHead>
                <tr>
                  <TableHeaderCell className="w-32 sm:w-auto">When</TableHeaderCell>
                  <TableHeaderCell className="hidden sm:table-cell">Actor</TableHeaderCell>
                  <TableHeaderCell>Action</TableHeaderCell>
                  <TableHeaderCell className="hidden sm:table-cell">Target</TableHeaderCell>
                  <TableHeaderCell className="hidden sm:table-cell">Outcome</TableHeaderCell>
                  <TableHeaderCell className="hidden 2xl:table-cell">Details</TableHeaderCell>
                </tr>
              </TableHead>
              <TableBody>
                {page.entries.map((entry) => (
                  <AuditEntryRow key={entry.id} entry={entry} />
                ))}
              </TableBody>
            </Table>
            <nav aria-label="Pages" className="flex justify-end gap-2">
              {filter.cursor ? (
                <Link
                  href={`/audit${exportQuery ? `?${exportQuery}` : ""}`}
                  className={buttonClasses("secondary", "sm")}
                >
                  ← Newest
                </Link>
              ) : null}
              {page.nextCursor ? (
                <Link
                  href={`/audit?${auditFilterQuery(filter, page.nextCursor)}`}
                  className={buttonClasses("secondary", "sm")}
                  rel="next"
                >
                  Older →
                </Link>
              ) : null}
            </nav>
          </>
        )}
      </div>
    </>
  );
}
