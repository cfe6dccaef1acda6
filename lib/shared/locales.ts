// The languages the invited person's pages and mails come in, and how one is chosen for a visitor.
// Client-safe: the language switcher and the invite form use it too.

export const LOCALES = ["en", "zh-CN"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "en";

/** Each language's name in itself, for the switcher. */
export const LOCALE_NAMES: Record<Locale, string> = { en: "English", "zh-CN": "简体中文" };

/** The query parameter the switcher sets, and the cookie that keeps the choice for the next page. */
export const LOCALE_QUERY_PARAM = "lang";
export const LOCALE_COOKIE = "guestpass-locale";

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

/**
 * The supported language a BCP 47 tag asks for, or null: any English ("en", "en-GB") is English;
 * Chinese counts as Simplified Chinese unless it names the Traditional script or a region that writes
 * it (zh-Hant, zh-TW, zh-HK, zh-MO), which this portal does not offer.
 */
export function supportedLocale(tag: string | null | undefined): Locale | null {
  if (!tag) return null;
  const parts = tag.trim().toLowerCase().replace(/_/g, "-").split("-");
  const [language, ...rest] = parts;
  if (language === "en") return "en";
  if (language === "zh") {
    if (rest.includes("hant") || rest.some((part) => part === "tw" || part === "hk" || part === "mo")) return null;
    return "zh-CN";
  }
  return null;
}

/** The first supported language of an Accept-Language header, by its q-values (q=0 refuses). */
export function localeFromAcceptLanguage(header: string | null | undefined): Locale | null {
  if (!header) return null;
  const ranges = header
    .slice(0, 1000)
    .split(",")
    .map((part, index) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((param) => /^\s*q=([0-9.]+)\s*$/i.exec(param)?.[1]).find((value) => value !== undefined);
      return { tag: tag.trim(), q: q === undefined ? 1 : Number(q), index };
    })
    .filter((range) => range.tag && Number.isFinite(range.q) && range.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const range of ranges) {
    const locale = supportedLocale(range.tag);
    if (locale) return locale;
  }
  return null;
}

/**
 * The language of an invited person's page: the one they picked with the switcher, else the
 * invitation's language (set by staff), else their browser's Accept-Language, else English.
 */
export function chooseInviteeLocale(input: {
  picked?: string | null;
  invitation?: string | null;
  acceptLanguage?: string | null;
}): Locale {
  if (isLocale(input.picked)) return input.picked;
  return supportedLocale(input.invitation) ?? localeFromAcceptLanguage(input.acceptLanguage) ?? DEFAULT_LOCALE;
}
