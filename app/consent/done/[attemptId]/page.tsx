// How a consent ended, written for the invited user: success, declined, admin approval needed (with
// the link to forward), wrong account, not the account that redeemed, or another error explained
// through the catalogue. In the language the attempt was started in.
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";
import { invitedUserExplanation, loadAttemptOutcome } from "@/lib/consent/queries";
import { inviteeLocale } from "@/lib/i18n/invitee-locale";
import { inviteeTranslator } from "@/lib/i18n/messages";
import { ConsentShell } from "../../consent-shell";
import { consentPageMetadata, inviteeBrand, langParam, type ConsentPageProps } from "../../page-metadata";
import { mono, strong } from "../../rich-text";
import { AdminConsentLink } from "./admin-consent-link";

export const dynamic = "force-dynamic";

type Props = ConsentPageProps<{ attemptId: string }>;

const donePage = cache(async (attemptId: string, lang: string | undefined) => {
  const view = await loadAttemptOutcome(attemptId);
  const locale = await inviteeLocale({ searchParams: { lang }, invitationLanguage: view?.locale });
  return { view, locale };
});

export async function generateMetadata({ params, searchParams }: Props): Promise<Metadata> {
  const { locale } = await donePage((await params).attemptId, langParam(await searchParams));
  return consentPageMetadata(locale);
}

export default async function ConsentDonePage({ params, searchParams }: Props) {
  const { attemptId } = await params;
  const { view, locale } = await donePage(attemptId, langParam(await searchParams));
  if (!view) notFound();
  const frame = { locale, path: `/consent/done/${attemptId}`, brand: await inviteeBrand() };
  const t = inviteeTranslator(locale, "done");
  const { outcome } = view;
  const who = (signedInAs: string) => signedInAs || t("anotherAccount");
  switch (outcome.kind) {
    case "consented":
      return (
        <ConsentShell frame={frame} title={t("consented.title")} tone="success">
          <p data-testid="consent-success">{t.rich("consented.body", { account: outcome.account, strong })}</p>
          <p>{t("consented.removeAccess")}</p>
          <p>
            <a
              href={`/consent/disconnect/${attemptId}`}
              className="font-medium text-accent underline-offset-2 hover:underline"
              data-testid="consent-disconnect-link"
            >
              {t("consented.disconnectLink")}
            </a>
          </p>
        </ConsentShell>
      );
    case "declined":
      return (
        <ConsentShell frame={frame} title={t("declined.title")} tone="problem">
          <p>{t("declined.body")}</p>
        </ConsentShell>
      );
    case "admin_approval_required":
      return (
        <ConsentShell frame={frame} title={t("adminApproval.title")} tone="problem">
          <p>{t("adminApproval.body")}</p>
          <AdminConsentLink
            url={outcome.adminConsentUrl}
            labels={{
              link: t("adminApproval.linkLabel"),
              copy: t("adminApproval.copy"),
              copied: t("adminApproval.copied"),
              announcement: t("adminApproval.copiedAnnouncement"),
            }}
          />
        </ConsentShell>
      );
    case "wrong_account":
      return (
        <ConsentShell frame={frame} title={t("wrongAccount.title")} tone="problem">
          <p>
            {t.rich("wrongAccount.body", {
              signedInAs: who(outcome.signedInAs),
              invitedAddress: outcome.invitedAddress,
              strong,
            })}
          </p>
          <p>{t("wrongAccount.advice", { invitedAddress: outcome.invitedAddress })}</p>
        </ConsentShell>
      );
    case "account_conflict":
      return (
        <ConsentShell frame={frame} title={t("accountConflict.title")} tone="problem">
          <p data-testid="consent-account-conflict">
            {t.rich(
              outcome.reason === "invitation_has_other_account"
                ? "accountConflict.otherAccount"
                : "accountConflict.accountTaken",
              {
                signedInAs: who(outcome.signedInAs),
                invitedAddress: outcome.invitedAddress,
                strong,
              },
            )}
          </p>
          <p>{t("accountConflict.advice")}</p>
        </ConsentShell>
      );
    case "not_redeemer": {
      const key = outcome.reason === "not_redeemed" ? "notRedeemed" : "otherRedeemer";
      return (
        <ConsentShell frame={frame} title={t(`${key}.title`)} tone="problem">
          <p data-testid="consent-not-redeemer" data-reason={outcome.reason}>
            {t.rich(`${key}.body`, {
              signedInAs: who(outcome.signedInAs),
              invitedAddress: outcome.invitedAddress,
              strong,
            })}
          </p>
          <p>{t(`${key}.advice`)}</p>
        </ConsentShell>
      );
    }
    case "expired_state":
      return (
        <ConsentShell frame={frame} title={t("expiredState.title")} tone="problem">
          <p>{t("expiredState.body")}</p>
        </ConsentShell>
      );
    case "pending":
      return (
        <ConsentShell frame={frame} title={t("pending.title")}>
          <p>{t("pending.body")}</p>
        </ConsentShell>
      );
    case "failed": {
      const explained = invitedUserExplanation(outcome.code);
      const failure = inviteeTranslator(locale, "failure");
      const microsoft = inviteeTranslator(locale, "microsoftErrors");
      const title = explained.kind === "own" ? failure(`${explained.key}.title`) : t("failed.title");
      const message = explained.kind === "own" ? failure(`${explained.key}.body`) : microsoft(explained.key);
      return (
        <ConsentShell frame={frame} title={title} tone="problem">
          <p>{message}</p>
          <p className="text-xs">{t.rich("failed.reference", { code: outcome.code, attemptId, mono })}</p>
        </ConsentShell>
      );
    }
  }
}
