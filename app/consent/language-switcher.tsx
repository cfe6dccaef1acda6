// The invited person's language choice: plain links (no script needed) that reload the page with
// `?lang=`; proxy.ts keeps the choice in a cookie for the pages that follow. Server component.
import { clsx } from "clsx";
import { inviteeTranslator } from "@/lib/i18n/messages";
import { LOCALE_NAMES, LOCALE_QUERY_PARAM, LOCALES, type Locale } from "@/lib/shared/locales";

function withLocale(path: string, locale: Locale): string {
  const url = new URL(path, "http://page.invalid");
  url.searchParams.set(LOCALE_QUERY_PARAM, locale);
  return `${url.pathname}${url.search}`;
}

export function LanguageSwitcher({ locale, path }: { locale: Locale; path: string }) {
  const t = inviteeTranslator(locale, "shell");
  return (
    <nav aria-label={t("language")} data-testid="language-switcher">
      <ul className="flex items-center gap-1 text-sm">
        {LOCALES.map((option) => (
          <li key={option}>
            <a
              href={withLocale(path, option)}
              lang={option}
              hrefLang={option}
              aria-current={option === locale ? "true" : undefined}
              className={clsx(
                "rounded-md px-2.5 py-1.5 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-accent",
                option === locale
                  ? "bg-surface-muted font-medium text-ink"
                  : "text-ink-muted hover:text-ink hover:underline",
              )}
            >
              {LOCALE_NAMES[option]}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
