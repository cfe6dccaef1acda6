// Admin journey: sign in through the emulator, invite one user, and watch the invitation move
// Queued → PendingAcceptance → Accepted on the open pages (no reload) while the person redeems it
// in another browser and the worker syncs. Plus the list's search/filter/paging and the audit page.
import { expect, test, type Page } from "@playwright/test";
import { emulatorControl, queueJob, stackEnv, withDatabase } from "./support/stack";
import { redeemInvitation, signInAs, STAFF } from "./support/staff";
import { shot } from "./support/screenshots";

/** Marks the document so a later check can prove the page was never reloaded. */
async function markDocument(page: Page): Promise<void> {
  await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));
}
async function expectSameDocument(page: Page): Promise<void> {
  expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
}

test("admin invites a user and sees PendingAcceptance turn into Accepted live after they redeem", async ({
  page,
  browser,
}) => {
  await signInAs(page, STAFF.admin);
  await expect(page.getByRole("heading", { name: "Invitations", level: 1 })).toBeVisible();
  await shot(page, "invitations-list-empty");

  await page.locator("header").getByRole("link", { name: "Invite user" }).click();
  await expect(page).toHaveURL(/\/invitations\/new$/);
  // A bad address is explained beside the field before anything is sent.
  await page.getByLabel("Email address").fill("alice@@fabrikam");
  await page.getByLabel("Display name (optional)").focus();
  await expect(page.locator("#email-error")).toBeVisible();
  await page.getByLabel("Email address").fill("alice@fabrikam.com");
  await page.getByLabel("Display name (optional)").fill("Alice Fabrikam");
  await expect(page.getByTestId("lookup-notice")).toContainText("Not in your tenant yet");
  // No mail: the redeem link is shared by hand from the detail page.
  await page.getByLabel("Send Microsoft's invitation mail").uncheck();
  await shot(page, "invite-form");
  await page.getByRole("button", { name: "Invite", exact: true }).click();

  await expect(page).toHaveURL(/\/invitations\/[0-9a-f-]{36}$/);
  await markDocument(page);
  // The worker sends it; the open detail page follows without a reload.
  await expect(page.getByTestId("invitation-status")).toHaveAttribute("data-status", "PendingAcceptance", {
    timeout: 30_000,
  });
  await expectSameDocument(page);
  const redeemUrl = await page.getByTestId("redeem-url").textContent();
  expect(redeemUrl).toMatch(/^https:\/\/localhost:\d+\/redeem\?/);
  await expect(page.getByRole("button", { name: "Copy link" })).toBeVisible();
  await shot(page, "invitation-detail-pending");

  await page.getByRole("link", { name: "Invitations" }).first().click();
  const row = page.getByTestId("invitation-row").filter({ hasText: "alice@fabrikam.com" });
  await expect(row).toHaveAttribute("data-status", "PendingAcceptance");
  await expect(page.getByTestId("live-indicator")).toHaveAttribute("data-live-state", "live");
  await markDocument(page);
  // Other specs may have left accepted invitations in this stack: count from what is there now.
  const acceptedBefore = Number((await page.getByTestId("status-count-Accepted").textContent())?.match(/\d+/)?.[0]);

  // Alice redeems in her own browser; then the periodic status sync runs (queued now rather than
  // at its next 5-minute slot).
  const alice = await browser.newContext();
  await redeemInvitation(await alice.newPage(), redeemUrl!, "alice@fabrikam.com");
  await alice.close();
  await queueJob("invitations.syncStatus");

  await expect(row).toHaveAttribute("data-status", "Accepted", { timeout: 30_000 });
  await expect(page.getByTestId("status-count-Accepted")).toContainText(String(acceptedBefore + 1));
  await expectSameDocument(page);
  await shot(page, "invitations-list-accepted");

  await row.getByRole("link").click();
  await expect(page.getByTestId("invitation-status")).toHaveAttribute("data-status", "Accepted");
  await expect(page.getByTestId("external-user-state")).toContainText("Accepted");
  await expect(page.locator('[data-event-type="status_synced"]')).toBeVisible();
  await shot(page, "invitation-detail-accepted");

  await page.emulateMedia({ colorScheme: "dark" });
  await shot(page, "invitation-detail-accepted-dark");
  await page.emulateMedia({ colorScheme: "light" });

  // The invitation is in the audit log with its actor.
  await page.getByRole("link", { name: "Audit log" }).click();
  const created = () => page.locator('[data-testid="audit-entry"][data-action="invitation.create"]');
  const entry = created();
  await expect(entry.first()).toContainText(STAFF.admin);
  await page.getByLabel("Outcome").selectOption("Denied");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/outcome=Denied/);
  // Only this admin's entries: other specs (the authorization matrix) leave Denied entries of their own.
  await expect(created().filter({ hasText: STAFF.admin })).toHaveCount(0);
  await page.getByRole("link", { name: "Clear" }).click();
  await expect(page).toHaveURL(/\/audit$/);
  await expect(page.getByLabel("Outcome")).toHaveValue("");
  await expect(created().first()).toBeVisible();
  await shot(page, "audit-log");
});

test("the list searches, filters by status and pages through many invitations", async ({ page }) => {
  // 130 invitations straight into the database (the list reads whatever is there), under a tag
  // of this run so the counts below hold whatever else the database contains.
  const tag = `pg${Date.now().toString(36)}`;
  await withDatabase((db) =>
    db.query(
      `INSERT INTO "Invitation" (id, email, "displayName", status, "createdAt", "updatedAt")
       SELECT gen_random_uuid(), $1 || '-' || n || '@northwind.example', 'Paging Person ' || n,
              (CASE WHEN n % 5 = 0 THEN 'Failed' ELSE 'PendingAcceptance' END)::"InvitationStatus",
              now() - (n || ' minutes')::interval, now()
       FROM generate_series(1, 130) AS n`,
      [tag],
    ),
  );
  await signInAs(page, STAFF.admin);
  // Hydrated and listening (keyboard shortcuts are attached once the page runs in the browser).
  await expect(page.getByTestId("live-indicator")).toHaveAttribute("data-live-state", "live");
  await shot(page, "invitations-list-many");

  // "/" jumps to search; typing filters without pressing Enter.
  await page.keyboard.press("/");
  await expect(page.getByLabel(/Search/)).toBeFocused();
  await page.keyboard.type(`${tag}-12`);
  await expect(page).toHaveURL(new RegExp(`q=${tag}-12`));
  await expect(page.getByTestId("invitation-row")).toHaveCount(11); // 12, 120…129

  await page.getByLabel(/Search/).fill(tag);
  await expect(page).toHaveURL(new RegExp(`q=${tag}$`));
  await page.getByLabel("Status", { exact: true }).selectOption("Failed");
  await expect(page).toHaveURL(/status=Failed/);
  await expect(page.getByTestId("invitation-row")).toHaveCount(26);
  await expect(page.locator('[data-testid="invitation-row"]:not([data-status="Failed"])')).toHaveCount(0);

  await page.getByLabel("Status", { exact: true }).selectOption("");
  await expect(page).not.toHaveURL(/status=/);
  await page.getByLabel("Sort", { exact: true }).selectOption("email");
  await expect(page).toHaveURL(/sort=email/);
  await expect(page.getByTestId("invitation-row")).toHaveCount(50);
  const firstPage = await page
    .getByTestId("invitation-row")
    .evaluateAll((rows) => rows.map((r) => r.querySelector("a")!.textContent!));
  expect([...firstPage].sort()).toEqual(firstPage);
  await page.getByRole("link", { name: "Older →" }).click();
  await expect(page).toHaveURL(/cursor=/);
  await expect(page.getByTestId("invitation-row").first().getByRole("link")).not.toHaveText(firstPage[0]!);
  const secondPage = await page
    .getByTestId("invitation-row")
    .evaluateAll((rows) => rows.map((r) => r.querySelector("a")!.textContent!));
  expect(secondPage[0]! > firstPage.at(-1)!).toBe(true);
  await page.getByRole("link", { name: "← Newer" }).click();
  await expect(page.getByTestId("invitation-row").first().getByRole("link")).toHaveText(firstPage[0]!);

  await page.getByLabel(/Search/).fill("nobody-by-this-name");
  await expect(page.getByRole("heading", { name: "No invitations match" })).toBeVisible();
  await shot(page, "invitations-list-no-match");
});

test("an address that is already a user of the tenant is shown as such, and nothing is sent", async ({ page }) => {
  await signInAs(page, STAFF.admin, "/invitations/new");
  await page.getByLabel("Email address").fill("megan@contoso.com");
  await page.getByLabel("Display name (optional)").focus();
  await expect(page.getByTestId("lookup-notice")).toContainText("already a");
  await page.getByRole("button", { name: "Invite", exact: true }).click();
  await expect(page.getByTestId("invite-outcome")).toContainText("already a user of your tenant");
  await expect(page).toHaveURL(/\/invitations\/new$/);
  await shot(page, "invite-form-existing-user");
});

test("an address typed and left before the page's script has run is still looked up", async ({ page }) => {
  await signInAs(page, STAFF.admin);
  // Hold the page's script back, as a slow phone connection does, while the address is typed and left.
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  // Scripts only: the stylesheets live beside them and would hold back the page itself.
  const scripts = (url: URL) => url.pathname.startsWith("/_next/static/chunks/") && url.pathname.endsWith(".js");
  await page.route(scripts, async (route) => {
    await held;
    await route.continue();
  });
  await page.goto("/invitations/new", { waitUntil: "commit" });
  await page.getByLabel("Email address").fill("megan@contoso.com");
  await page.getByLabel("Display name (optional)").focus();
  // Until the page is live Invite waits, rather than submitting the form as a plain GET.
  const invite = page.getByRole("button", { name: "Invite", exact: true });
  await expect(invite).toBeDisabled();
  release();
  await expect(invite).toBeEnabled();
  await expect(page.getByTestId("lookup-notice")).toContainText("already a");
});

test("a refused invitation shows Microsoft's error explained: what it means, how to fix it, the request id", async ({
  page,
}) => {
  const tenantId = stackEnv().AZURE_TENANT_ID!;
  const control = emulatorControl();
  await control.updateTenant(tenantId, { invitationsDisabled: true });
  try {
    await signInAs(page, STAFF.admin, "/invitations/new");
    await page.getByLabel("Email address").fill(`refused-${Date.now().toString(36)}@tailspin.com`);
    await page.getByRole("button", { name: "Invite", exact: true }).click();
    await expect(page).toHaveURL(/\/invitations\/[0-9a-f-]{36}$/);
    await expect(page.getByTestId("invitation-status")).toHaveAttribute("data-status", "Failed", { timeout: 30_000 });
    const explained = page.getByRole("alert").filter({ hasText: "Last error from Microsoft" });
    await expect(explained).toBeVisible();
    await expect(explained).toContainText("How to fix it");
    await expect(explained).toContainText("Request id");
    // The explanation fits what Microsoft said (invitations turned off), not a generic permission error.
    await expect(explained).toContainText(/invitations/i);
    await expect(explained).not.toContainText("lacks a Graph application permission");
    await shot(page, "invitation-detail-failed");
  } finally {
    await control.updateTenant(tenantId, { invitationsDisabled: false });
  }
});
