// The invited user's journey and the admin's view of it: the admin invites Bruno; Bruno redeems the
// invitation on the emulator, lands on the portal's consent page, consents on Microsoft's page and
// sees success; the admin's open detail page turns Consented without a reload, and a test mail sent
// as Bruno shows up in the emulator's sent mail.
import { expect, test } from "@playwright/test";
import { emulatorControl } from "./support/stack";
import { consentOnMicrosoft, redeemInvitation, signInAs, STAFF } from "./support/staff";
import { shot } from "./support/screenshots";

const INVITEE = "bruno@fabrikam.com";

test("invited user redeems, consents and sees success; the admin sees Consented live and sends a test mail as them", async ({
  page,
  browser,
}) => {
  await signInAs(page, STAFF.admin);
  await page.locator("header").getByRole("link", { name: "Invite user" }).click();
  await page.getByLabel("Email address").fill(INVITEE);
  await page.getByLabel("Display name (optional)").fill("Bruno Fabrikam");
  await page.getByLabel("Send Microsoft's invitation mail").uncheck();
  await page.getByRole("button", { name: "Invite", exact: true }).click();
  await expect(page).toHaveURL(/\/invitations\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("invitation-status")).toHaveAttribute("data-status", "PendingAcceptance", {
    timeout: 30_000,
  });
  const redeemUrl = (await page.getByTestId("redeem-url").textContent())!;

  // Bruno, in his own browser: redeem → the portal's consent page → Microsoft → success
  const brunoContext = await browser.newContext();
  const bruno = await brunoContext.newPage();
  await redeemInvitation(bruno, redeemUrl, INVITEE);
  await expect(bruno).toHaveURL(/\/consent\/i\/[0-9a-f-]{36}$/);
  await expect(bruno.getByRole("heading", { name: "Connect your Microsoft account" })).toBeVisible();
  await expect(bruno.getByTestId("consent-permissions")).toContainText("Send email as you");
  await expect(
    bruno
      .getByText(STAFF.admin, { exact: false })
      .or(bruno.getByText("contoso.com", { exact: false }))
      .first(),
  ).toBeVisible();
  await shot(bruno, "consent-landing");
  await bruno.locator("#consent-start").click();
  await consentOnMicrosoft(bruno, INVITEE, (microsoft) => shot(microsoft, "consent-microsoft-page"));
  await expect(bruno).toHaveURL(/\/consent\/done\/[0-9a-f-]{36}$/);
  await expect(bruno.getByTestId("consent-success")).toContainText(INVITEE);
  await shot(bruno, "consent-success");
  // the token never reached the browser: no cookie but the binding, nothing token-like in the page
  const cookies = await brunoContext.cookies();
  expect(
    cookies.filter(
      (c) => c.domain === "localhost" && !c.name.startsWith("guestpass_consent_binding") && c.name.includes("consent"),
    ),
  ).toEqual([]);
  expect(await bruno.content()).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\./);
  await brunoContext.close();

  // The admin's page follows without a reload
  await expect(page.getByTestId("invitation-status")).toHaveAttribute("data-status", "Consented", { timeout: 30_000 });
  await shot(page, "invitation-detail-consented");

  // The test mail's text is Guestpass's own; staff pick only the recipient.
  const testMail = page.getByRole("region", { name: "Test mail" });
  await expect(testMail.getByLabel("Subject")).toHaveCount(0);
  await expect(testMail.getByRole("radio", { name: `The user, ${INVITEE}` })).toBeChecked();
  await page.getByRole("button", { name: "Send test mail as the user" }).click();
  await expect(page.getByTestId("test-mail-sent")).toContainText(INVITEE);
  await shot(page, "invitation-detail-test-mail-sent");
  const sent = await emulatorControl().sentMail({ from: INVITEE });
  expect(sent.map((mail) => mail.subject)).toContain(`Guestpass connection test for ${INVITEE}`);
});

test("an expired or unknown consent link explains itself instead of failing", async ({ page }) => {
  await page.goto(`/consent/${"A".repeat(43)}`);
  await expect(page.getByRole("heading", { name: "This link does not work" })).toBeVisible();
  await page.goto("/consent/problem/other_browser");
  await expect(page.getByRole("heading", { name: "Please finish in the browser where you started" })).toBeVisible();
  await shot(page, "consent-problem-other-browser");
});
