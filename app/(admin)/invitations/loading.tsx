"use client";
// A client component on purpose: its markup never changes, so it ships once in the cached client
// bundle instead of inside every invitations page's RSC payload (the page's loading boundary).
// Shown while an invitations page renders on the server: the page's shape, not a spinner.
export default function InvitationsLoading() {
  return (
    <div role="status" aria-label="Loading invitations" className="animate-pulse space-y-5">
      <div className="space-y-2 border-b border-line pb-5">
        <div className="h-6 w-40 rounded bg-surface-muted" />
        <div className="h-4 w-96 max-w-full rounded bg-surface-muted" />
      </div>
      <div className="grid gap-4 lg:grid-cols-[1fr_22rem]">
        <div className="h-32 rounded-lg border border-line bg-surface" />
        <div className="h-32 rounded-lg border border-line bg-surface" />
      </div>
      <div className="h-9 w-full rounded-md bg-surface-muted" />
      <div className="overflow-hidden rounded-lg border border-line bg-surface">
        {Array.from({ length: 8 }, (_, i) => (
          <div key={i} className="flex items-center gap-4 border-b border-line px-4 py-3.5 last:border-b-0">
            <div className="h-4 w-64 rounded bg-surface-muted" />
            <div className="h-4 w-24 rounded-full bg-surface-muted" />
            <div className="ml-auto h-4 w-20 rounded bg-surface-muted" />
          </div>
        ))}
      </div>
      <span className="sr-only">Loading…</span>
    </div>
  );
}
