// The invitations list as staff read it: a row is one target (click anywhere on it, or Tab to it
// and press Enter), and no column contradicts the status.
import { expect, test } from "@playwright/test";
import { withDatabase } from "./support/stack";
import { signInAs, STAFF } from "./support/staff";
import { shot } from "./support/screenshots";

/** Inserts invitations under a tag of this run; returns their ids by status. */
async function insertInvitations(
  tag: string,
  rows: Array<{ status: string; externalUserState?: string; lastErrorCode?: string }>,
): Promise<Record<string, string>> {
  return withDatabase(async (db) => {
    const ids: Record<string, string> = {};
    for (const [n, row] of rows.entries()) {
      const { rows: inserted } = await db.query<{ id: string }>(
        `INSERT INTO "Invitation" (id, email, "displayName", status, "externalUserState", "lastErrorCode", "createdAt", "updatedAt")
         VALUES (gen_random_uuid(), $1, $2, $3::"InvitationStatus", $4, $5, now() - ($6 || ' minutes')::interval, now())
         RETURNING id`,
        [
          `${tag}-${n}@list.example`,
          `List Person ${n}`,
          row.status,
          row.externalUserState ?? null,
          row.lastErrorCode ?? null,
          String(n),
        ],
      );
      ids[row.status] = inserted[0]!.id;
    }
    return ids;
  });
}

test("the whole row opens the invitation, by mouse anywhere on it and by keyboard", async ({ page }) => {
  const tag = `row${Date.now().toString(36)}`;
  const ids = await insertInvitations(tag, [
    { status: "PendingAcceptance", externalUserState: "PendingAcceptance" },
    { status: "Failed", lastErrorCode: "Authorization_RequestDenied" },
  ]);
  await signInAs(page, STAFF.admin, `/invitations?q=${tag}`);
  const failed = page.locator('[data-testid="invitation-row"][data-status="Failed"]');

  // A click on the status cell (not on the address) opens the invitation. By coordinates, as a
  // person clicks: Playwright's own click refuses a target covered by the row's link.
  // The row may sit below the fold (the overview cards above it grow with their legends).
  await failed.scrollIntoViewIfNeeded();
  const code = (await failed.getByText("Authorization_RequestDenied").boundingBox())!;
  await page.mouse.click(code.x + code.width / 2, code.y + code.height / 2);
  await expect(page).toHaveURL(new RegExp(`/invitations/${ids.Failed}$`));
  await page.goBack();

  // ... and so does a click in the row's blank space, at its right end.
  const pending = page.locator('[data-testid="invitation-row"][data-status="PendingAcceptance"]');
  await pending.scrollIntoViewIfNeeded();
  const box = (await pending.boundingBox())!;
  await page.mouse.click(box.x + box.width - 8, box.y + box.height / 2);
  await expect(page).toHaveURL(new RegExp(`/invitations/${ids.PendingAcceptance}$`));
  await page.goBack();

  // Keyboard: one stop per row (the row's link), Enter opens it.
  await expect(pending.getByRole("link")).toHaveCount(1);
  await pending.getByRole("link").focus();
  await shot(page, "invitations-row-focused");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`/invitations/${ids.PendingAcceptance}$`));
});

test("no column contradicts the status: a consented invitation never reads 'Pending acceptance'", async ({ page }) => {
  const tag = `col${Date.now().toString(36)}`;
  // Consented before the status sync read Microsoft's changed state: externalUserState still says pending.
  await insertInvitations(tag, [
    { status: "Consented", externalUserState: "PendingAcceptance" },
    { status: "Accepted", externalUserState: "Accepted" },
  ]);
  await signInAs(page, STAFF.admin, `/invitations?q=${tag}`);
  const table = page.getByRole("table", { name: "Invitations" });
  await expect(table.getByTestId("invitation-row")).toHaveCount(2);
  await expect(table.getByRole("columnheader", { name: "In Microsoft" })).toHaveCount(0);
  const consented = table.locator('[data-testid="invitation-row"][data-status="Consented"]');
  await expect(consented).toContainText("Consented");
  await expect(consented).not.toContainText("Pending acceptance");
  await expect(
    table.locator('[data-testid="invitation-row"][data-status="Accepted"]').getByText("Accepted", { exact: true }),
  ).toHaveCount(1);
});
