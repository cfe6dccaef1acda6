// The invited person's language across the consent flow, on a real database and the emulator: the
// invitation's language reaches the consent entry, the page's language goes to Microsoft as
// ui_locales and is kept on the attempt, and the outcome page is shown in it.
import { describe, expect, it } from "vitest";
import { asUser, callback, freshFabrikamInvitee, newBrowser } from "@/lib/consent/flow.test-support";
import { issueConsentLink, resolveConsentEntry } from "@/lib/consent/links";
import { loadAttemptOutcome } from "@/lib/consent/queries";
import { startConsent } from "@/lib/consent/start";
import { prisma } from "@/lib/db/client";
import { chooseInviteeLocale } from "@/lib/shared/locales";

async function inviteeWithLanguage(prefix: string, messageLanguage: string | null) {
  const invitee = await freshFabrikamInvitee(prefix);
  if (messageLanguage)
    await prisma.invitation.update({ where: { id: invitee.invitationId }, data: { messageInfo: { messageLanguage } } });
  return invitee;
}

describe("the invited person's language", () => {
  it("comes from the invitation before the browser, and the switcher's choice before both", async () => {
    const invitee = await inviteeWithLanguage("lang-zh", "zh-CN");
    const entry = await resolveConsentEntry({ invitationId: invitee.invitationId });
    expect(entry).toMatchObject({ kind: "ready", invitee: { language: "zh-CN" } });
    const language = entry.kind === "ready" ? entry.invitee.language : null;
    expect(chooseInviteeLocale({ invitation: language, acceptLanguage: "en-US,en;q=0.9" })).toBe("zh-CN");
    expect(chooseInviteeLocale({ picked: "en", invitation: language, acceptLanguage: "zh-CN" })).toBe("en");

    const plain = await inviteeWithLanguage("lang-none", null);
    const link = await issueConsentLink(plain.invitationId);
    const plainEntry = await resolveConsentEntry({ token: link.url.split("/").at(-1)! });
    expect(plainEntry).toMatchObject({ kind: "ready", invitee: { language: null } });
    expect(chooseInviteeLocale({ invitation: null, acceptLanguage: "fr-FR,zh-Hans;q=0.8,en;q=0.5" })).toBe("zh-CN");
    expect(chooseInviteeLocale({ invitation: null, acceptLanguage: "fr-FR" })).toBe("en");
  });

  it("asks Microsoft for the page's language and shows the outcome in it", async () => {
    const invitee = await inviteeWithLanguage("lang-start", null);
    const started = await startConsent({ invitationId: invitee.invitationId }, { locale: "zh-CN" });
    expect(new URL(started.authorizeUrl).searchParams.get("ui_locales")).toBe("zh-CN");
    expect(
      await prisma.consentAttempt.findUniqueOrThrow({ where: { id: started.attemptId }, select: { locale: true } }),
    ).toEqual({ locale: "zh-CN" });

    const microsoft = await newBrowser().run(started.authorizeUrl, asUser(invitee.upn));
    expect(microsoft.kind).toBe("redirect");
    const result = await callback(
      microsoft.kind === "redirect" ? microsoft.url : new URL("about:blank"),
      started.browserBinding,
    );
    expect(result).toMatchObject({ kind: "attempt", outcome: { kind: "consented" } });
    expect(await loadAttemptOutcome(started.attemptId)).toMatchObject({
      locale: "zh-CN",
      outcome: { kind: "consented" },
    });
  });

  it("falls back to the invitation's language for an attempt that recorded none", async () => {
    const invitee = await inviteeWithLanguage("lang-fallback", "zh-CN");
    const started = await startConsent({ invitationId: invitee.invitationId });
    expect(new URL(started.authorizeUrl).searchParams.has("ui_locales")).toBe(false);
    expect(await loadAttemptOutcome(started.attemptId)).toMatchObject({
      locale: "zh-CN",
      outcome: { kind: "pending" },
    });
  });
});
