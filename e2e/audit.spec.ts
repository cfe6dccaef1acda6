// The audit log as staff read it: actions in words, targets by name (an invitation's address, a
// bulk run's file name), filters by actor / action / target, the filtered log exported as CSV, and
// the look-up made while typing an address on the invite form left out. At 1280 and 390 px.
import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { withDatabase } from "./support/stack";
import { signInAs, STAFF } from "./support/staff";
import { shot } from "./support/screenshots";

/** An actor of this run only, so the filters below see exactly the entries made here. */
async function seedEntries(tag: string) {
  const actor = `auditor-${tag}@contoso.com`;
  const email = `ada-${tag}@fabrikam.example`;
  const fileName = `partners-${tag}.csv`;
  return withDatabase(async (db) => {
    const invitationId = (
      await db.query(
        `INSERT INTO "Invitation" (id, email, status, "createdAt", "updatedAt") VALUES (gen_random_uuid(), $1, 'PendingAcceptance', now(), now()) RETURNING id`,
        [email],
      )
    ).rows[0].id as string;
    const runId = (
      await db.query(`INSERT INTO "BulkInviteRun" (id, "fileName") VALUES (gen_random_uuid(), $1) RETURNING id`, [
        fileName,
      ])
    ).rows[0].id as string;
    const entry = (
      action: string,
      targetType: string,
      targetId: string,
      outcome: string,
      secondsAgo: number,
      detail: object,
    ) =>
      db.query(
        `INSERT INTO "AuditLogEntry" (id, "actorType", "actorEmail", "actorRole", action, "targetType", "targetId", outcome, detail, "correlationId", "createdAt")
         VALUES (gen_random_uuid(), 'Staff', $1, 'Guestpass.Admin', $2, $3, $4, $5::"AuditOutcome", $6::jsonb, gen_random_uuid()::text, now() - ($7 || ' seconds')::interval)`,
        [actor, action, targetType, targetId, outcome, JSON.stringify(detail), String(secondsAgo)],
      );
    await entry("invitation.create", "invitation", invitationId, "Success", 30, { email, userType: "Guest" });
    await entry("bulk_invite.upload", "bulk_invite_run", runId, "Success", 20, {
      fileName,
      totalRows: 12,
      invalidRows: 1,
    });
    await entry("invitation.revoke", "invitation", invitationId, "Denied", 10, {});
    return { actor, email, fileName, invitationId, runId };
  });
}

test("the audit log names actions and targets in words, filters, exports CSV, and fits a phone", async ({ page }) => {
  const tag = Date.now().toString(36);
  const seeded = await seedEntries(tag);
  await page.setViewportSize({ width: 1280, height: 900 });
  await signInAs(page, STAFF.admin, `/audit?actor=${encodeURIComponent(seeded.actor)}`);

  const entries = page.getByTestId("audit-entry");
  await expect(entries).toHaveCount(3);
  const created = entries.and(page.locator('[data-action="invitation.create"]'));
  await expect(created).toContainText("Invite a user");
  await expect(created).toContainText(seeded.email);
  await expect(created.getByRole("link", { name: seeded.email })).toHaveAttribute(
    "href",
    `/invitations/${seeded.invitationId}`,
  );
  await expect(entries.and(page.locator('[data-action="bulk_invite.upload"]'))).toContainText(
    "Upload a bulk invite file",
  );
  await expect(
    entries.and(page.locator('[data-action="bulk_invite.upload"]')).getByRole("link", { name: seeded.fileName }),
  ).toBeVisible();
  await expect(entries.and(page.locator('[data-action="invitation.revoke"]'))).toContainText("Revoke an invitation");
  // No verb codes and no truncated ids in what people read.
  const table = page.getByRole("table", { name: "Audit entries" });
  await expect(table).not.toContainText("invitation.create");
  await expect(table).not.toContainText(`${seeded.invitationId.slice(0, 8)}…`);
  await shot(page, "audit-log-1280");

  // Filter by target (a file name) and by action (chosen by its words), from the form.
  await page.getByLabel("Target").fill(seeded.fileName);
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/target=partners-/);
  await expect(entries).toHaveCount(1);
  await page.getByLabel("Target").fill(seeded.email);
  await page.getByLabel("Action").selectOption({ label: "Revoke an invitation" });
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/action=invitation\.revoke/);
  await expect(entries).toHaveCount(1);
  await expect(entries.first()).toHaveAttribute("data-outcome", "Denied");

  // The export holds what the page shows, in words, every field quoted.
  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export these entries (CSV)" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^guestpass-audit-log-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = await readFile((await download.path())!, "utf8");
  const lines = csv.trimEnd().split("\r\n");
  expect(lines).toHaveLength(2);
  expect(lines[0]).toMatch(/^"When \(UTC\)","Actor",/);
  expect(lines[1]).toContain(
    `"${seeded.actor}","Admin","Revoke an invitation","invitation.revoke","Invitation","${seeded.email}"`,
  );

  // A phone: every entry readable without sideways scrolling.
  await page.goto(`/audit?actor=${encodeURIComponent(seeded.actor)}`);
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(entries).toHaveCount(3);
  await expect(created.getByRole("link", { name: seeded.email })).toBeVisible();
  await expect(created).toContainText(`by ${seeded.actor}`);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await shot(page, "audit-log-390");
});

test("typing an address on the invite form leaves nothing in the audit log", async ({ page }) => {
  await signInAs(page, STAFF.admin, "/invitations/new");
  const address = `typed-${Date.now().toString(36)}@fabrikam.example`;
  await page.getByLabel("Email address").fill(address);
  await page.getByLabel("Display name (optional)").focus();
  await expect(page.getByTestId("lookup-notice")).toContainText("Not in your tenant yet");

  await page.goto(`/audit?actor=${encodeURIComponent(STAFF.admin)}&target=${encodeURIComponent(address)}`);
  await expect(page.getByText("No entries match")).toBeVisible();
  const lookups = await withDatabase(async (db) =>
    Number(
      (
        await db.query(
          `SELECT count(*) FROM "AuditLogEntry" WHERE action = 'invitation.lookup' AND "createdAt" > now() - interval '10 minutes'`,
        )
      ).rows[0].count,
    ),
  );
  expect(lookups).toBe(0);
});
