"use client";
// Keeps a server-rendered page current: listens to /api/invitations/stream and re-renders the page
// (router.refresh, which re-runs the server components and keeps client state) when something it
// shows has changed. One refresh at a time: a change that arrives while a refresh is in flight
// marks the page dirty and is fetched right after, so a burst (a bulk run) neither floods the
// server nor cancels refreshes before they land (which would freeze a slow page until the end).
import clsx from "clsx";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef, useState, useTransition } from "react";

type LiveState = "connecting" | "live" | "reconnecting";

/** Breathing room between two refreshes during a burst of changes. */
const MIN_GAP_MS = 400;
/** A refresh that never reports back (navigation away, dropped request) stops blocking after this. */
const STUCK_MS = 15_000;
/** Pause before opening a new stream after the server refused one (503 during a database outage). */
const REOPEN_MIN_MS = 3_000;
const REOPEN_MAX_MS = 15_000;

export interface LiveRefreshProps {
  /** Only changes of this invitation. */
  invitationId?: string;
  /** Only changes of this bulk run (and its invitations). */
  bulkRunId?: string;
  /** Stop listening (e.g. a finished bulk run). */
  disabled?: boolean;
}

export function LiveRefresh({ invitationId, bulkRunId, disabled = false }: LiveRefreshProps) {
  const router = useRouter();
  const [state, setState] = useState<LiveState>("connecting");
  const [refreshing, startTransition] = useTransition();
  const dirty = useRef(false);
  const inFlight = useRef(false);
  const gapTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const stuckTimer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const refreshNow = useCallback(() => {
    dirty.current = false;
    inFlight.current = true;
    if (stuckTimer.current) clearTimeout(stuckTimer.current);
    // Unblocks the next change; the one that is pending now is fetched by it.
    stuckTimer.current = setTimeout(() => {
      inFlight.current = false;
    }, STUCK_MS);
    startTransition(() => router.refresh());
  }, [router]);

  const changed = useCallback(() => {
    dirty.current = true;
    if (!inFlight.current && !gapTimer.current) refreshNow();
  }, [refreshNow]);

  // A refresh has landed: fetch again if more changes came in meanwhile.
  useEffect(() => {
    if (refreshing || !inFlight.current) return;
    inFlight.current = false;
    if (stuckTimer.current) clearTimeout(stuckTimer.current);
    if (dirty.current && !gapTimer.current) {
      gapTimer.current = setTimeout(() => {
        gapTimer.current = null;
        if (dirty.current && !inFlight.current) refreshNow();
      }, MIN_GAP_MS);
    }
  }, [refreshing, refreshNow]);

  useEffect(() => {
    if (disabled) return;
    const params = new URLSearchParams();
    if (invitationId) params.set("invitation", invitationId);
    if (bulkRunId) params.set("bulkRun", bulkRunId);
    const url = `/api/invitations/stream${params.size > 0 ? `?${params}` : ""}`;
    let source: EventSource | null = null;
    let reopenTimer: ReturnType<typeof setTimeout> | null = null;
    let reopenDelay = REOPEN_MIN_MS;
    const open = () => {
      reopenTimer = null;
      const current = new EventSource(url);
      source = current;
      current.addEventListener("ready", () => {
        reopenDelay = REOPEN_MIN_MS;
        setState("live");
        // Whatever changed between the server render and this subscription (or during a drop) was
        // not streamed to us, so read the page once now: a fast worker can beat the browser here.
        changed();
      });
      for (const name of ["invitation", "bulkRun", "resync"]) current.addEventListener(name, changed);
      current.onerror = () => {
        setState("reconnecting");
        // EventSource retries a dropped stream by itself, but gives up for good on an answer that is
        // not a stream (the 503 the server sends while the database is down): open a new one later.
        if (current.readyState === EventSource.CLOSED && !reopenTimer) {
          reopenTimer = setTimeout(open, reopenDelay);
          reopenDelay = Math.min(reopenDelay * 2, REOPEN_MAX_MS);
        }
      };
    };
    open();
    return () => {
      if (reopenTimer) clearTimeout(reopenTimer);
      source?.close();
      if (gapTimer.current) clearTimeout(gapTimer.current);
      if (stuckTimer.current) clearTimeout(stuckTimer.current);
      gapTimer.current = null;
    };
  }, [invitationId, bulkRunId, disabled, changed]);

  if (disabled) return null;
  const label = state === "live" ? "Live" : state === "connecting" ? "Connecting…" : "Reconnecting…";
  return (
    <span
      data-testid="live-indicator"
      data-live-state={state}
      role="status"
      title={state === "live" ? "This page updates by itself when a status changes." : "Live updates paused; retrying."}
      className="inline-flex items-center gap-1.5 text-xs font-medium text-ink-muted"
    >
      <span
        aria-hidden="true"
        className={clsx(
          "size-2 rounded-full",
          state === "live"
            ? "bg-emerald-500 motion-safe:animate-pulse"
            : state === "connecting"
              ? "bg-ink-muted/50"
              : "bg-amber-500",
        )}
      />
      {label}
    </span>
  );
}
