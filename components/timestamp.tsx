// A moment shown the way staff scan lists ("5 min ago") or exactly ("2 Dec 2026, 17:35:12 GMT+1"),
// always in the viewer's time zone with the exact time on hover (components/local-time.tsx). The
// relative wording is worked out where this renders (the server; live pages re-render it), or
// against a given `now` (a client component passes the server's, so its hydration matches).
import { LocalTime, type DateTimePart } from "./local-time";

const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ["year", 365 * 24 * 3600],
  ["month", 30 * 24 * 3600],
  ["week", 7 * 24 * 3600],
  ["day", 24 * 3600],
  ["hour", 3600],
  ["minute", 60],
];

const relative = new Intl.RelativeTimeFormat("en", { numeric: "auto", style: "short" });

export function formatRelative(date: Date, now: Date = new Date()): string {
  const seconds = Math.round((date.getTime() - now.getTime()) / 1000);
  if (Math.abs(seconds) < 45) return seconds > 0 ? "in a moment" : "just now";
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return relative.format(Math.round(seconds / size), unit);
  }
  return relative.format(Math.round(seconds / 60), "minute");
}

export function Timestamp({
  date,
  mode = "relative",
  now,
}: {
  date: Date;
  mode?: "relative" | DateTimePart | "absolute";
  now?: Date;
}) {
  if (mode === "relative") return <LocalTime date={date} text={formatRelative(date, now)} />;
  return <LocalTime date={date} part={mode === "absolute" ? "datetime" : mode} />;
}
