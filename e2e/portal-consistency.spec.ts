// The same things read the same way everywhere: every moment in one format, in the viewer's time
// zone; the funnel's figures visibly made of the status tiles; a missing invitation said once,
// inside the staff layout.
import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { withDatabase } from "./support/stack";
import { signInAs, STAFF } from "./support/staff";
import { shot } from "./support/screenshots";

// "2 Dec 2026, 23:07:27 GMT+5:30": the portal's one format, here in India's zone (UTC+5:30).
const EXACT_IN_KOLKATA = /^\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2}:\d{2} GMT\+5:30$/;

/**
 * Every <time> on the page: its exact title is in the viewer's zone, and its clock is right. The
 * server writes UTC (it cannot know the zone) and the browser rewrites each time once the page has
 * hydrated, so this waits for that rather than reading the first paint.
 */
async function expectTimesInKolkata(page: Page, minimum: number): Promise<void> {
  await expect(async () => {
    const times = await page.locator("time").evaluateAll((elements) =>
      elements.map((e) => ({
        iso: e.getAttribute("datetime") ?? "",
        title: e.getAttribute("title") ?? "",
        text: e.textContent ?? "",
      })),
    );
    expect(times.length).toBeGreaterThanOrEqual(minimum);
    for (const time of times) {
      expect(time.title).toMatch(EXACT_IN_KOLKATA);
      const shifted = new Date(new Date(time.iso).getTime() + 5.5 * 3600_000);
      const clock = `${String(shifted.getUTCHours()).padStart(2, "0")}:${String(shifted.getUTCMinutes()).padStart(2, "0")}`;
      expect(time.title).toContain(`, ${clock}:`);
    }
  }).toPass({ timeout: 10_000 });
}

test.describe("in the viewer's time zone", () => {
  test.use({ timezoneId: "Asia/Kolkata" });

  test("every date on the invitation, list and audit pages is written one way, in the viewer's zone", async ({
    page,
  }) => {
    await signInAs(page, STAFF.admin, "/invitations/new");
    const address = `zone-${Date.now().toString(36)}@fabrikam.example`;
    await page.getByLabel("Email address").fill(address);
    await page.getByLabel("Send Microsoft's invitation mail").uncheck();
    await page.getByRole("button", { name: "Invite", exact: true }).click();
    await expect(page).toHaveURL(/\/invitations\/[0-9a-f-]{36}$/);
    await expect(page.getByTestId("invitation-status")).toHaveAttribute("data-status", "PendingAcceptance", {
      timeout: 30_000,
    });
    await expectTimesInKolkata(page, 3);
    // The timeline shows the exact moment itself, in the same format.
    const timelineTimes = page.locator("ol time, ul time").filter({ hasText: /GMT/ });
    for (const text of await timelineTimes.allTextContents()) expect(text).toMatch(EXACT_IN_KOLKATA);
    expect(await timelineTimes.count()).toBeGreaterThan(0);
    await shot(page, "invitation-detail-kolkata");

    await page.goto(`/invitations?q=${encodeURIComponent(address)}`);
    await expect(page.getByTestId("invitation-row")).toHaveCount(1);
    await expectTimesInKolkata(page, 1);

    await page.goto("/audit?action=invitation.create");
    await expect(page.getByTestId("audit-entry").first()).toBeVisible();
    await expectTimesInKolkata(page, 1);
    for (const text of await page.getByTestId("audit-entry").locator("time").allTextContents())
      expect(text).toMatch(EXACT_IN_KOLKATA);
    await shot(page, "audit-log-kolkata");
  });
});

test("the funnel's figures are sums of the status tiles it names, and no stage borrows a tile's name", async ({
  page,
}) => {
  const tag = `funnel${Date.now().toString(36)}`;
  await withDatabase(async (db) => {
    for (const status of ["Accepted", "Consented", "ConsentExpired", "PendingAcceptance"]) {
      await db.query(
        `INSERT INTO "Invitation" (id, email, status, "updatedAt") VALUES ($1, $2, $3::"InvitationStatus", now())`,
        [randomUUID(), `${tag}-${status.toLowerCase()}@fabrikam.example`, status],
      );
    }
  });
  await signInAs(page, STAFF.admin, "/invitations");
  const tileCount = async (status: string) =>
    Number(await page.getByTestId(`status-count-${status}`).locator("span").first().textContent());
  const tileLabels = await page.locator('[data-testid^="status-count-"] span:nth-child(2)').allTextContents();
  const stages = page.getByTestId("funnel-stage");
  await expect(stages).toHaveCount(3);
  for (const stage of await stages.all()) {
    const statuses = (await stage.getAttribute("data-statuses"))!.split(" ");
    let sum = 0;
    for (const status of statuses) sum += await tileCount(status);
    expect(Number(await stage.getAttribute("data-count"))).toBe(sum);
    const label = (await stage.locator("span").first().textContent())!;
    expect(tileLabels).not.toContain(label);
    // The chart's bar for the stage carries the same figure.
    await expect(page.locator(`g[data-stage="${label}"]`)).toHaveAttribute("data-count", String(sum));
  }
  expect(await tileCount("Consented")).toBeGreaterThan(0);
  await shot(page, "invitations-funnel");
});

for (const width of [1280, 390]) {
  test(`at ${width} px, a missing invitation is said once, inside the staff layout, in words for staff`, async ({
    page,
  }) => {
    await page.setViewportSize({ width, height: 900 });
    await signInAs(page, STAFF.admin, "/invitations");
    await page.goto(`/invitations/${randomUUID()}`);
    await expect(page.getByRole("heading", { name: "This invitation does not exist", level: 1 })).toBeVisible();
    await expect(page.getByRole("heading", { level: 1 })).toHaveCount(1);
    // One logo and one brand name: the staff layout's, not a second card page inside it.
    await expect(page.getByText("Guestpass", { exact: true })).toHaveCount(1);
    await expect(page.getByRole("link", { name: "Back to invitations" })).toBeVisible();
    await expect(page.getByText(/ask the person who sent it/)).toHaveCount(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    await shot(page, `invitation-not-found-${width}`);
  });
}
