// The invitation detail page as staff meet it in their first hour: what the actions column offers
// (and why not, when the app registration cannot do it), and how its errors read, at desktop and
// phone width.
import { expect, test, type Page } from "@playwright/test";
import { shot } from "./support/screenshots";
import { emulatorControl, stackEnv } from "./support/stack";
import { DEMO_TENANTS } from "../emulator/state/default-scenario";
import { consentOnMicrosoft, DEMO_PASSWORD, signInAs, STAFF } from "./support/staff";

const WIDTHS = [1280, 390] as const;
const unique = (prefix: string) =>
  `${prefix}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@fabrikam.com`;

/** Invites `email` through the form and waits until Microsoft has the invitation. */
async function invite(page: Page, email: string): Promise<string> {
  await page.goto("/invitations/new");
  await page.getByLabel("Email address").fill(email);
  await page.getByRole("button", { name: "Invite", exact: true }).click();
  await expect(page).toHaveURL(/\/invitations\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("invitation-status")).toHaveAttribute("data-status", "PendingAcceptance", {
    timeout: 30_000,
  });
  return page.url();
}

/** A person with a Fabrikam account for `email`, so they can sign in at Microsoft. */
function createPerson(email: string, displayName: string, tenant: "fabrikam" | "tailspin" = "fabrikam") {
  const mailbox = tenant === "tailspin" ? "onPremises" : "exchangeOnline"; // as in the demo: Tailspin runs its own Exchange
  return emulatorControl().createUser({
    tenantId: DEMO_TENANTS[tenant].id,
    userPrincipalName: email,
    mail: email,
    displayName,
    password: DEMO_PASSWORD,
    mailbox,
  });
}

/** Redeems the invitation on the open detail page as `homeUserId`, as Microsoft records it, and checks it now. */
async function redeem(page: Page, homeUserId: string): Promise<void> {
  const guestId = (await page.getByRole("region", { name: "Current state" }).locator("code").first().textContent())!;
  await emulatorControl().redeemInvitedUser(guestId.trim(), homeUserId);
  await page.getByRole("button", { name: "Check status now" }).click();
  await expect(page.getByTestId("invitation-status")).toHaveAttribute("data-status", "Accepted");
}

/** Nothing on the page is wider than the window: no sideways scrolling. */
async function expectNoSidewaysScroll(page: Page): Promise<void> {
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
}

test.afterEach(async () => {
  await emulatorControl().resetFaults();
});

test("without User.ReadWrite.All, revoke and reset redemption are disabled and say why", async ({ page }) => {
  // The demo's app registration has User.Invite.All and User.Read.All only, as a fresh tenant would.
  const email = unique("perm");
  const home = await createPerson(email, "Permitted Pat");
  await signInAs(page, STAFF.admin);
  const url = await invite(page, email);
  await redeem(page, home.id); // reset redemption is offered only once redeemed
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    await page.goto(url);
    const actions = page.getByRole("region", { name: "Actions" });
    await expect(actions.getByRole("button", { name: "Revoke…" })).toBeDisabled();
    await expect(actions.getByTestId("revoke-blocked")).toContainText("User.ReadWrite.All");
    await expect(actions.getByRole("button", { name: "Revoke…" })).toHaveAccessibleDescription(/User\.ReadWrite\.All/);
    const reset = actions.getByRole("checkbox", { name: /Reset redemption/ });
    await expect(reset).toBeDisabled();
    await expect(reset).toHaveAccessibleDescription(/User\.ReadWrite\.All/);
    await expectNoSidewaysScroll(page);
    await shot(page, `invitation-detail-actions-no-permission-${width}`);
  }
});

test("an error in the actions column wraps inside it and reads as a sentence", async ({ page }) => {
  await signInAs(page, STAFF.admin);
  const url = await invite(page, unique("wrap"));
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    await page.goto(url);
    // Microsoft fails every user read for a while: "Check status now" gets an explained error.
    await emulatorControl().setFaults({
      rules: [
        {
          pathPrefix: "/v1.0/users",
          methods: ["GET"],
          serverErrorRate: 1,
          serverErrorStatus: 503,
          serverErrorRetryAfterSeconds: 0,
        },
      ],
    });
    const actions = page.getByRole("region", { name: "Actions" });
    await actions.getByRole("button", { name: "Check status now" }).click();
    const alert = actions.getByRole("alert");
    await expect(alert).toBeVisible({ timeout: 30_000 });
    await emulatorControl().resetFaults();
    await expect(alert.getByTestId("error-heading")).toContainText("Microsoft refused the status check");
    expect(await alert.getByTestId("error-heading").evaluate((node) => getComputedStyle(node).textTransform)).toBe(
      "none",
    );
    // Wraps inside the column: nothing sticks out of the alert or the card.
    expect(await alert.evaluate((node) => node.scrollWidth - node.clientWidth)).toBeLessThanOrEqual(0);
    expect(await actions.evaluate((node) => node.scrollWidth - node.clientWidth)).toBeLessThanOrEqual(0);
    await expectNoSidewaysScroll(page);
    await shot(page, `invitation-detail-actions-error-${width}`);
  }
});

test("a declined consent is explained in Current state, not as an unknown error", async ({ page, browser }) => {
  const email = unique("declines");
  await createPerson(email, "Declining Dana");
  await signInAs(page, STAFF.admin);
  const url = await invite(page, email);
  const invitationId = url.split("/").at(-1)!;

  // The person opens the consent page, signs in at Microsoft and presses Cancel.
  const personContext = await browser.newContext();
  const person = await personContext.newPage();
  await person.goto(`/consent/i/${invitationId}`);
  await person.locator("#consent-start").click();
  await person.locator("#username").fill(email);
  await person.locator("#password").fill(DEMO_PASSWORD);
  await person.locator("#signin-submit").click();
  await person.locator("#consent-cancel").click();
  await expect(person.getByRole("heading", { name: "You did not give permission" })).toBeVisible();
  await personContext.close();

  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    await page.goto(url);
    const current = page.getByRole("region", { name: "Current state" });
    await expect(current.getByTestId("consent-outcome")).toContainText("The user declined consent");
    await expect(page.getByRole("alert", { name: "Why the last consent attempt did not connect" })).toContainText(
      "Cancel",
    );
    await expect(page.getByRole("main")).not.toContainText("does not know yet");
    await expectNoSidewaysScroll(page);
    await shot(page, `invitation-detail-consent-declined-${width}`);
  }
});

const isPrimary = (classes: string) => /\bgp-btn-primary\b/.test(classes);

test("the primary action follows the state, and Check status now says what Microsoft said", async ({ page }) => {
  const email = unique("follows");
  const home = await createPerson(email, "Following Finn");
  await signInAs(page, STAFF.admin);
  const url = await invite(page, email);
  const resend = page.getByRole("button", { name: "Resend invitation" });
  const consentLink = page.getByRole("button", { name: "Create consent link" });

  // Not redeemed yet: resending is what moves it on.
  expect(isPrimary((await resend.getAttribute("class")) ?? "")).toBe(true);
  expect(isPrimary((await consentLink.getAttribute("class")) ?? "")).toBe(false);
  await expect(page.getByRole("checkbox", { name: /Reset redemption/ })).toHaveCount(0);
  await page.getByRole("button", { name: "Check status now" }).click();
  await expect(page.getByTestId("check-answer")).toContainText("Microsoft says: still pending");
  await shot(page, "invitation-detail-pending-1280");

  // Redeemed: the fix is a consent link, and the check says when Microsoft saw the acceptance.
  await redeem(page, home.id);
  await expect(page.getByTestId("check-answer")).toContainText(/Microsoft says: accepted on \d{1,2} \w{3} \d{4}/);
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    await page.goto(url);
    await expect(page.getByTestId("invitation-status")).toHaveAttribute("data-status", "Accepted");
    expect(isPrimary((await consentLink.getAttribute("class")) ?? "")).toBe(true);
    expect(isPrimary((await resend.getAttribute("class")) ?? "")).toBe(false);
    // The fix comes first in the side column.
    const sections = await page
      .locator("aside > section")
      .evaluateAll((nodes) => nodes.map((node) => node.getAttribute("aria-label")));
    expect(sections.slice(0, 2)).toEqual(["Consent", "Actions"]);
    await expectNoSidewaysScroll(page);
    await shot(page, `invitation-detail-redeemed-${width}`);
  }
});

test("a refused invitation does not claim its mail was sent, nor offer consent links or reset", async ({ page }) => {
  const tenantId = stackEnv().AZURE_TENANT_ID!;
  await emulatorControl().updateTenant(tenantId, { invitationsDisabled: true });
  try {
    await signInAs(page, STAFF.admin, "/invitations/new");
    await page.getByLabel("Email address").fill(unique("refused"));
    await page.getByRole("button", { name: "Invite", exact: true }).click();
    await expect(page.getByTestId("invitation-status")).toHaveAttribute("data-status", "Failed", { timeout: 30_000 });
    await page.reload();
    await expect(page.getByTestId("invitation-mail")).toContainText("Not sent");
    await expect(page.getByRole("region", { name: "Consent" })).toHaveCount(0);
    await expect(page.getByRole("checkbox", { name: /Reset redemption/ })).toHaveCount(0);
    expect(isPrimary((await page.getByRole("button", { name: "Resend invitation" }).getAttribute("class")) ?? "")).toBe(
      true,
    );
    await shot(page, "invitation-detail-refused-1280");
  } finally {
    await emulatorControl().updateTenant(tenantId, { invitationsDisabled: false });
  }
});

test("an on-premises mailbox: consent promises no mail, and the failed test mail is explained and on the timeline", async ({
  page,
  browser,
}) => {
  const email = unique("onprem").replace("fabrikam.com", "tailspin.com");
  const home = await createPerson(email, "On-premises Olga", "tailspin");
  await signInAs(page, STAFF.admin);
  const url = await invite(page, email);
  await redeem(page, home.id);

  const personContext = await browser.newContext();
  const person = await personContext.newPage();
  await person.goto(url.replace(/\/invitations\/([0-9a-f-]{36})$/, "/consent/i/$1"));
  await person.locator("#consent-start").click();
  await consentOnMicrosoft(person, email);
  await expect(person.getByTestId("consent-success")).toContainText(email);
  await expect(person.getByTestId("consent-success")).not.toContainText("Mail can now be sent");
  await shot(person, "consent-success-no-promise");
  await personContext.close();

  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    await page.goto(url);
    await expect(page.getByTestId("invitation-status")).toHaveAttribute("data-status", "Consented");
    const failedBefore = await page.locator('[data-event-type="test_mail_failed"]').count();
    const testMail = page.getByRole("region", { name: "Test mail" });
    await testMail.getByRole("button", { name: "Send test mail as the user" }).click();
    const alert = testMail.getByRole("alert");
    await expect(alert).toContainText("not in Exchange Online");
    await expect(alert).toContainText("on-premises");
    await expect(alert).not.toContainText("Set CONSENT_AUTHORITY");
    await expect(alert).not.toContainText("`");
    // On the timeline at once, without a reload.
    await expect(page.locator('[data-event-type="test_mail_failed"]')).toHaveCount(failedBefore + 1);
    await expectNoSidewaysScroll(page);
    await shot(page, `invitation-detail-test-mail-on-premises-${width}`);
  }
});
