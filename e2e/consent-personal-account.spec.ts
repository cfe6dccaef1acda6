// A person with a personal Microsoft account (outlook.com): invited, redeemed, consented at `common`
// (Microsoft issues their tokens from the tenant of personal accounts), then a test mail sent as
// them. The same story as a work account's, end to end.
import { expect, test } from "@playwright/test";
import { DEMO_TENANTS } from "../emulator/state/default-scenario";
import { emulatorControl, withDatabase } from "./support/stack";
import {
  consentOnMicrosoft,
  inviteWithoutMail,
  newPersonalAccount,
  redeemInvitation,
  signInAs,
  STAFF,
} from "./support/staff";
import { shotAtBothWidths } from "./support/screenshots";

test("a personal Microsoft account is invited, redeems, consents and gets a test mail sent as them", async ({
  page,
  browser,
}) => {
  const address = await newPersonalAccount("personal", "Pat Personal");
  await signInAs(page, STAFF.admin);
  const { invitationId, redeemUrl } = await inviteWithoutMail(page, address);

  const context = await browser.newContext({ locale: "en-US" });
  const invitee = await context.newPage();
  await redeemInvitation(invitee, redeemUrl, address);
  await expect(invitee).toHaveURL(/\/consent\/i\/[0-9a-f-]{36}$/);
  await expect(invitee.getByRole("heading", { name: "Connect your Microsoft account" })).toBeVisible();
  await expect(page.getByTestId("invitation-status")).toHaveAttribute("data-status", "Accepted", { timeout: 15_000 });
  await shotAtBothWidths(invitee, "consent-landing-personal-en");
  await invitee.locator("#consent-start").click();
  await consentOnMicrosoft(invitee, address);
  await expect(invitee).toHaveURL(/\/consent\/done\/[0-9a-f-]{36}$/);
  await expect(invitee.getByTestId("consent-success")).toContainText(address);
  await shotAtBothWidths(invitee, "consent-success-personal-en");
  await context.close();

  await expect(page.getByTestId("invitation-status")).toHaveAttribute("data-status", "Consented", { timeout: 30_000 });
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
