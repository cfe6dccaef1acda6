// What the invited person's pages share: the metadata: a title in their language, no Referer (the
// address may hold a consent token), not indexed.
import type { Metadata } from "next";
import { cache } from "react";
import { loadBrand } from "@/lib/brand/queries";
import { resolveConsentEntry, type ConsentEntryKey } from "@/lib/consent/links";
import { inviteeLocale } from "@/lib/i18n/invitee-locale";
import { inviteeTranslator } from "@/lib/i18n/messages";
import { BRAND_FALLBACK_NAME, type BrandView } from "@/lib/shared/brand";
import { isDatabaseUnavailable } from "@/lib/shared/database-unavailable";
import { LOCALE_QUERY_PARAM, type Locale } from "@/lib/shared/locales";

export interface ConsentPageProps<P> {
  params: Promise<P>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

export async function consentPageMetadata(locale: Locale): Promise<Metadata> {
  const brand = await inviteeBrand();
  return {
    title: { absolute: `${inviteeTranslator(locale, "shell")("pageTitle")} · ${brand.name}` },
    referrer: "no-referrer",
    robots: { index: false, follow: false },
  };
}

/**
 * The company's brand, read once per request. With the database down the pages still explain that
 * (the "temporarily unavailable" page), under the Guestpass name.
 */
export const inviteeBrand = cache(async (): Promise<BrandView> => {
  try {
    return await loadBrand();
  } catch (error) {
    if (!isDatabaseUnavailable(error)) throw error;
    return { name: BRAND_FALLBACK_NAME, configured: false, supportEmail: null, supportUrl: null, logoDataUrl: null };
  }
});

/** The entry behind a consent address and the language its page is in, read once per request. */
export const consentEntryPage = cache(
  async (kind: "token" | "invitationId", value: string, lang: string | undefined) => {
    const key: ConsentEntryKey = kind === "token" ? { token: value } : { invitationId: value };
    const entry = await resolveConsentEntry(key);
    const locale = await inviteeLocale({
      searchParams: { [LOCALE_QUERY_PARAM]: lang },
      invitationLanguage: "invitee" in entry ? entry.invitee.language : null,
    });
    return { key, entry, locale };
  },
);

/** The switcher's `?lang=` of a page's query, if it is a single value. */
export function langParam(query: Record<string, string | string[] | undefined>): string | undefined {
  const value = query[LOCALE_QUERY_PARAM];
  return typeof value === "string" ? value : undefined;
}
