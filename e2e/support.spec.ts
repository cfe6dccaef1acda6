// Support staff: see and search invitations, resend one (and meet the 10-minute limit), but no
// invite, bulk or revoke controls, and the admin-only pages refuse them.
import { expect, test } from "@playwright/test";
import { signInAs, STAFF } from "./support/staff";
import { shot } from "./support/screenshots";

test("support signs in and resends an invitation; the resend limit is shown", async ({ browser }) => {
  // An admin invites someone (the invitation support will work on), in their own browser.
  const invitee = `partner-${Date.now().toString(36)}@fabrikam.com`;
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await signInAs(admin, STAFF.admin, "/invitations/new");
  await admin.getByLabel("Email address").fill(invitee);
  await admin.getByRole("button", { name: "Invite", exact: true }).click();
  await expect(admin).toHaveURL(/\/invitations\/[0-9a-f-]{36}$/);
  const invitationUrl = new URL(admin.url()).pathname;
  await expect(admin.getByTestId("invitation-status")).toHaveAttribute("data-status", "PendingAcceptance", {
    timeout: 30_000,
  });
  await adminContext.close();

  const supportContext = await browser.newContext();
  const page = await supportContext.newPage();
  await signInAs(page, STAFF.support);
  await expect(page.getByText("Support", { exact: true })).toBeVisible();
  // Support sees the list but none of the admin entry points.
  await expect(page.getByRole("link", { name: "Invite user" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Bulk invite" })).toHaveCount(0);
  await page.getByLabel(/Search/).fill(invitee.split("@")[0]!);
  const row = page.getByTestId("invitation-row").filter({ hasText: invitee });
  await expect(row).toHaveCount(1);
  await shot(page, "support-invitations-list");

  await row.getByRole("link").click();
  await expect(page).toHaveURL(new RegExp(`${invitationUrl}$`));
  await expect(page.getByRole("button", { name: "Resend invitation" })).toBeEnabled();
  await expect(page.getByRole("button", { name: /Revoke/ })).toHaveCount(0);
  await expect(page.getByText("Reset redemption")).toHaveCount(0);

  await page.getByRole("button", { name: "Resend invitation" }).click();
  await expect(page.getByTestId("resend-limit")).toContainText("possible again in");
  await expect(page.getByRole("button", { name: "Resend invitation" })).toBeDisabled();
  // The resend is on the timeline, done by the support person.
  const resent = page.locator('[data-event-type="resent"]');
  await expect(resent).toBeVisible();
  await expect(resent).toContainText(STAFF.support);
  await shot(page, "support-invitation-resent");

  // Support may hand out a fresh consent link; it is shown once, to copy.
  await page.getByRole("button", { name: "Create consent link" }).click();
  await expect(page.getByTestId("consent-link")).toContainText(/\/consent\//);
  await expect(page.locator('[data-event-type="consent_link_created"]')).toBeVisible();

  // After a reload the limit still shows: it is the server's, not the page's.
  await page.reload();
  await expect(page.getByTestId("resend-limit")).toContainText("possible again in");
  await expect(page.getByRole("button", { name: "Resend invitation" })).toBeDisabled();

  // Admin-only pages are closed to support.
  for (const route of ["/invitations/new", "/invitations/bulk"]) {
    await page.goto(route);
    await expect(page).toHaveURL(/\/no-access/);
  }
  await supportContext.close();
});

test("the live-update stream is closed to anonymous visitors", async ({ request }) => {
  const response = await request.get("/api/invitations/stream");
  expect(response.status()).toBe(401);
});
