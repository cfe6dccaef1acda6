// A person with a personal Microsoft account (outlook.com): invited, redeemed, consented at `common`
// (Microsoft issues their tokens from the tenant of personal accounts), then a test mail sent as
// them. The same story as a work account's, end to end, in English and in Chinese.
import { expect, test } from "@playwright/test";
import { DEMO_TENANTS } from "../emulator/state/default-scenario";
import { emulatorControl, withDatabase } from "./support/stack";
import {
  consentOnMicrosoft,
  inviteInLanguage,
  inviteWithoutMail,
  newPersonalAccount,
  redeemInvitation,
  signInAs,
  STAFF,
} from "./support/staff";
import { shotAtBothWidths } from "./support/screenshots";

const STORIES = [
  { locale: "en", language: "English", heading: "Connect your Microsoft account", done: "You're all set" },
  { locale: "zh-CN", language: "Chinese", heading: "关联您的 Microsoft 帐户", done: "一切就绪" },
] as const;

for (const story of STORIES) {
  test(`a personal Microsoft account is invited, redeems, consents and gets a test mail sent as them, in ${story.language}`, async ({
    page,
    browser,
  }) => {
    const address = await newPersonalAccount(`personal-${story.locale}`, "Pat Personal");
    await signInAs(page, STAFF.admin);
    const { invitationId, redeemUrl } =
      story.locale === "en"
        ? await inviteWithoutMail(page, address)
        : await inviteInLanguage(page, address, story.locale);

    const context = await browser.newContext({ locale: "en-US" });
    const invitee = await context.newPage();
    await redeemInvitation(invitee, redeemUrl, address);
    await expect(invitee).toHaveURL(/\/consent\/i\/[0-9a-f-]{36}$/);
    await expect(invitee.getByRole("heading", { name: story.heading })).toBeVisible();
    await expect(invitee.locator("main")).toHaveAttribute("lang", story.locale);
    await expect(page.getByTestId("invitation-status")).toHaveAttribute("data-status", "Accepted", { timeout: 15_000 });
    await shotAtBothWidths(invitee, `consent-landing-personal-${story.locale}`);
    await invitee.locator("#consent-start").click();
    await consentOnMicrosoft(invitee, address);
    await expect(invitee).toHaveURL(/\/consent\/done\/[0-9a-f-]{36}$/);
    await expect(invitee.getByRole("heading", { name: story.done })).toBeVisible();
    await expect(invitee.getByTestId("consent-success")).toContainText(address);
    await shotAtBothWidths(invitee, `consent-success-personal-${story.locale}`);
    await context.close();

    await expect(page.getByTestId("invitation-status")).toHaveAttribute("data-status", "Consented", {
      timeout: 30_000,
    });
    // The grant is the personal account's own, from Microsoft's tenant of personal accounts.
    const grant = await withDatabase(
      async (db) =>
        (await db.query(`SELECT "homeTenantId", username FROM "Grant" WHERE "invitationId" = $1`, [invitationId]))
          .rows[0],
    );
    expect(grant).toEqual({ homeTenantId: DEMO_TENANTS.personal.id, username: address });
    await page.getByRole("button", { name: "Send test mail as the user" }).click();
    await expect(page.getByTestId("test-mail-sent")).toContainText(address);
    const sent = await emulatorControl().sentMail({ from: address });
    expect(sent.map((mail) => mail.subject)).toContain(`Guestpass connection test for ${address}`);
  });
}
