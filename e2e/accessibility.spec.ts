// Every page a person sees, staff and invited person, in the light and the dark scheme, audited with
// axe-core (its default rules: WCAG 2.x A/AA and best practices): no serious or critical violation.
// The pages are reached the way people reach them (an admin invites, the invited person redeems and
// consents), so the audit sees them with real data. A screenshot of each page in each scheme is
// kept as an artifact (test-results/screenshots/a11y-*.png).
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { emulatorControl } from "./support/stack";
import { consentOnMicrosoft, newFabrikamPerson, redeemInvitation, signInAs, STAFF } from "./support/staff";
import { shot } from "./support/screenshots";

const SCHEMES = ["light", "dark"] as const;
const BLOCKING = new Set(["serious", "critical"]);

/** The page's serious and critical violations in both schemes, one readable line each. */
async function violations(page: Page, name: string): Promise<string[]> {
  const found: string[] = [];
  // Colours are judged as they settle, not halfway through a transition to the other scheme.
  await page.addStyleTag({
    content: "*, *::before, *::after { transition: none !important; animation: none !important; }",
  });
  for (const colorScheme of SCHEMES) {
    await page.emulateMedia({ colorScheme });
    const results = await new AxeBuilder({ page }).analyze();
    for (const violation of results.violations) {
      if (!BLOCKING.has(violation.impact ?? "")) continue;
      const where = violation.nodes
        .slice(0, 3)
        .map((node) => node.target.join(" "))
        .join(" | ");
      const why = violation.nodes[0]?.failureSummary?.replace(/\s+/g, " ") ?? "";
      found.push(
        `${name} (${colorScheme}): ${violation.id} [${violation.impact}] ${violation.help} — at ${where} — ${why}`,
      );
    }
    await shot(page, `a11y-${name}-${colorScheme}`);
  }
  await page.emulateMedia({ colorScheme: null });
  return found;
}

/** Audits each page in turn and fails once, listing every violation of every page. */
class Audit {
  private readonly found: string[] = [];
  async page(page: Page, name: string, url?: string): Promise<void> {
    if (url) await page.goto(url);
    await page.waitForLoadState("networkidle");
    this.found.push(...(await violations(page, name)));
  }
  assertClean(): void {
    expect(this.found, this.found.join("\n")).toEqual([]);
  }
}

test("public pages pass the accessibility audit in light and dark", async ({ page }) => {
  const audit = new Audit();
  await audit.page(page, "signin", "/signin");
  await audit.page(page, "signin-failed", "/signin?error=AccessDenied");
  await audit.page(page, "no-access", "/no-access");
  await audit.page(page, "not-found", "/this-page-does-not-exist");
  await audit.page(page, "consent-link-unknown", `/consent/${"A".repeat(43)}`);
  for (const reason of ["missing_state", "state_expired", "other_browser", "admin_approved", "unavailable"]) {
    await audit.page(page, `consent-problem-${reason}`, `/consent/problem/${reason}`);
  }
  audit.assertClean();
});

test("staff and invited-person pages pass the accessibility audit in light and dark", async ({ page, browser }) => {
  test.setTimeout(180_000);
  const audit = new Audit();
  // A person of their own: the demo accounts are other specs' (one stack serves the whole run).
  const invitee = await newFabrikamPerson("a11y", "Ada Audit");

  await signInAs(page, STAFF.admin);
  await audit.page(page, "invitations-empty");
  await audit.page(page, "connect-by-link", "/invitations/connect");
  await audit.page(page, "invite-form", "/invitations/new");
  await page.getByLabel("Send Microsoft's invitation mail").uncheck();
  await page.getByLabel("Email address").fill(invitee);
  await page.getByLabel("Email address").press("Enter");
  await expect(page).toHaveURL(/\/invitations\/[0-9a-f-]{36}$/);
  const detailUrl = new URL(page.url()).pathname;
  await expect(page.getByTestId("invitation-status")).toHaveAttribute("data-status", "PendingAcceptance", {
    timeout: 30_000,
  });
  await audit.page(page, "invitation-pending");
  const redeemUrl = (await page.getByTestId("redeem-url").textContent())!;

  await audit.page(page, "invitations-list", "/invitations");
  await audit.page(page, "bulk-upload", "/invitations/bulk");
  await page.locator("#bulk-file").setInputFiles({
    name: "partners.csv",
    mimeType: "text/csv",
    buffer: Buffer.from("email,displayName\nnot-an-address,Broken\nnew.partner@tailspin.example,New Partner\n"),
  });
  await page.getByRole("button", { name: "Upload and check" }).click();
  await expect(page).toHaveURL(/\/invitations\/bulk\/[0-9a-f-]{36}$/);
  await audit.page(page, "bulk-preview");
  await audit.page(page, "settings", "/settings");
  await audit.page(page, "audit-log", "/audit");

  // The invited person, in a browser of their own: redeem, the consent landing page, Microsoft, done.
  const personContext = await browser.newContext();
  const person = await personContext.newPage();
  await redeemInvitation(person, redeemUrl, invitee);
  await expect(person).toHaveURL(/\/consent\/i\/[0-9a-f-]{36}$/);
  await audit.page(person, "consent-landing");
  await person.locator("#consent-start").click();
  await consentOnMicrosoft(person, invitee);
  await expect(person).toHaveURL(/\/consent\/done\/[0-9a-f-]{36}$/);
  await audit.page(person, "consent-done");

  await page.goto(detailUrl);
  await expect(page.getByTestId("invitation-status")).toHaveAttribute("data-status", "Consented", { timeout: 30_000 });
  await audit.page(page, "invitation-consented");
  // A consent link as the person receives it.
  await page
    .getByRole("button", { name: /consent link/ })
    .first()
    .click();
  const consentLink = page.getByTestId("consent-link").locator("code");
  await expect(consentLink).toBeVisible();
  await audit.page(person, "consent-link-entry", (await consentLink.getAttribute("title"))!);
  await personContext.close();

  // The support view of the same pages.
  const supportContext = await browser.newContext();
  const support = await supportContext.newPage();
  await signInAs(support, STAFF.support);
  await audit.page(support, "support-invitations-list");
  await audit.page(support, "support-invitation-consented", detailUrl);
  await supportContext.close();

  expect((await emulatorControl().listInvitations()).length).toBeGreaterThan(0);
  audit.assertClean();
});
