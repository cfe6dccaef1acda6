// What a visitor of a consent URL sees: the request and one button, or why the link cannot be used.
// Shared by /consent/{token} (link from support) and /consent/i/{invitationId} (after redemption).
import { buttonClasses } from "@/components/button";
import { MicrosoftLogo } from "@/components/icons";
import { inviteeTranslator } from "@/lib/i18n/messages";
import type { ConsentEntry, ConsentEntryKey } from "@/lib/consent/links";
import { consentPermissionKeys } from "@/lib/consent/permissions-text";
import { inviterOf, mailboxBlockerOf } from "@/lib/consent/queries";
import { getEnv } from "@/lib/env";
import { ConsentShell, type ConsentPageFrame } from "./consent-shell";
import { strong } from "./rich-text";

export async function ConsentEntryView({
  entry,
  entryKey,
  frame,
  startError,
}: {
  entry: ConsentEntry;
  entryKey: ConsentEntryKey;
  frame: ConsentPageFrame;
  startError?: boolean;
}) {
  const t = inviteeTranslator(frame.locale, "entry");
  switch (entry.kind) {
    case "unknown":
      return (
        <ConsentShell frame={frame} title={t("unknown.title")} tone="problem">
          <p>{t("unknown.body")}</p>
        </ConsentShell>
      );
    case "expired":
      return (
        <ConsentShell frame={frame} title={t("expired.title")} tone="problem">
          <p>{t("expired.body", { email: entry.invitee.email })}</p>
        </ConsentShell>
      );
    case "spent":
      return (
        <ConsentShell frame={frame} title={t("spent.title")} tone="problem">
          <p>{t("spent.body")}</p>
        </ConsentShell>
      );
    case "revoked":
      return (
        <ConsentShell frame={frame} title={t("revoked.title")} tone="problem">
          <p>{t("revoked.body", { email: entry.invitee.email })}</p>
        </ConsentShell>
      );
    case "replaced":
      return (
        <ConsentShell frame={frame} title={t("replaced.title")} tone="problem">
          <p data-testid="consent-entry-replaced">{t("replaced.body", { email: entry.invitee.email })}</p>
        </ConsentShell>
      );
    case "withdrawn":
      return (
        <ConsentShell frame={frame} title={t("withdrawn.title")} tone="problem">
          <p data-testid="consent-entry-withdrawn">{t("withdrawn.body", { email: entry.invitee.email })}</p>
        </ConsentShell>
      );
    case "landing_closed":
      return (
        <ConsentShell frame={frame} title={t("landingClosed.title")} tone="problem">
          <p data-testid="consent-entry-landing-closed">{t("landingClosed.body", { email: entry.invitee.email })}</p>
        </ConsentShell>
      );
    case "already_consented":
      return (
        <ConsentShell frame={frame} title={t("alreadyConsented.title")} tone="success">
          <p>{t("alreadyConsented.body", { email: entry.invitee.email })}</p>
        </ConsentShell>
      );
    case "ready":
      break;
  }
  // Someone who redeemed without a Microsoft account cannot consent: say so before they try.
  const blocker = await mailboxBlockerOf(entry.invitee.invitationId);
  if (blocker) {
    const key = blocker === "one_time_passcode" ? "passcode" : "otherProvider";
    return (
      <ConsentShell frame={frame} title={t("noMailbox.title")} tone="problem">
        <p data-testid="consent-no-mailbox" data-blocker={blocker}>
          {t.rich(`noMailbox.${key}`, { email: entry.invitee.email, company: frame.brand.name, strong })}
        </p>
        <p>{t("noMailbox.fix", { email: entry.invitee.email, company: frame.brand.name })}</p>
      </ConsentShell>
    );
  }
  const inviter = await inviterOf(entry.invitee.invitationId);
  const inviterDomain = inviter?.email.split("@")[1];
  const permissions = inviteeTranslator(frame.locale, "permissions");
  const hidden =
    "token" in entryKey
      ? { name: "link", value: entryKey.token }
      : { name: "invitation", value: entryKey.invitationId };
  return (
    <ConsentShell frame={frame} title={entry.renewing ? t("ready.titleRenewing") : t("ready.title")}>
      <p>
        {inviter
          ? t.rich("ready.invitedBy", {
              inviter: inviter.name ?? inviter.email,
              domain: inviterDomain ?? "none",
              email: entry.invitee.email,
              company: frame.brand.name,
              strong,
            })
          : t.rich("ready.invitedAnonymously", { email: entry.invitee.email, company: frame.brand.name, strong })}
      </p>
      {entry.renewing ? <p>{t("ready.renewing")}</p> : null}
      <div>
        <p className="font-medium text-ink">{t("ready.canHeading", { company: frame.brand.name })}</p>
        <ul className="mt-1 list-disc space-y-1 pl-5" data-testid="consent-permissions">
          {consentPermissionKeys(getEnv().CONSENT_SCOPES).map((line) => (
            <li key={line.key + (line.scope ?? "")}>
              {line.key === "other" ? permissions("other", { scope: line.scope ?? "" }) : permissions(line.key)}
            </li>
          ))}
        </ul>
      </div>
      <p>{t("ready.signInNote", { email: entry.invitee.email })}</p>
      {startError ? (
        <p role="alert" className="rounded-md bg-danger-soft px-3 py-2.5 text-danger">
          {t("ready.startError")}
        </p>
      ) : null}
      <form method="post" action="/consent/start" className="pt-2">
        <input type="hidden" name={hidden.name} value={hidden.value} />
        <input type="hidden" name="locale" value={frame.locale} />
        <button type="submit" id="consent-start" className={buttonClasses("primary", "lg", "w-full")}>
          <MicrosoftLogo />
          {t("ready.continue")}
        </button>
      </form>
    </ConsentShell>
  );
}
