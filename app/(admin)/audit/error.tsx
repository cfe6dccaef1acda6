"use client";
// When the audit log fails to render: a calm message, a retry, and the reference for the server log.
import { Button } from "@/components/button";

export default function AuditError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div role="alert" className="rounded-lg border border-line bg-surface px-6 py-12 text-center shadow-sm">
      <h2 className="text-base font-semibold text-ink">The audit log could not be loaded</h2>
      <p className="mx-auto mt-1.5 max-w-md text-sm text-ink-muted">Try again; if it keeps happening, the database may be unreachable.</p>
      {error.digest ? <p className="mt-2 text-xs text-ink-muted">Reference: <code>{error.digest}</code></p> : null}
      <Button className="mt-5" onClick={reset}>
        Try again
      </Button>
    </div>
  );
}
