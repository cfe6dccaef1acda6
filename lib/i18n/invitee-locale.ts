import "server-only";
// The language of the page an invited person is looking at (order in lib/shared/locales.ts): the
// switcher's `?lang=` on this request, else the cookie it left (proxy.ts sets it), else the
// invitation's language, else Accept-Language.
import { cookies, headers } from "next/headers";
import { chooseInviteeLocale, isLocale, LOCALE_COOKIE, LOCALE_QUERY_PARAM, type Locale } from "@/lib/shared/locales";

type SearchParams = Record<string, string | string[] | undefined>;

export async function inviteeLocale(
  options: { searchParams?: SearchParams; invitationLanguage?: string | null } = {},
): Promise<Locale> {
  const requested = options.searchParams?.[LOCALE_QUERY_PARAM];
  const [cookieStore, headerList] = await Promise.all([cookies(), headers()]);
  return chooseInviteeLocale({
    picked: isLocale(requested) ? requested : cookieStore.get(LOCALE_COOKIE)?.value,
    invitation: options.invitationLanguage,
    acceptLanguage: headerList.get("accept-language"),
  });
}
