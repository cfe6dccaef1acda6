// The frame of every public consent page: the shared card page with a tone badge, in the visitor's
// language, with the language switcher above the card. Server component.
import type { ReactNode } from "react";
import { CardPage } from "@/components/card-page";
import { GuestpassMark } from "@/components/icons";
import type { Locale } from "@/lib/shared/locales";
import { LanguageSwitcher } from "./language-switcher";

export interface ConsentPageFrame {
  locale: Locale;
  /** This page's path (and the query worth keeping), for the switcher's links. */
  path: string;
}

export function ConsentShell({ frame, title, children, tone = "neutral" }: { frame: ConsentPageFrame; title: string; children: ReactNode; tone?: "neutral" | "success" | "problem" }) {
  const badge = tone === "success" ? "bg-accent-soft text-accent" : tone === "problem" ? "bg-danger-soft text-danger" : null;
  const brand = (
    <div className="mb-8 flex flex-wrap items-center justify-between gap-3">
      <div className="flex items-center gap-2.5">
        <GuestpassMark />
        <span className="text-lg font-semibold tracking-tight">Guestpass</span>
      </div>
      <LanguageSwitcher locale={frame.locale} path={frame.path} />
    </div>
  );
  return (
    <CardPage labelledBy="consent-title" width="lg" lang={frame.locale} brand={brand} data-tone={tone}>
      {badge ? <div aria-hidden="true" className={`mb-4 inline-flex size-10 items-center justify-center rounded-full ${badge}`}>{tone === "success" ? "✓" : "!"}</div> : null}
      <h1 id="consent-title" className="text-xl font-semibold tracking-tight">
        {title}
      </h1>
      <div className="mt-3 space-y-3 text-sm leading-6 text-ink-muted">{children}</div>
    </CardPage>
  );
}
