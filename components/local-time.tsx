"use client";
// The portal's one way to write a moment: "2 Dec 2026, 17:35:12 GMT+1", in the viewer's time zone.
// The server cannot know that zone, so the server's markup (and the first render in the browser,
// which must match it) uses UTC, named as such; right after hydration the browser re-renders in
// its own zone. No cookie, no flash of a wrong zone presented as local.
import { useSyncExternalStore } from "react";
import { useHydrated } from "./use-hydrated";

export type DateTimePart = "datetime" | "date" | "time";

const OPTIONS: Record<DateTimePart, Intl.DateTimeFormatOptions> = {
  datetime: {
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    timeZoneName: "short",
  },
  date: { day: "numeric", month: "short", year: "numeric" },
  time: { hour: "2-digit", minute: "2-digit", timeZoneName: "short" },
};

const formatters = new Map<string, Intl.DateTimeFormat>();

/** A moment as the portal writes it, in the given IANA time zone ("UTC" when unknown). */
export function formatDateTime(date: Date, timeZone: string, part: DateTimePart = "datetime"): string {
  const key = `${part}|${timeZone}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-GB", { ...OPTIONS[part], timeZone });
    formatters.set(key, formatter);
  }
  return formatter.format(date);
}

const subscribe = () => () => {};
const browserTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";

/** The viewer's time zone in the browser; "UTC" on the server and while hydrating. */
export function useViewerTimeZone(): string {
  return useSyncExternalStore(subscribe, browserTimeZone, () => "UTC");
}

/**
 * A <time> in the viewer's zone. `text` replaces the visible wording (e.g. "5 min ago", worked out
 * by the server so hydration matches); the exact moment is then on hover. The hover text is added
 * once the page has hydrated: the server's would be UTC, replaced at once, and lists show a few of
 * these per row (about 35 bytes each in every page's HTML).
 */
export function LocalTime({
  date,
  part = "datetime",
  text,
  wrap = false,
}: {
  date: Date | string;
  part?: DateTimePart;
  text?: string;
  wrap?: boolean;
}) {
  const timeZone = useViewerTimeZone();
  const hydrated = useHydrated();
  const moment = typeof date === "string" ? new Date(date) : date;
  const exact = formatDateTime(moment, timeZone, "datetime");
  return (
    <time
      dateTime={moment.toISOString()}
      title={hydrated ? exact : undefined}
      className={wrap ? "tabular-nums" : "gp-time"}
    >
      {text ?? formatDateTime(moment, timeZone, part)}
    </time>
  );
}
