// Shown while the audit log renders on the server: the page's shape, not a spinner.
export default function AuditLoading() {
  return (
    <div role="status" aria-label="Loading the audit log" className="animate-pulse space-y-5">
      <div className="space-y-2 border-b border-line pb-5">
        <div className="h-6 w-32 rounded bg-surface-muted" />
        <div className="h-4 w-96 max-w-full rounded bg-surface-muted" />
      </div>
      <div className="h-9 w-full rounded-md bg-surface-muted" />
      <div className="overflow-hidden rounded-lg border border-line bg-surface">
        {Array.from({ length: 8 }, (_, i) => (
          <div key={i} className="flex items-center gap-4 border-b border-line px-4 py-3.5 last:border-b-0">
            <div className="h-4 w-28 rounded bg-surface-muted" />
            <div className="h-4 w-48 rounded bg-surface-muted" />
            <div className="h-4 w-36 rounded bg-surface-muted" />
            <div className="ml-auto h-4 w-16 rounded-full bg-surface-muted" />
          </div>
        ))}
      </div>
      <span className="sr-only">Loading…</span>
    </div>
  );
}
