"use client";
// invited → accepted → consented as three proportional bars in plain SVG (no chart library for
// three numbers). Each stage shows its count and its share of the stage before it.
// A client component on purpose: its props are three labels and counts, where the drawn SVG (about
// 2.4 KB) would otherwise be written into the page's RSC payload beside its HTML.
export interface FunnelStage {
  label: string;
  count: number;
}

const WIDTH = 320;
const BAR_HEIGHT = 18;
const ROW_HEIGHT = 40;
const LABEL_HEIGHT = 14;

function share(part: number, whole: number): string {
  if (whole === 0) return "—";
  return `${Math.round((part / whole) * 100)}%`;
}

export function FunnelChart({ stages, title }: { stages: FunnelStage[]; title: string }) {
  const max = Math.max(1, ...stages.map((s) => s.count));
  const height = stages.length * ROW_HEIGHT;
  const summary = stages
    .map(
      (s, i) =>
        `${s.label}: ${s.count}${i > 0 ? ` (${share(s.count, stages[i - 1]!.count)} of ${stages[i - 1]!.label.toLowerCase()})` : ""}`,
    )
    .join("; ");
  return (
    <figure className="m-0">
      <figcaption className="sr-only">{`${title}. ${summary}`}</figcaption>
      <svg
        viewBox={`0 0 ${WIDTH} ${height}`}
        width="100%"
        role="img"
        aria-label={`${title}. ${summary}`}
        className="overflow-visible"
      >
        {stages.map((stage, i) => {
          const y = i * ROW_HEIGHT;
          const width = Math.max(stage.count > 0 ? 3 : 0, (stage.count / max) * WIDTH);
          const previous = i > 0 ? stages[i - 1]!.count : null;
          return (
            <g key={stage.label} data-stage={stage.label} data-count={stage.count}>
              <text x={0} y={y + LABEL_HEIGHT - 3} className="fill-ink-muted" fontSize="11">
                {stage.label}
              </text>
              <text
                x={WIDTH}
                y={y + LABEL_HEIGHT - 3}
                textAnchor="end"
                className="fill-ink"
                fontSize="11"
                fontWeight="600"
              >
                {stage.count.toLocaleString("en")}
                {previous !== null ? (
                  <tspan className="fill-ink-muted" fontWeight="400">{`  ${share(stage.count, previous)}`}</tspan>
                ) : null}
              </text>
              <rect
                x={0}
                y={y + LABEL_HEIGHT}
                width={WIDTH}
                height={BAR_HEIGHT}
                rx={4}
                className="fill-surface-muted"
              />
              <rect
                x={0}
                y={y + LABEL_HEIGHT}
                width={width}
                height={BAR_HEIGHT}
                rx={4}
                className="fill-accent"
                opacity={1 - i * 0.2}
              />
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
