// The kill switch and the consent links as people use them: an admin suspends, resumes and erases
// a consented person's grant from the invitation page (with a confirmation each time it matters);
// the person's old landing page and a replaced or withdrawn consent link each explain themselves.
import { expect, test, type Browser, type Page } from "@playwright/test";
import { shot } from "./support/screenshots";
import { withDatabase } from "./support/stack";
import {
  consentOnMicrosoft,
  inviteWithoutMail,
  newFabrikamPerson,
  redeemInvitation,
  signInAs,
  STAFF,
} from "./support/staff";

async function confirm(page: Page, trigger: string, label: string): Promise<void> {
  await page.locator(trigger).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: label, exact: true }).click();
  await expect(dialog).toBeHidden();
}

async function newConsentLink(page: Page): Promise<string> {
  const shown = page.getByTestId("consent-link").locator("code");
  const before = (await shown.count()) > 0 ? await shown.textContent() : null;
  await page.getByRole("button", { name: /consent link/ }).click();
  const code = page.getByTestId("consent-link").locator("code");
  await expect(code).toHaveText(/\/consent\/[A-Za-z0-9_-]{43}$/);
  if (before) await expect(code).not.toHaveText(before);
  return (await code.textContent())!;
}

async function openAsGuest(browser: Browser, url: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(url);
  return page;
}

test("an admin suspends, resumes and erases a grant; old links and the landing page say why they stopped", async ({
  page,
  browser,
}) => {
  test.setTimeout(150_000);
  const upn = await newFabrikamPerson("kill-switch", "Kim Switch");

  await signInAs(page, STAFF.admin);
  const { invitationId, redeemUrl } = await inviteWithoutMail(page, upn);

  const guestContext = await browser.newContext();
  const guest = await guestContext.newPage();
  await redeemInvitation(guest, redeemUrl, upn);
  await guest.locator("#consent-start").click();
  await consentOnMicrosoft(guest, upn);
  await expect(guest.getByTestId("consent-success")).toContainText(upn);
  await guestContext.close();

  await expect(page.getByTestId("invitation-status")).toHaveAttribute("data-status", "Consented", { timeout: 30_000 });
  const state = page.getByTestId("grant-state");
  await expect(state).toHaveAttribute("data-grant-status", "Active");

  await confirm(page, "#grant-suspend", "Suspend");
  await expect(state).toHaveAttribute("data-grant-status", "Suspended");
  await expect(page.getByRole("region", { name: "Test mail" })).toHaveCount(0);
  await shot(page, "grant-suspended");
  await page.locator("#grant-resume").click();
  await expect(state).toHaveAttribute("data-grant-status", "Active");

  await confirm(page, "#grant-erase", "Erase tokens");
  await expect(state).toHaveAttribute("data-grant-status", "Erased");
  await expect(page.getByTestId("invitation-status")).toHaveAttribute("data-status", "Accepted");
  const row = await withDatabase(
    async (db) =>
      (
        await db.query(`SELECT "tokenCacheCipher" IS NULL AS gone, status FROM "Grant" WHERE "invitationId" = $1`, [
          invitationId,
        ])
      ).rows[0],
  );
  expect(row).toEqual({ gone: true, status: "Erased" });
  await shot(page, "grant-erased");

  // The landing page Microsoft sent them to works once only.
  const landing = await openAsGuest(browser, `/consent/i/${invitationId}`);
  await expect(landing.getByRole("heading", { name: "This page can no longer connect your account" })).toBeVisible();

  // A new link replaces the older one; a withdrawn one says so.
  const first = await newConsentLink(page);
  const second = await newConsentLink(page);
  const replaced = await openAsGuest(browser, first);
  await expect(replaced.getByRole("heading", { name: "This link was replaced" })).toBeVisible();
  await shot(replaced, "consent-link-replaced");
  await page.reload();
  await expect(page.getByTestId("live-consent-link")).toBeVisible();
  await confirm(page, "#consent-link-revoke", "Withdraw link");
  await expect(page.getByTestId("live-consent-link")).toHaveCount(0);
  const withdrawn = await openAsGuest(browser, second);
  await expect(withdrawn.getByRole("heading", { name: "This link was withdrawn" })).toBeVisible();

  // The controls fit a phone.
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(page.getByTestId("grant-controls")).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
});
