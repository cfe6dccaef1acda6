// Staff pages on a phone (390 px, where support staff answer users from) and on a laptop (1280 px):
// no page scrolls sideways, the lists show each row's status and problem without scrolling inside
// the table, and the navigation folds behind a menu button that works from the keyboard.
import { expect, test, type Locator, type Page } from "@playwright/test";
import { withDatabase } from "./support/stack";
import { signInAs, STAFF } from "./support/staff";
import { shot } from "./support/screenshots";

const STATUS_LABELS: Record<string, string> = {
  PendingAcceptance: "Pending acceptance",
  Accepted: "Accepted",
  Consented: "Consented",
  Failed: "Failed",
};

const PHONE = { width: 390, height: 844 };
const LAPTOP = { width: 1280, height: 800 };

/** The page's own width, plus what sticks out past the viewport (so a failure names the culprit). */
async function horizontalOverflow(page: Page): Promise<{ scrollWidth: number; culprits: string[] }> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const culprits: string[] = [];
    for (const element of Array.from(document.body.querySelectorAll("*"))) {
      const box = element.getBoundingClientRect();
      if (box.width === 0 || box.right <= width + 1 || culprits.length >= 6) continue;
      // Whatever sits in a box that clips or scrolls on its own does not widen the page.
      let clipped = false;
      for (let parent = element.parentElement; parent && parent !== document.body; parent = parent.parentElement) {
        if (getComputedStyle(parent).overflowX !== "visible") clipped = true;
      }
      if (!clipped) {
        const name = `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ""}.${String(
          element.getAttribute("class") ?? "",
        )
          .split(" ")
          .slice(0, 4)
          .join(".")}`;
        culprits.push(`${name} → ${Math.round(box.right)} px`);
      }
    }
    return { scrollWidth: document.documentElement.scrollWidth, culprits };
  });
}

async function expectNoSidewaysScroll(page: Page, label: string): Promise<void> {
  const { scrollWidth, culprits } = await horizontalOverflow(page);
  expect
    .soft(scrollWidth, `${label} is ${scrollWidth} px wide at ${PHONE.width} px: ${culprits.join("; ")}`)
    .toBeLessThanOrEqual(PHONE.width);
}

/** Shown and inside the viewport's width: not clipped by a table that scrolls on its own. */
async function expectOnScreen(locator: Locator, width: number): Promise<void> {
  await expect(locator).toBeVisible();
  const box = await locator.boundingBox();
  expect(box, "has a box").not.toBeNull();
  expect(box!.x).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width).toBeLessThanOrEqual(width);
}

interface Fixtures {
  pendingId: string;
  failedId: string;
  tag: string;
}

/** Invitations in several states, with the long values real ones carry (redeem link, error, ids). */
async function createInvitations(): Promise<Fixtures> {
  const tag = `mob${Date.now().toString(36)}`;
  return withDatabase(async (db) => {
    const insert = async (status: string, extra: Record<string, string>) => {
      const fields: Record<string, string> = {
        email: `${tag}-${status.toLowerCase()}-with-a-rather-long-address@northwind-traders-international.example`,
        displayName: `Mobile ${status} Person`,
        status,
        ...extra,
      };
      const names = Object.keys(fields);
      const { rows } = await db.query<{ id: string }>(
        `INSERT INTO "Invitation" (id, "updatedAt", ${names.map((n) => `"${n}"`).join(", ")})
         VALUES (gen_random_uuid(), now(), ${names.map((n, i) => (n === "status" ? `$${i + 1}::"InvitationStatus"` : `$${i + 1}`)).join(", ")})
         RETURNING id`,
        Object.values(fields),
      );
      const id = rows[0]!.id;
      await db.query(
        `INSERT INTO "InvitationEvent" (id, "invitationId", type, "toStatus", "actorType", detail)
         VALUES (gen_random_uuid(), $1, 'sent', $2::"InvitationStatus", 'Worker', $3::jsonb)`,
        [
          id,
          status,
          JSON.stringify({
            graphUserId: extra.graphUserId ?? "none",
            inviteRedeemUrl: extra.inviteRedeemUrl ?? "none",
            attempt: 1,
          }),
        ],
      );
      return id;
    };
    const redeemUrl = `https://login.microsoftonline.com/redeem?rd=https%3a%2f%2finvitations.microsoft.com%2fredeem%2f%3ftenant%3d${"a".repeat(36)}%26user%3d${"b".repeat(36)}%26ticket%3d${"c".repeat(80)}`;
    const pendingId = await insert("PendingAcceptance", {
      graphUserId: crypto.randomUUID(),
      inviteRedeemUrl: redeemUrl,
      externalUserState: "PendingAcceptance",
    });
    await insert("Accepted", { graphUserId: crypto.randomUUID(), externalUserState: "Accepted" });
    await insert("Consented", { graphUserId: crypto.randomUUID(), externalUserState: "Accepted" });
    const failedId = await insert("Failed", {
      lastErrorCode: "Authorization_RequestDenied",
      lastErrorMessage: "Insufficient privileges to complete the operation.",
      lastErrorRequestId: crypto.randomUUID(),
    });
    return { pendingId, failedId, tag };
  });
}

/** Uploads a CSV with good and bad rows and returns the run's preview address. */
async function createBulkRun(page: Page, tag: string): Promise<string> {
  await page.goto("/invitations/bulk");
  const lines = ["email,displayName,userType"];
  for (let n = 1; n <= 3; n++) lines.push(`${tag}-bulk-${n}@tailspin-toys-and-games.example,Bulk Person ${n},Guest`);
  lines.push("not-an-address,Broken Row,Guest");
  lines.push(`${tag}-averyveryverylongaddresswithoutanybreakopportunityatall@tailspin..example,Double Dot,Guest`);
  await page.locator("#bulk-file").setInputFiles({
    name: "partners-for-the-spring-campaign.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(`${lines.join("\n")}\n`),
  });
  await page.getByRole("button", { name: "Upload and check" }).click();
  await expect(page).toHaveURL(/\/invitations\/bulk\/[0-9a-f-]{36}$/);
  return new URL(page.url()).pathname;
}

test("every staff page fits a 390 px phone and shows status and problems without sideways scrolling", async ({
  page,
}) => {
  test.setTimeout(180_000); // eight pages, each at two widths
  const { pendingId, failedId, tag } = await createInvitations();
  await signInAs(page, STAFF.admin);
  const runPath = await createBulkRun(page, tag);

  const pages: Array<[string, string]> = [
    ["invitations", `/invitations?q=${tag}`],
    ["invite-new", "/invitations/new"],
    ["invitation-detail", `/invitations/${pendingId}`],
    ["invitation-detail-failed", `/invitations/${failedId}`],
    ["bulk", "/invitations/bulk"],
    ["bulk-run", runPath],
    ["audit", "/audit"],
    ["settings", "/settings"],
  ];
  for (const [name, url] of pages) {
    await page.setViewportSize(PHONE);
    await page.goto(url);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expectNoSidewaysScroll(page, url);
    await shot(page, `mobile-${name}-390`);
    await page.setViewportSize(LAPTOP);
    await shot(page, `mobile-${name}-1280`);
  }

  // The list: each row's status (and a failure's code) on screen at 390 px.
  await page.setViewportSize(PHONE);
  await page.goto(`/invitations?q=${tag}`);
  const rows = page.getByTestId("invitation-row");
  await expect(rows).toHaveCount(4);
  for (const status of ["PendingAcceptance", "Accepted", "Consented", "Failed"]) {
    const row = page.locator(`[data-testid="invitation-row"][data-status="${status}"]`);
    await expectOnScreen(row.getByText(STATUS_LABELS[status]!, { exact: true }), PHONE.width);
  }
  await expectOnScreen(
    page.locator('[data-testid="invitation-row"][data-status="Failed"]').getByText("Authorization_RequestDenied"),
    PHONE.width,
  );
  // Still a table to assistive technology, one row per invitation (plus the header row).
  await expect(page.getByRole("table", { name: "Invitations" }).getByRole("row")).toHaveCount(5);

  // The bulk preview: each skipped row's check and problem on screen.
  await page.goto(runPath);
  const broken = page.getByTestId("bulk-row").filter({ hasText: "not-an-address" });
  await expectOnScreen(broken.getByText("Will be skipped"), PHONE.width);
  const problem = broken.getByRole("cell").last();
  await expect(problem).not.toBeEmpty();
  await expectOnScreen(problem, PHONE.width);
});

test("the navigation folds behind a menu button on a phone and opens and closes from the keyboard", async ({
  page,
}) => {
  await page.setViewportSize(PHONE);
  await signInAs(page, STAFF.admin);
  const nav = page.getByRole("navigation", { name: "Main" });
  const menu = page.getByRole("button", { name: "Menu" });
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await expect(nav.getByRole("link", { name: "Audit log" })).toBeHidden();
  await shot(page, "mobile-nav-closed-390");

  await menu.focus();
  await page.keyboard.press("Enter");
  await expect(menu).toHaveAttribute("aria-expanded", "true");
  await expect(nav.getByRole("link", { name: "Audit log" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  await shot(page, "mobile-nav-open-390");

  // Escape folds it again and leaves the focus on the button.
  await page.keyboard.press("Escape");
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await expect(menu).toBeFocused();
  await expect(nav.getByRole("link", { name: "Audit log" })).toBeHidden();

  // Following a link from the open menu lands on the page with the menu folded.
  await page.keyboard.press("Space");
  await expect(menu).toHaveAttribute("aria-expanded", "true");
  await nav.getByRole("link", { name: "Audit log" }).click();
  await expect(page).toHaveURL(/\/audit$/);
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await expect(nav.getByRole("link", { name: "Audit log" })).toBeHidden();

  // A laptop has room: no menu button, the links are always there.
  await page.setViewportSize(LAPTOP);
  await expect(menu).toBeHidden();
  await expect(nav.getByRole("link", { name: "Invitations" })).toBeVisible();
  await shot(page, "mobile-nav-1280");
});
