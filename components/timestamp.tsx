// A moment shown the way staff scan lists ("5 min ago"), with the exact UTC time on hover and in
// the markup. Rendered on the server; pages that update live re-render it with the rest.
const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ["year", 365 * 24 * 3600],
  ["month", 30 * 24 * 3600],
  ["week", 7 * 24 * 3600],
  ["day", 24 * 3600],
  ["hour", 3600],
  ["minute", 60],
];

const relative = new Intl.RelativeTimeFormat("en", { numeric: "auto", style: "short" });
const absolute = new Intl.DateTimeFormat("en-GB", {
  dateStyle: "medium",
  timeStyle: "medium",
  timeZone: "UTC",
});

export function formatRelative(date: Date, now: Date = new Date()): string {
  const seconds = Math.round((date.getTime() - now.getTime()) / 1000);
  if (Math.abs(seconds) < 45) return seconds > 0 ? "in a moment" : "just now";
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return relative.format(Math.round(seconds / size), unit);
  }
  return relative.format(Math.round(seconds / 60), "minute");
}

export function formatAbsolute(date: Date): string {
  return `${absolute.format(date)} UTC`;
}

export function Timestamp({ date, mode = "relative" }: { date: Date; mode?: "relative" | "absolute" }) {
  const exact = formatAbsolute(date);
  return (
    <time dateTime={date.toISOString()} title={exact} className="whitespace-nowrap tabular-nums">
      {mode === "relative" ? formatRelative(date) : exact}
    </time>
  );
}
