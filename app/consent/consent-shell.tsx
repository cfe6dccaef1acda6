// The frame of every public consent page: the Guestpass mark and one card. Server component.
import type { ReactNode } from "react";
import { GuestpassMark } from "@/components/icons";

export function ConsentShell({ title, children, tone = "neutral" }: { title: string; children: ReactNode; tone?: "neutral" | "success" | "problem" }) {
  const badge = tone === "success" ? "bg-accent-soft text-accent" : tone === "problem" ? "bg-danger-soft text-danger" : null;
  return (
    <main className="flex min-h-dvh items-center justify-center bg-canvas px-4 py-12">
      <div className="w-full max-w-lg">
        <div className="mb-8 flex items-center justify-center gap-2.5">
          <GuestpassMark />
          <span className="text-lg font-semibold tracking-tight">Guestpass</span>
        </div>
        <section aria-labelledby="consent-title" className="rounded-xl border border-line bg-surface p-8 shadow-sm" data-tone={tone}>
          {badge ? <div aria-hidden="true" className={`mb-4 inline-flex size-10 items-center justify-center rounded-full ${badge}`}>{tone === "success" ? "✓" : "!"}</div> : null}
          <h1 id="consent-title" className="text-xl font-semibold tracking-tight">
            {title}
          </h1>
          <div className="mt-3 space-y-3 text-sm leading-6 text-ink-muted">{children}</div>
        </section>
      </div>
    </main>
  );
}
