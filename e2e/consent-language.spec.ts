// The invited person's pages in their language: an invitation in Simplified Chinese opens its
// consent page in Chinese in an English browser; the switcher changes the language and the choice
// holds through Microsoft's round trip to the outcome page. A consent link with no invitation
// language follows the browser's Accept-Language. Screenshots at 1280 and 390 px in both languages.
import { expect, test } from "@playwright/test";
import { consentOnMicrosoft, newFabrikamPerson, redeemInvitation, signInAs, STAFF } from "./support/staff";
import { shotAtBothWidths } from "./support/screenshots";

test("an invitation in Chinese opens its consent page in Chinese; the switcher's choice holds to the outcome", async ({
  page,
  browser,
}) => {
  const upn = await newFabrikamPerson("lang-zh", "Li Wei");
  await signInAs(page, STAFF.admin);
  await page.locator("header").getByRole("link", { name: "Invite user" }).click();
  await page.getByLabel("Email address").fill(upn);
  await page.getByLabel("Mail language (optional)").fill("zh-CN");
  await page.getByRole("button", { name: "Invite", exact: true }).click();
  await expect(page.getByTestId("invitation-status")).toHaveAttribute("data-status", "PendingAcceptance", {
    timeout: 30_000,
  });
  const redeemUrl = (await page.getByTestId("redeem-url").textContent())!;

  const context = await browser.newContext({ locale: "en-US" });
  const invitee = await context.newPage();
  await redeemInvitation(invitee, redeemUrl, upn);
  await expect(invitee).toHaveURL(/\/consent\/i\/[0-9a-f-]{36}$/);
  await expect(invitee.getByRole("heading", { name: "关联您的 Microsoft 帐户" })).toBeVisible();
  // Landing after redeeming is confirmed with Graph at once: the admin's open page follows live.
  await expect(page.getByTestId("invitation-status")).toHaveAttribute("data-status", "Accepted", { timeout: 15_000 });
  await expect(invitee.locator("main")).toHaveAttribute("lang", "zh-CN");
  await expect(invitee.getByTestId("consent-permissions")).toContainText("以您的身份从您的邮箱发送电子邮件");
  await expect(invitee).toHaveTitle(/关联您的帐户/);
  await shotAtBothWidths(invitee, "consent-landing-zh-CN");

  // The switcher: a link per language, keyboard-reachable, the current one marked.
  const switcher = invitee.getByRole("navigation", { name: "语言" });
  await expect(switcher.getByRole("link", { name: "简体中文" })).toHaveAttribute("aria-current", "true");
  await switcher.getByRole("link", { name: "English" }).focus();
  await invitee.keyboard.press("Enter");
  await expect(invitee.getByRole("heading", { name: "Connect your Microsoft account" })).toBeVisible();
  await expect(invitee.locator("main")).toHaveAttribute("lang", "en");
  await shotAtBothWidths(invitee, "consent-landing-en");

  // Back to Chinese, then through Microsoft: the outcome page stays in Chinese.
  await invitee.getByRole("navigation", { name: "Language" }).getByRole("link", { name: "简体中文" }).click();
  await expect(invitee.getByRole("heading", { name: "关联您的 Microsoft 帐户" })).toBeVisible();
  await invitee.getByRole("button", { name: "使用 Microsoft 继续" }).click();
  await consentOnMicrosoft(invitee, upn);
  await expect(invitee).toHaveURL(/\/consent\/done\/[0-9a-f-]{36}$/);
  await expect(invitee.getByRole("heading", { name: "一切就绪" })).toBeVisible();
  await expect(invitee.getByTestId("consent-success")).toContainText(upn);
  await shotAtBothWidths(invitee, "consent-success-zh-CN");
  await invitee.getByRole("link", { name: "English" }).click();
  await expect(invitee.getByRole("heading", { name: "You're all set" })).toBeVisible();
  await shotAtBothWidths(invitee, "consent-success-en");
  await context.close();
});

test("without an invitation language the pages follow Accept-Language, and every problem page is translated", async ({
  browser,
}) => {
  const context = await browser.newContext({ locale: "zh-CN" });
  const page = await context.newPage();
  await page.goto(`/consent/${"A".repeat(43)}`);
  await expect(page.getByRole("heading", { name: "此链接无法使用" })).toBeVisible();
  await shotAtBothWidths(page, "consent-link-unknown-zh-CN");
  await page.goto("/consent/problem/other_browser");
  await expect(page.getByRole("heading", { name: "请在开始时使用的浏览器中完成" })).toBeVisible();
  await shotAtBothWidths(page, "consent-problem-other-browser-zh-CN");
  await page.getByRole("link", { name: "English" }).click();
  await expect(page.getByRole("heading", { name: "Please finish in the browser where you started" })).toBeVisible();
  await shotAtBothWidths(page, "consent-problem-other-browser-en");
  // the choice is remembered for the next page, over the browser's language
  await page.goto("/consent/problem/missing_state");
  await expect(page.getByRole("heading", { name: "This page was opened without a sign-in" })).toBeVisible();
  await expect(page.getByTestId("consent-problem-missing_state")).toHaveText(
    "It looks like this address was bookmarked or typed in. Open the link from your email again to start over.",
  );
  await context.close();
});
