// The frame of every public consent page: the company's brand (name, logo, support contact; the
// Guestpass mark where none is set) above the card, the language switcher beside it, a tone badge.
// Server component.
import type { ReactNode } from "react";
import { CardPage } from "@/components/card-page";
import { GuestpassMark } from "@/components/icons";
import { inviteeTranslator } from "@/lib/i18n/messages";
import type { BrandView } from "@/lib/shared/brand";
import type { Locale } from "@/lib/shared/locales";
import { LanguageSwitcher } from "./language-switcher";

export interface ConsentPageFrame {
  locale: Locale;
  /** This page's path (and the query worth keeping), for the switcher's links. */
  path: string;
  brand: BrandView;
}

export function ConsentShell({
  frame,
  title,
  children,
  tone = "neutral",
}: {
  frame: ConsentPageFrame;
  title: string;
  children: ReactNode;
  tone?: "neutral" | "success" | "problem";
}) {
  const badge =
    tone === "success" ? "bg-accent-soft text-accent" : tone === "problem" ? "bg-danger-soft text-danger" : null;
  const t = inviteeTranslator(frame.locale, "shell");
  const { brand } = frame;
  const header = (
    <div className="mb-8 flex flex-wrap items-center justify-between gap-3">
      <div className="flex min-w-0 items-center gap-2.5" data-testid="consent-brand">
        {brand.logoDataUrl ? (
          // eslint-disable-next-line @next/next/no-img-element -- a data: URL from the database, not an optimisable asset
          <img
            src={brand.logoDataUrl}
            alt={t("logoAlt", { company: brand.name })}
            className="h-10 w-auto max-w-40 object-contain"
          />
        ) : brand.configured ? null : (
          <GuestpassMark />
        )}
        <span className="truncate text-lg font-semibold tracking-tight">{brand.name}</span>
      </div>
      <LanguageSwitcher locale={frame.locale} path={frame.path} />
    </div>
  );
  const contact = brand.supportEmail || brand.supportUrl;
  const footer = contact ? (
    <p className="mt-6 text-center text-sm text-ink-muted" data-testid="consent-support">
      {t("needHelp", { company: brand.name })}{" "}
      {brand.supportEmail ? (
        <a className="font-medium text-accent underline-offset-2 hover:underline" href={`mailto:${brand.supportEmail}`}>
          {brand.supportEmail}
        </a>
      ) : null}
      {brand.supportEmail && brand.supportUrl ? " · " : null}
      {brand.supportUrl ? (
        <a
          className="font-medium text-accent underline-offset-2 hover:underline"
          href={brand.supportUrl}
          rel="noopener noreferrer"
        >
          {new URL(brand.supportUrl).host}
        </a>
      ) : null}
    </p>
  ) : null;
  return (
    <CardPage labelledBy="consent-title" width="lg" lang={frame.locale} brand={header} footer={footer} data-tone={tone}>
      {badge ? (
        <div
          aria-hidden="true"
          className={`mb-4 inline-flex size-10 items-center justify-center rounded-full ${badge}`}
        >
          {tone === "success" ? "✓" : "!"}
        </div>
      ) : null}
      <h1 id="consent-title" className="text-xl font-semibold tracking-tight">
        {title}
      </h1>
      <div className="mt-3 space-y-3 text-sm leading-6 text-ink-muted">{children}</div>
    </CardPage>
  );
}
