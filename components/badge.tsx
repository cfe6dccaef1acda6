import type { ReactNode } from "react";

export type BadgeTone = "neutral" | "info" | "progress" | "success" | "warning" | "danger";

export function Badge({ tone = "neutral", children }: { tone?: BadgeTone; children: ReactNode }) {
  return (
    <span
      // Its look: app/globals.css (gp-badge, one class per tone).
      className={`gp-badge gp-badge-${tone}`}
    >
      {children}
    </span>
  );
}
