import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/badge";
import { PageHeader } from "@/components/page-header";
import { Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow } from "@/components/table";
import { Timestamp } from "@/components/timestamp";
import { requireAdmin } from "@/lib/auth/session";
import { listRecentBulkRuns } from "@/lib/invitations/queries/bulk-runs";
import { runStatusDisplay } from "./run-status";
import { UploadForm } from "./upload-form";

export const metadata: Metadata = { title: "Bulk invite" };

export default async function BulkInvitePage() {
  await requireAdmin("/invitations/bulk");
  const runs = await listRecentBulkRuns(10);
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-3 text-xs text-ink-muted">
        <Link href="/invitations" className="hover:text-ink hover:underline">
          Invitations
        </Link>{" "}
        / <span className="text-ink">Bulk invite</span>
      </nav>
      <PageHeader
        title="Bulk invite"
        description="Invite many external users at once from a CSV. You see every row's check before anything is sent, then each row's outcome."
      />
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]">
        <section aria-label="Upload" className="rounded-lg border border-line bg-surface p-6 shadow-sm">
          <h2 className="mb-4 text-sm font-semibold text-ink">1. Upload a CSV</h2>
          <UploadForm />
        </section>
        <section aria-label="Recent runs" className="space-y-3">
          <h2 className="text-sm font-semibold text-ink">Recent runs</h2>
          {runs.length === 0 ? (
            <p className="rounded-lg border border-dashed border-line bg-surface px-4 py-8 text-center text-sm text-ink-muted">
              No bulk runs yet.
            </p>
          ) : (
            // Two columns, so the table fits beside the upload form at 1280 px: the file with its
            // size and time underneath, then its state. On a phone each run is a card.
            <Table aria-label="Recent bulk runs">
              <TableHead>
                <tr>
                  <TableHeaderCell>File</TableHeaderCell>
                  <TableHeaderCell className="text-right">State</TableHeaderCell>
                </tr>
              </TableHead>
              <TableBody>
                {runs.map((run) => {
                  const display = runStatusDisplay(run);
                  return (
                    <TableRow key={run.id}>
                      <TableCell className="w-full max-w-0 max-sm:w-full max-sm:max-w-full">
                        <Link
                          href={`/invitations/bulk/${run.id}`}
                          title={run.fileName}
                          className="block truncate font-medium hover:text-accent hover:underline"
                        >
                          {run.fileName}
                        </Link>
                        <span className="mt-0.5 block text-xs text-ink-muted">
                          <span className="tabular-nums">
                            {run.totalRows.toLocaleString("en")} row{run.totalRows === 1 ? "" : "s"}
                          </span>{" "}
                          · uploaded <Timestamp date={run.createdAt} />
                        </span>
                      </TableCell>
                      <TableCell className="whitespace-nowrap text-right max-sm:text-left">
                        <Badge tone={display.tone}>{display.label}</Badge>
                      </TableCell>
                    </TableRow>
                  );
                })}
              </TableBody>
            </Table>
          )}
        </section>
      </div>
    </>
  );
}
