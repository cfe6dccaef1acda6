"use client";
// What a page shows when it could not be rendered (the error.tsx boundaries): a database outage gets
// its own words (recognised by the digest lib/shared/database-unavailable.ts stamps on it, the only part of a
// server error that reaches the browser in production); anything else a calm generic message.
// Both give Next's digest as the reference that matches the server log, never the error's message.
import { useEffect, type ReactNode } from "react";
import { Button } from "@/components/button";
import { CardPage } from "@/components/card-page";
import { isDatabaseUnavailableDigest } from "@/lib/shared/database-unavailable";

export interface PageErrorProps {
  error: Error & { digest?: string };
  reset: () => void;
  /** Next 16: refresh the server components, then reset (what "Try again" should do). */
  retry?: () => void;
}

/** How often a page that met a database outage tries again by itself. */
const OUTAGE_RETRY_MS = 10_000;

/**
 * A page showing an outage tries again by itself, so that an open page (the live invitations list,
 * an invited user waiting on their consent page) comes back when the database does, with no click.
 * Stops when the page renders again (this boundary is unmounted).
 */
function useRetryWhileUnavailable(outage: boolean, again: () => void) {
  useEffect(() => {
    if (!outage) return;
    const timer = setInterval(again, OUTAGE_RETRY_MS);
    return () => clearInterval(timer);
  }, [outage, again]);
}

function Reference({ digest }: { digest?: string }) {
  return digest ? (
    <p className="mt-2 text-xs text-ink-muted">
      Reference: <code>{digest}</code>
    </p>
  ) : null;
}

/** Inside the staff shell: a panel in place of the page. `what` names what could not be read. */
export function StaffPageError({
  error,
  reset,
  retry,
  what,
  fallback,
}: PageErrorProps & { what: string; fallback: { title: string; body: ReactNode } }) {
  const outage = isDatabaseUnavailableDigest(error.digest);
  useRetryWhileUnavailable(outage, retry ?? reset);
  return (
    <div
      role="alert"
      data-testid={outage ? "database-unavailable" : "page-error"}
      className="rounded-lg border border-line bg-surface px-6 py-12 text-center shadow-sm"
    >
      <h2 className="text-base font-semibold text-ink">{outage ? "The database is unavailable" : fallback.title}</h2>
      <p className="mx-auto mt-1.5 max-w-md text-sm text-ink-muted">
        {outage
          ? `Guestpass cannot reach its database right now, so ${what} cannot be shown. Nothing is lost: queued invitations are sent once it is back. This page tries again by itself every few seconds.`
          : fallback.body}
      </p>
      <Reference digest={error.digest} />
      <Button className="mt-5" onClick={retry ?? reset}>
        Try again
      </Button>
    </div>
  );
}

/**
 * Outside the staff shell (the invited user's consent pages, and the root boundary, which cannot
 * know who is looking): the card page. An invited user learns that their link still works.
 */
export function PublicPageError({ error, reset, retry }: PageErrorProps) {
  const outage = isDatabaseUnavailableDigest(error.digest);
  useRetryWhileUnavailable(outage, retry ?? reset);
  return (
    <CardPage
      labelledBy="page-error-title"
      width="lg"
      role="alert"
      data-testid={outage ? "database-unavailable" : "page-error"}
    >
      <div
        aria-hidden="true"
        className="mb-4 inline-flex size-10 items-center justify-center rounded-full bg-danger-soft text-danger"
      >
        !
      </div>
      <h1 id="page-error-title" className="text-xl font-semibold tracking-tight">
        {outage ? "Guestpass is temporarily unavailable" : "Something went wrong on our side"}
      </h1>
      <div className="mt-3 space-y-3 text-sm leading-6 text-ink-muted">
        {outage ? (
          <p>
            We cannot reach our database for a moment, so this page cannot be shown. Nothing was used up: if you came
            from a link in an email, that link still works. This page tries again by itself; you can also come back in a
            minute.
          </p>
        ) : (
          <p>
            This page could not be shown. Please try again in a few minutes; if it keeps happening, quote the reference
            below.
          </p>
        )}
        <Reference digest={error.digest} />
      </div>
      <Button className="mt-6" onClick={retry ?? reset}>
        Try again
      </Button>
    </CardPage>
  );
}
