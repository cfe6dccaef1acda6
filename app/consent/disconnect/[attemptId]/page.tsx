// The invited person's disconnect page, linked from the consent success page: it erases their grant
// (only in the browser that ran the consent: lib/consent/disconnect.ts) and tells them how to
// remove the app's permission at Microsoft too, for a work or school account and for a personal
// Microsoft account. In the language the consent was made in.
import type { Metadata } from "next";
import { cookies } from "next/headers";
import { cache } from "react";
import { buttonClasses } from "@/components/button";
import { BROWSER_BINDING_COOKIE } from "@/lib/consent/browser-binding";
import { loadDisconnectView } from "@/lib/consent/disconnect";
import { inviteeLocale } from "@/lib/i18n/invitee-locale";
import { inviteeTranslator } from "@/lib/i18n/messages";
import { ConsentShell } from "../../consent-shell";
import { consentPageMetadata, inviteeBrand, langParam, type ConsentPageProps } from "../../page-metadata";
import { strong } from "../../rich-text";
import { MicrosoftSteps } from "./microsoft-steps";

export const dynamic = "force-dynamic";

type Props = ConsentPageProps<{ attemptId: string }>;

const disconnectPage = cache(async (attemptId: string, lang: string | undefined) => {
  const view = await loadDisconnectView(attemptId, (await cookies()).get(BROWSER_BINDING_COOKIE)?.value);
  const locale = await inviteeLocale({
    searchParams: { lang },
    invitationLanguage: view.kind === "ready" ? view.locale : null,
  });
  return { view, locale };
});

export async function generateMetadata({ params, searchParams }: Props): Promise<Metadata> {
  const { locale } = await disconnectPage((await params).attemptId, langParam(await searchParams));
  return consentPageMetadata(locale);
}

export default async function DisconnectPage({ params, searchParams }: Props) {
  const { attemptId } = await params;
  const query = await searchParams;
  const { view, locale } = await disconnectPage(attemptId, langParam(query));
  const brand = await inviteeBrand();
  const frame = { locale, path: `/consent/disconnect/${attemptId}`, brand };
  const t = inviteeTranslator(locale, "disconnect");
  if (view.kind === "unknown")
    return (
      <ConsentShell frame={frame} title={t("unknownTitle")} tone="problem">
        <p>{t("unknownBody")}</p>
        <MicrosoftSteps locale={locale} personal={null} />
      </ConsentShell>
    );
  const company = brand.name;
  const account = view.account;
  if (!view.connected)
    return (
      <ConsentShell frame={frame} title={t("erasedTitle")} tone="success">
        <p data-testid="disconnect-state" data-state="disconnected">
          {t.rich("erased", { account, company, strong })}
        </p>
        <MicrosoftSteps locale={locale} personal={view.personal} />
      </ConsentShell>
    );
  return (
    <ConsentShell frame={frame} title={t("title")}>
      <p data-testid="disconnect-state" data-state="connected">
        {t.rich("connected", { account, company, strong })}
      </p>
      {query.refused ? (
        <p role="alert" className="rounded-md bg-danger-soft px-3 py-2 text-danger">
          {t("refused")}
        </p>
      ) : null}
      {view.mayErase ? (
        <form method="post" action="/consent/disconnect" className="space-y-3">
          <p>{t("eraseBody", { company })}</p>
          <input type="hidden" name="attempt" value={attemptId} />
          <button type="submit" id="disconnect-erase" className={buttonClasses("danger", "lg", "w-full")}>
            {t("eraseButton")}
          </button>
        </form>
      ) : (
        <p>{t("eraseElsewhere", { company })}</p>
      )}
      <MicrosoftSteps locale={locale} personal={view.personal} />
    </ConsentShell>
  );
}
