import type { Metadata } from "next";
import clsx from "clsx";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Badge } from "@/components/badge";
import { buttonClasses } from "@/components/button";
import { LiveRefresh } from "@/components/live-refresh";
import { PageHeader } from "@/components/page-header";
import { ProgressBar } from "@/components/progress-bar";
import { Timestamp } from "@/components/timestamp";
import { requireAdmin } from "@/lib/auth/session";
import {
  getBulkRunProgress,
  listBulkRunRows,
  type BulkFileLayout,
  type BulkRowFilter,
} from "@/lib/invitations/queries/bulk-runs";
import { runStatusDisplay } from "../run-status";
import { ConfirmRun, DiscardRun, ResumeRun } from "./confirm-run";
import { FileLayout } from "./file-layout";
import { RowsTable } from "./rows-table";

export const metadata: Metadata = { title: "Bulk run" };

const ROW_LIMIT = 1000;
const FILTERS: Array<{ key: BulkRowFilter | undefined; label: string }> = [
  { key: undefined, label: "All" },
  { key: "Invited", label: "Invited" },
  { key: "Existing", label: "Already existing" },
  { key: "Failed", label: "Failed" },
  { key: "Pending", label: "Waiting" },
];

export default async function BulkRunPage({
  params,
  searchParams,
}: {
  params: Promise<{ runId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { runId } = await params;
  await requireAdmin(`/invitations/bulk/${runId}`);
  const run = await getBulkRunProgress(runId);
  if (!run) notFound();
  const show = (await searchParams).show;
  const filter = FILTERS.find((f) => f.key === show)?.key;
  const display = runStatusDisplay(run);
  const preview = run.status === "Queued" && !run.confirmedAt;
  const finished = run.status === "Completed" || run.status === "Failed";
  const pending = run.totalRows - run.processed;

  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-3 text-xs text-ink-muted">
        <Link href="/invitations" className="hover:text-ink hover:underline">
          Invitations
        </Link>{" "}
        /{" "}
        <Link href="/invitations/bulk" className="hover:text-ink hover:underline">
          Bulk invite
        </Link>{" "}
        / <span className="text-ink">{run.fileName}</span>
      </nav>
      <PageHeader
        title={run.fileName}
        description={
          <>
            Uploaded <Timestamp date={run.createdAt} />
            {run.createdBy ? ` by ${run.createdBy.name ?? run.createdBy.email}` : ""} ·{" "}
            {run.totalRows.toLocaleString("en")} rows
          </>
        }
        actions={
          <>
            <LiveRefresh bulkRunId={run.id} disabled={finished || preview} />
            <span
              data-testid="bulk-run-state"
              data-status={run.status}
              data-confirmed={run.confirmedAt ? "true" : "false"}
            >
              <Badge tone={display.tone}>{display.label}</Badge>
            </span>
          </>
        }
      />

      {preview ? (
        <PreviewSection
          runId={run.id}
          fileName={run.fileName}
          layout={run.fileLayout}
          total={run.totalRows}
          skipped={run.failedCount}
        />
      ) : (
        <section aria-label="Progress" className="space-y-4 rounded-lg border border-line bg-surface p-5 shadow-sm">
          <ProgressBar
            label={
              run.status === "Failed"
                ? "Stopped"
                : finished
                  ? "Done"
                  : run.status === "Running"
                    ? "Sending invitations"
                    : "Waiting for the worker"
            }
            total={run.totalRows}
            segments={[
              { label: "Invited", value: run.invitedCount, className: "bg-emerald-500" },
              { label: "Already existing", value: run.existingCount, className: "bg-sky-500" },
              { label: "Failed", value: run.failedCount, className: "bg-red-500" },
            ]}
          />
          <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4" data-testid="bulk-counts">
            <Count label="Invited" value={run.invitedCount} testId="count-invited" />
            <Count label="Already existing" value={run.existingCount} testId="count-existing" />
            <Count
              label="Failed"
              value={run.failedCount}
              testId="count-failed"
              tone={run.failedCount > 0 ? "danger" : undefined}
            />
            <Count label="Waiting" value={pending} testId="count-pending" />
          </dl>
          {run.status === "Failed" ? (
            <>
              <p
                role="alert"
                data-testid="bulk-stopped"
                className="rounded-md bg-danger-soft px-3 py-2 text-sm text-danger"
              >
                The run stopped early{run.stopCode ? ` (${run.stopCode})` : ""}:{" "}
                {run.stopReason ?? "Microsoft refused further invitations."} Rows marked “Waiting” were not sent.
              </p>
              <ResumeRun runId={run.id} untried={pending} />
            </>
          ) : null}
          {!finished ? (
            <p className="text-xs text-ink-muted">
              You can leave or reload this page; the run continues in the background and this address always shows where
              it stands.
            </p>
          ) : (
            <p className="text-xs text-ink-muted">
              {run.status === "Failed" ? "Stopped" : "Finished"}{" "}
              {run.completedAt ? <Timestamp date={run.completedAt} /> : null}.
            </p>
          )}
        </section>
      )}

      {!preview ? <ResultsSection runId={run.id} filter={filter} finished={finished} /> : null}
    </>
  );
}

async function PreviewSection({
  runId,
  fileName,
  layout,
  total,
  skipped,
}: {
  runId: string;
  fileName: string;
  layout: BulkFileLayout | null;
  total: number;
  skipped: number;
}) {
  // Problems first: those are what the admin must look at before sending.
  const [problems, ready] = await Promise.all([
    listBulkRunRows(runId, { outcome: "Failed", limit: ROW_LIMIT }),
    listBulkRunRows(runId, { outcome: "Pending", limit: ROW_LIMIT }),
  ]);
  const rows = [...problems, ...ready].slice(0, ROW_LIMIT);
  return (
    <div className="space-y-5">
      <section aria-label="Check" className="space-y-4 rounded-lg border border-line bg-surface p-5 shadow-sm">
        <h2 className="text-sm font-semibold text-ink">2. Check the rows, then send</h2>
        <dl className="grid grid-cols-3 gap-3">
          <Count label="Rows" value={total} />
          <Count label="Ready to send" value={total - skipped} testId="preview-ready" />
          <Count
            label="With problems"
            value={skipped}
            testId="preview-problems"
            tone={skipped > 0 ? "danger" : undefined}
          />
        </dl>
        {layout ? <FileLayout layout={layout} /> : null}
        <ConfirmRun runId={runId} validRows={total - skipped} />
      </section>
      <DiscardRun runId={runId} fileName={fileName} />
      <RowsTable rows={rows} mode="preview" />
      {total > rows.length ? (
        <p className="text-xs text-ink-muted">
          Showing the first {rows.length.toLocaleString("en")} rows (problems first).
        </p>
      ) : null}
    </div>
  );
}

async function ResultsSection({
  runId,
  filter,
  finished,
}: {
  runId: string;
  filter: BulkRowFilter | undefined;
  finished: boolean;
}) {
  const rows = await listBulkRunRows(runId, { outcome: filter, limit: ROW_LIMIT });
  return (
    <section aria-label="Results" className="mt-6 space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <nav aria-label="Filter rows" className="flex flex-wrap gap-1">
          {FILTERS.map((f) => (
            <Link
              key={f.label}
              href={f.key ? `/invitations/bulk/${runId}?show=${f.key}` : `/invitations/bulk/${runId}`}
              aria-current={filter === f.key ? "page" : undefined}
              className={clsx(
                "rounded-md px-2.5 py-1 text-xs font-medium",
                filter === f.key
                  ? "bg-accent-soft text-accent"
                  : "text-ink-muted hover:bg-surface-muted hover:text-ink",
              )}
            >
              {f.label}
            </Link>
          ))}
        </nav>
        <a href={`/invitations/bulk/${runId}/results.csv`} className={buttonClasses("secondary", "sm")} download>
          Download results (CSV){finished ? "" : " so far"}
        </a>
      </div>
      {rows.length > 0 ? (
        <RowsTable rows={rows} mode="results" />
      ) : (
        <p className="rounded-lg border border-dashed border-line bg-surface px-4 py-8 text-center text-sm text-ink-muted">
          No rows here.
        </p>
      )}
      {rows.length === ROW_LIMIT ? (
        <p className="text-xs text-ink-muted">
          Showing the first {ROW_LIMIT.toLocaleString("en")} rows; the CSV has them all.
        </p>
      ) : null}
    </section>
  );
}

function Count({ label, value, testId, tone }: { label: string; value: number; testId?: string; tone?: "danger" }) {
  return (
    <div className="rounded-md border border-line px-3 py-2">
      <dt className="text-xs text-ink-muted">{label}</dt>
      <dd
        data-testid={testId}
        className={clsx("text-lg font-semibold tabular-nums", tone === "danger" ? "text-danger" : "text-ink")}
      >
        {value.toLocaleString("en")}
      </dd>
    </div>
  );
}
