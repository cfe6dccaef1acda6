// The frame of every public consent page: the shared card page with a tone badge. Server component.
import type { ReactNode } from "react";
import { CardPage } from "@/components/card-page";

export function ConsentShell({ title, children, tone = "neutral" }: { title: string; children: ReactNode; tone?: "neutral" | "success" | "problem" }) {
  const badge = tone === "success" ? "bg-accent-soft text-accent" : tone === "problem" ? "bg-danger-soft text-danger" : null;
  return (
    <CardPage labelledBy="consent-title" width="lg" data-tone={tone}>
      {badge ? <div aria-hidden="true" className={`mb-4 inline-flex size-10 items-center justify-center rounded-full ${badge}`}>{tone === "success" ? "✓" : "!"}</div> : null}
      <h1 id="consent-title" className="text-xl font-semibold tracking-tight">
        {title}
      </h1>
      <div className="mt-3 space-y-3 text-sm leading-6 text-ink-muted">{children}</div>
    </CardPage>
  );
}
