"use client";
// Keeps a server-rendered page current: listens to /api/invitations/stream and re-renders the page
// (router.refresh, which re-runs the server components and keeps client state) when something it
// shows has changed. Bursts (a bulk run) are coalesced so the page refreshes at most every ~second.
import clsx from "clsx";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";

type LiveState = "connecting" | "live" | "reconnecting";

const COALESCE_MS = 800;

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

  useEffect(() => {
    if (disabled) return;
    const params = new URLSearchParams();
    if (invitationId) params.set("invitation", invitationId);
    if (bulkRunId) params.set("bulkRun", bulkRunId);
    const source = new EventSource(`/api/invitations/stream${params.size > 0 ? `?${params}` : ""}`);
    let timer: ReturnType<typeof setTimeout> | null = null;
    let pending = false;

    const refresh = () => {
      if (timer) {
        pending = true;
        return;
      }
      router.refresh();
      timer = setTimeout(() => {
        timer = null;
        if (pending) {
          pending = false;
          refresh();
        }
      }, COALESCE_MS);
    };

    source.addEventListener("ready", () => {
      setState("live");
      // Whatever changed between the server render and this subscription (or during a drop) was
      // not streamed to us, so read the page once now: a fast worker can beat the browser here.
      refresh();
    });
    for (const name of ["invitation", "bulkRun", "resync"]) source.addEventListener(name, refresh);
    source.onerror = () => setState("reconnecting");
    return () => {
      source.close();
      if (timer) clearTimeout(timer);
    };
  }, [router, invitationId, bulkRunId, disabled]);

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
          state === "live" ? "bg-emerald-500 motion-safe:animate-pulse" : state === "connecting" ? "bg-ink-muted/50" : "bg-amber-500",
        )}
      />
      {label}
    </span>
  );
}
