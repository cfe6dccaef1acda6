// Consent proves the account redeemed the invitation: a person who opens a consent link before
// accepting the invitation is asked, in words, to accept it first; nothing is connected. Once they
// redeemed (which lands them on the invitation's consent page), consenting works.
import { expect, test } from "@playwright/test";
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

test("a consent before redeeming asks the person to accept the invitation first; after redeeming it works", async ({
  page,
  browser,
}) => {
  test.setTimeout(150_000);
  const upn = await newFabrikamPerson("early", "Erin Early");

  await signInAs(page, STAFF.admin);
  const { invitationId, redeemUrl } = await inviteWithoutMail(page, upn);
  await page.getByRole("button", { name: "Create consent link" }).click();
  const link = (await page.getByTestId("consent-link").locator("code").textContent())!;

  const guestContext = await browser.newContext();
  const guest = await guestContext.newPage();
  await guest.goto(link);
  await guest.locator("#consent-start").click();
  await consentOnMicrosoft(guest, upn);
  await expect(guest.getByRole("heading", { name: "Please accept the invitation first" })).toBeVisible();
  await expect(guest.getByTestId("consent-not-redeemer")).toHaveAttribute("data-reason", "not_redeemed");
  await shot(guest, "consent-not-redeemed");
  const stored = await withDatabase(
    async (db) =>
      (await db.query(`SELECT count(*)::int AS grants FROM "Grant" WHERE "invitationId" = $1`, [invitationId])).rows[0],
  );
  expect(stored).toEqual({ grants: 0 });

  await redeemInvitation(guest, redeemUrl, upn);
  await expect(guest).toHaveURL(new RegExp(`/consent/i/${invitationId}$`));
  await guest.locator("#consent-start").click();
  // Microsoft remembers the sign-in and the permissions already granted: it may send them straight back.
  const success = guest.getByTestId("consent-success");
  await expect(success.or(guest.locator("#consent-accept"))).toBeVisible();
  if (await guest.locator("#consent-accept").isVisible()) await guest.locator("#consent-accept").click();
  await expect(success).toContainText(upn);
  await guestContext.close();
  await expect(page.getByTestId("invitation-status")).toHaveAttribute("data-status", "Consented", { timeout: 30_000 });
});
