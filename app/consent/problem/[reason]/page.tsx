// Pages for callbacks that could not be matched to a consent in this browser, and for an
// administrator's answer to the admin-consent link (approved only for a state the portal issued).
import type { Metadata } from "next";
import { inviteeLocale } from "@/lib/i18n/invitee-locale";
import { inviteeTranslator } from "@/lib/i18n/messages";
import { ConsentShell } from "../../consent-shell";
import { consentPageMetadata, inviteeBrand, type ConsentPageProps } from "../../page-metadata";
import { mono } from "../../rich-text";

export const dynamic = "force-dynamic";

type Props = ConsentPageProps<{ reason: string }>;

/** Each page's tone, and the sentence that follows its text ("open the link again …"), if any. */
const PAGES = {
  admin_approved: { tone: "success" },
  admin_not_started: { tone: "problem" },
  admin_expired: { tone: "problem", then: "startAdminAgain" },
  admin_replayed: { tone: "problem" },
  admin_other_browser: { tone: "problem", then: "startAdminAgain" },
  admin_declined: { tone: "problem" },
  admin_failed: { tone: "problem" },
  admin_link_unknown: { tone: "problem" },
  missing_state: { tone: "problem", then: "startAgain" },
  state_invalid: { tone: "problem", then: "startAgain" },
  state_replayed: { tone: "problem" },
  state_expired: { tone: "problem", then: "startAgain" },
  other_browser: { tone: "problem" },
  unavailable: { tone: "problem" },
  error: { tone: "problem" },
} as const satisfies Record<string, { tone: "success" | "problem"; then?: "startAgain" | "startAdminAgain" }>;

type Reason = keyof typeof PAGES;
const isReason = (reason: string): reason is Reason => Object.hasOwn(PAGES, reason);

export async function generateMetadata({ searchParams }: Props): Promise<Metadata> {
  return consentPageMetadata(await inviteeLocale({ searchParams: await searchParams }));
}

export default async function ConsentProblemPage({ params, searchParams }: Props) {
  const { reason: asked } = await params;
  const query = await searchParams;
  const reason: Reason = isReason(asked) ? asked : "state_invalid";
  const page: { tone: "success" | "problem"; then?: "startAgain" | "startAdminAgain" } = PAGES[reason];
  const locale = await inviteeLocale({ searchParams: query });
  const t = inviteeTranslator(locale, "problem");
  const brand = await inviteeBrand();
  const ref = typeof query.ref === "string" && /^[0-9a-f-]{36}$/i.test(query.ref) ? query.ref : null;
  const body = [t(`${reason}.body`, { company: brand.name }), page.then ? t(page.then) : null]
    .filter(Boolean)
    .join(locale === "en" ? " " : "");
  return (
    <ConsentShell
      frame={{ locale, path: `/consent/problem/${reason}${ref ? `?ref=${ref}` : ""}`, brand }}
      title={t(`${reason}.title`, { company: brand.name })}
      tone={page.tone}
    >
      <p data-testid={`consent-problem-${reason}`}>{body}</p>
      {(reason === "error" || reason === "unavailable") && ref ? (
        <p className="text-xs">{t.rich("reference", { ref, mono })}</p>
      ) : null}
    </ConsentShell>
  );
}
