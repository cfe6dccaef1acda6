// What the invited person's pages share: the metadata: a title in their language, no Referer (the
// address may hold a consent token), not indexed.
import type { Metadata } from "next";
import { cache } from "react";
import { resolveConsentEntry, type ConsentEntryKey } from "@/lib/consent/links";
import { inviteeLocale } from "@/lib/i18n/invitee-locale";
import { inviteeTranslator } from "@/lib/i18n/messages";
import { LOCALE_QUERY_PARAM, type Locale } from "@/lib/shared/locales";

export interface ConsentPageProps<P> {
  params: Promise<P>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

export function consentPageMetadata(locale: Locale): Metadata {
  return { title: inviteeTranslator(locale, "shell")("pageTitle"), referrer: "no-referrer", robots: { index: false, follow: false } };
}

/** The entry behind a consent address and the language its page is in, read once per request. */
export const consentEntryPage = cache(async (kind: "token" | "invitationId", value: string, lang: string | undefined) => {
  const key: ConsentEntryKey = kind === "token" ? { token: value } : { invitationId: value };
  const entry = await resolveConsentEntry(key);
  const locale = await inviteeLocale({ searchParams: { [LOCALE_QUERY_PARAM]: lang }, invitationLanguage: "invitee" in entry ? entry.invitee.language : null });
  return { key, entry, locale };
});

/** The switcher's `?lang=` of a page's query, if it is a single value. */
export function langParam(query: Record<string, string | string[] | undefined>): string | undefined {
  const value = query[LOCALE_QUERY_PARAM];
  return typeof value === "string" ? value : undefined;
}
