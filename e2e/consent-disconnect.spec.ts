// The invited person disconnects: from the consent success page a link leads to the disconnect
// page, which explains how to remove the app's permission at Microsoft (work or school account:
// My Apps; personal account: the Microsoft account's apps and services page), in English and
// Chinese. Another browser that has the address sees the steps but no button; the browser that
// consented erases the grant, and staff see it erased. Screenshots at 1280 and 390 px.
import { expect, test } from "@playwright/test";
import { withDatabase } from "./support/stack";
import {
  consentOnMicrosoft,
  inviteWithoutMail,
  newFabrikamPerson,
  redeemInvitation,
  signInAs,
  STAFF,
} from "./support/staff";
import { shotAtBothWidths } from "./support/screenshots";

test("the invited person disconnects from the success page and sees what to do at Microsoft", async ({
  page,
  browser,
}) => {
  const upn = await newFabrikamPerson("disconnect", "Dana Disconnect");
  await signInAs(page, STAFF.admin);
  const { invitationId, redeemUrl } = await inviteWithoutMail(page, upn);

  const context = await browser.newContext({ locale: "en-GB" });
  const invitee = await context.newPage();
  await redeemInvitation(invitee, redeemUrl, upn);
  await invitee.getByRole("button", { name: "Continue with Microsoft" }).click();
  await consentOnMicrosoft(invitee, upn);
  await expect(invitee.getByRole("heading", { name: "You're all set" })).toBeVisible();
  await invitee.getByTestId("consent-disconnect-link").click();
  await expect(invitee).toHaveURL(/\/consent\/disconnect\/[0-9a-f-]{36}$/);
  const disconnectUrl = invitee.url();

  await expect(invitee.getByRole("heading", { name: "Disconnect your account" })).toBeVisible();
  await expect(invitee.getByTestId("disconnect-state")).toHaveAttribute("data-state", "connected");
  await expect(invitee.getByTestId("disconnect-state")).toContainText(upn);
  await expect(invitee.getByTestId("consent-brand")).toContainText("Guestpass");
  const work = invitee.locator('[data-microsoft-path="work"]');
  const personal = invitee.locator('[data-microsoft-path="personal"]');
  await expect(work.getByRole("link", { name: /Open My Apps/ })).toHaveAttribute(
    "href",
    "https://myapps.microsoft.com",
  );
  await expect(personal.getByRole("link", { name: /Open apps and services/ })).toHaveAttribute(
    "href",
    "https://account.live.com/consent/Manage",
  );
  await expect(work).toContainText("Your account"); // a Fabrikam work account
  await expect(personal).not.toContainText("Your account");
  await shotAtBothWidths(invitee, "consent-disconnect-en");

  await invitee.getByRole("navigation", { name: "Language" }).getByRole("link", { name: "简体中文" }).click();
  await expect(invitee.getByRole("heading", { name: "断开您的帐户" })).toBeVisible();
  await expect(invitee.locator("main")).toHaveAttribute("lang", "zh-CN");
  await expect(work).toContainText("工作或学校帐户");
  await shotAtBothWidths(invitee, "consent-disconnect-zh-CN");
  await invitee.getByRole("navigation", { name: "语言" }).getByRole("link", { name: "English" }).click();
  await expect(invitee.getByRole("heading", { name: "Disconnect your account" })).toBeVisible();

  // Someone else with the address: the Microsoft steps, but nothing to press.
  const other = await browser.newContext({ locale: "en-GB" });
  const stranger = await other.newPage();
  await stranger.goto(disconnectUrl);
  await expect(stranger.getByTestId("disconnect-state")).toHaveAttribute("data-state", "connected");
  await expect(stranger.getByRole("button", { name: "Disconnect my account" })).toHaveCount(0);
  await expect(stranger.getByText("only in the browser you connected with")).toBeVisible();
  await other.close();

  // The browser that consented disconnects, by keyboard.
  await invitee.getByRole("button", { name: "Disconnect my account" }).focus();
  await invitee.keyboard.press("Enter");
  await expect(invitee.getByRole("heading", { name: "Your account is disconnected" })).toBeVisible();
  await expect(invitee.getByTestId("disconnect-state")).toHaveAttribute("data-state", "disconnected");
  await expect(work.getByRole("link", { name: /Open My Apps/ })).toBeVisible();
  await shotAtBothWidths(invitee, "consent-disconnected-en");
  await context.close();

  const row = await withDatabase(
    async (db) =>
      (
        await db.query(
          `SELECT "tokenCacheCipher" IS NULL AS gone, status, "erasedReason" FROM "Grant" WHERE "invitationId" = $1`,
          [invitationId],
        )
      ).rows[0],
  );
  expect(row).toEqual({ gone: true, status: "Erased", erasedReason: "user_request" });
  await page.reload();
  await expect(page.getByTestId("grant-state")).toHaveAttribute("data-grant-status", "Erased");
});
