// A determinate progress bar (role="progressbar" with its numbers), segmented by outcome so the
// bar itself shows how the run is going, not only how far.
export interface ProgressSegment {
  label: string;
  value: number;
  className: string;
}

export function ProgressBar({ label, total, segments }: { label: string; total: number; segments: ProgressSegment[] }) {
  const done = segments.reduce((sum, s) => sum + s.value, 0);
  const percent = total > 0 ? Math.min(100, Math.round((done / total) * 100)) : 0;
  return (
    <div>
      <div className="mb-1.5 flex items-baseline justify-between text-xs">
        <span className="font-medium text-ink">{label}</span>
        <span className="tabular-nums text-ink-muted">
          {done.toLocaleString("en")} of {total.toLocaleString("en")} · {percent}%
        </span>
      </div>
      <div
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={done}
        aria-valuetext={`${done} of ${total} rows done`}
        className="flex h-3 w-full overflow-hidden rounded-full bg-surface-muted ring-1 ring-inset ring-line"
      >
        {segments.map((segment) =>
          segment.value > 0 ? (
            <div
              key={segment.label}
              title={`${segment.label}: ${segment.value}`}
              className={`${segment.className} h-full transition-[width] duration-500`}
              style={{ width: `${total > 0 ? (segment.value / total) * 100 : 0}%` }}
            />
          ) : null,
        )}
      </div>
    </div>
  );
}
