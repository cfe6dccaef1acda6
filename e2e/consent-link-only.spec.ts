// A person connected by consent link alone — no invitation, no guest account in the company's
// tenant: an admin makes the link, the person opens it, consents with their own account (a work
// account in English, a personal Microsoft account in Chinese) and a test mail is sent as them.
import { expect, test } from "@playwright/test";
import { emulatorControl } from "./support/stack";
import { consentOnMicrosoft, newFabrikamPerson, newPersonalAccount, signInAs, STAFF } from "./support/staff";
import { shotAtBothWidths } from "./support/screenshots";

const STORIES = [
  {
    name: "a work account, in English",
    locale: "en",
    account: () => newFabrikamPerson("link-en", "Lee Link"),
    language: "Automatic",
    browserLocale: "en-US",
    heading: "Connect your Microsoft account",
    done: "You're all set",
  },
  {
    name: "a personal account, in Chinese",
    locale: "zh-CN",
    account: () => newPersonalAccount("link-zh", "Li Lian"),
    language: "中文（简体）",
    browserLocale: "en-US",
    heading: "关联您的 Microsoft 帐户",
    done: "一切就绪",
  },
] as const;

for (const story of STORIES) {
  test(`connect by link alone, ${story.name}: link → consent → all set → test mail`, async ({ page, browser }) => {
    test.setTimeout(90_000);
    const address = await story.account();
    await signInAs(page, STAFF.admin);
    if (story.locale === "en") {
      // The invite form says when a guest account is worth having, and leads here when it is not.
      await page.locator("header").getByRole("link", { name: "Invite user" }).click();
      await expect(page.getByTestId("guest-account-choice")).toContainText("only sends mail as them");
      await page.getByRole("link", { name: "connect them by consent link" }).click();
    } else await page.getByRole("link", { name: "Connect by link" }).click();
    await expect(page.getByRole("heading", { name: "Connect a person by consent link", level: 1 })).toBeVisible();
    await page.getByLabel("Email address").fill(address);
    await page.getByLabel("Consent page language").selectOption({ label: story.language });
    await page.getByRole("button", { name: "Create consent link" }).click();
    const link = page.getByTestId("connection-link-value");
    await expect(link).toHaveText(/\/consent\/[A-Za-z0-9_-]{43}$/);
    const url = (await link.textContent())!;
    if (story.locale === "en") await shotAtBothWidths(page, "connect-by-link-created");

    await page.getByRole("link", { name: "Open their page to follow the consent" }).click();
    await expect(page.getByTestId("invitation-status")).toHaveAttribute("data-status", "Accepted");
    await expect(page.getByTestId("state-help")).toContainText("Connected by consent link alone");
    await expect(page.getByTestId("external-user-state")).toHaveText("No guest account (consent link only)");
    await expect(page.getByRole("button", { name: /Resend invitation/ })).toHaveCount(0);
    if (story.locale === "en") await shotAtBothWidths(page, "connection-detail-awaiting-consent");

    const context = await browser.newContext({ locale: story.browserLocale });
    const invitee = await context.newPage();
    await invitee.goto(url);
    await expect(invitee.getByRole("heading", { name: story.heading })).toBeVisible();
    await expect(invitee.locator("main")).toHaveAttribute("lang", story.locale);
    await shotAtBothWidths(invitee, `consent-link-only-landing-${story.locale}`);
    await invitee.locator("#consent-start").click();
    await consentOnMicrosoft(invitee, address);
    await expect(invitee).toHaveURL(/\/consent\/done\/[0-9a-f-]{36}$/);
    await expect(invitee.getByRole("heading", { name: story.done })).toBeVisible();
    await expect(invitee.getByTestId("consent-success")).toContainText(address);
    await shotAtBothWidths(invitee, `consent-link-only-success-${story.locale}`);
    await context.close();

    await expect(page.getByTestId("invitation-status")).toHaveAttribute("data-status", "Consented", {
      timeout: 30_000,
    });
    await page.getByRole("button", { name: "Send test mail as the user" }).click();
    await expect(page.getByTestId("test-mail-sent")).toContainText(address);
    const sent = await emulatorControl().sentMail({ from: address });
    expect(sent.map((mail) => mail.subject)).toContain(`Guestpass connection test for ${address}`);
  });
}
