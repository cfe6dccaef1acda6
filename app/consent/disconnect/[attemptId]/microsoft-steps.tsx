// Where the invited person removes the app's permission at Microsoft, which Guestpass cannot do for
// them: My Apps for a work or school account (learn.microsoft.com, "My Apps portal overview":
// permissions consented to by the user can be revoked by the user), the Microsoft account's apps
// and services page for a personal account. Their own kind first and marked, when known.
import type { Locale } from "@/lib/shared/locales";
import { inviteeTranslator } from "@/lib/i18n/messages";

const WORK_URL = "https://myapps.microsoft.com";
const PERSONAL_URL = "https://account.live.com/consent/Manage";

export function MicrosoftSteps({ locale, personal }: { locale: Locale; personal: boolean | null }) {
  const t = inviteeTranslator(locale, "disconnect");
  const paths = [
    { kind: "work", heading: t("workHeading"), steps: t("workSteps"), link: t("workLink"), url: WORK_URL },
    {
      kind: "personal",
      heading: t("personalHeading"),
      steps: t("personalSteps"),
      link: t("personalLink"),
      url: PERSONAL_URL,
    },
  ] as const;
  const ordered = personal ? [...paths].reverse() : paths;
  return (
    <section aria-labelledby="microsoft-steps" className="space-y-3 border-t border-line pt-4">
      <h2 id="microsoft-steps" className="text-base font-semibold text-ink">
        {t("microsoftHeading")}
      </h2>
      <p>{t("microsoftIntro")}</p>
      {ordered.map((path) => {
        const yours = personal !== null && (path.kind === "personal") === personal;
        return (
          <div key={path.kind} className="rounded-lg border border-line p-4" data-microsoft-path={path.kind}>
            <h3 className="flex flex-wrap items-center gap-2 font-medium text-ink">
              {path.heading}
              {yours ? (
                <span className="rounded-full bg-accent-soft px-2 py-0.5 text-xs text-accent">{t("yours")}</span>
              ) : null}
            </h3>
            <p className="mt-1">{path.steps}</p>
            <a
              className="mt-2 inline-block font-medium text-accent underline-offset-2 hover:underline"
              href={path.url}
              rel="noopener noreferrer"
              target="_blank"
            >
              {path.link} <span className="text-xs text-ink-muted">({new URL(path.url).host})</span>
            </a>
          </div>
        );
      })}
    </section>
  );
}
