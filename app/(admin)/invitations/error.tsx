"use client";
// When an invitations page fails to render: say so calmly, offer a retry, and give the reference
// (Next's digest) that matches the server log line. Never the error's own message.
import { useEffect } from "react";
import { Button } from "@/components/button";

export default function InvitationsError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <div role="alert" className="rounded-lg border border-line bg-surface px-6 py-12 text-center shadow-sm">
      <h2 className="text-base font-semibold text-ink">This page could not be loaded</h2>
      <p className="mx-auto mt-1.5 max-w-md text-sm text-ink-muted">
        Guestpass could not read the invitations just now. Try again; if it keeps happening, the database or the server may be down.
      </p>
      {error.digest ? <p className="mt-2 text-xs text-ink-muted">Reference: <code>{error.digest}</code></p> : null}
      <Button className="mt-5" onClick={reset}>
        Try again
      </Button>
    </div>
  );
}
