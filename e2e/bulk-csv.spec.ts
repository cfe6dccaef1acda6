// Bulk-invite uploads as people make them: files as large as the page promises (10,000 rows,
// 5 MB), larger ones refused in words before anything is sent.
import { expect, test, type Page } from "@playwright/test";
import { signInAs, STAFF } from "./support/staff";
import { shot } from "./support/screenshots";

const MB = 1024 * 1024;

/** A CSV of `rows` guests, padded with a message column so it is about `targetBytes` long. */
function largeCsv(tag: string, rows: number, targetBytes: number): Buffer {
  const header = "email,displayName,message";
  const base = rows * `${tag}-00000@tailspin.example,Guest 00000,`.length + header.length;
  const pad = "x".repeat(Math.max(0, Math.floor((targetBytes - base) / rows) - 2));
  const lines = [header];
  for (let n = 0; n < rows; n++) lines.push(`${tag}-${String(n).padStart(5, "0")}@tailspin.example,Guest ${n},${pad}`);
  return Buffer.from(`${lines.join("\n")}\n`);
}

test("a 10,000-row CSV of 4.5 MB is checked and previewed", async ({ page }) => {
  test.setTimeout(120_000);
  const tag = `big${Date.now().toString(36)}`;
  await signInAs(page, STAFF.admin, "/invitations/bulk");
  const csv = largeCsv(tag, 10_000, 4.5 * MB);
  expect(csv.byteLength).toBeGreaterThan(4 * MB);
  expect(csv.byteLength).toBeLessThan(5 * MB);
  await page.locator("#bulk-file").setInputFiles({ name: "ten-thousand.csv", mimeType: "text/csv", buffer: csv });
  await page.getByRole("button", { name: "Upload and check" }).click();
  await expect(page).toHaveURL(/\/invitations\/bulk\/[0-9a-f-]{36}$/, { timeout: 60_000 });
  await expect(page.getByTestId("preview-ready")).toHaveText("10,000");
  await shot(page, "bulk-preview-10000-rows");
});

test("a file over 5 MB is refused at once, in words, without uploading it", async ({ page }) => {
  await signInAs(page, STAFF.admin, "/invitations/bulk");
  const uploads: string[] = [];
  page.on("request", (request) => {
    if (request.method() === "POST") uploads.push(request.url());
  });
  await page
    .locator("#bulk-file")
    .setInputFiles({ name: "too-big.csv", mimeType: "text/csv", buffer: largeCsv("huge", 9_000, 6.5 * MB) });
  await page.getByRole("button", { name: "Upload and check" }).click();
  const error = page.locator("#bulk-file-error");
  await expect(error).toContainText("6.5 MB", { timeout: 2_000 });
  await expect(error).toContainText("5 MB");
  await expect(error).toContainText("Split it");
  expect(uploads).toEqual([]);
  await expect(page).toHaveURL(/\/invitations\/bulk$/);
  await shot(page, "bulk-upload-too-large");
});

async function uploadCsv(page: Page, name: string, text: string): Promise<string> {
  await page.goto("/invitations/bulk");
  await page.locator("#bulk-file").setInputFiles({ name, mimeType: "text/csv", buffer: Buffer.from(text) });
  await page.getByRole("button", { name: "Upload and check" }).click();
  await expect(page).toHaveURL(/\/invitations\/bulk\/[0-9a-f-]{36}$/);
  return new URL(page.url()).pathname;
}

test("a semicolon-separated file is split at its semicolons, and the preview says so", async ({ page }) => {
  const tag = `semi${Date.now().toString(36)}`;
  await signInAs(page, STAFF.admin, "/invitations/bulk");
  await uploadCsv(
    page,
    "semicolons.csv",
    `email;displayName\n${tag}-1@tailspin.example;Ada Lovelace\n${tag}-2@tailspin.example;Grace Hopper\n`,
  );
  await expect(page.getByTestId("preview-problems")).toHaveText("0");
  await expect(page.getByTestId("preview-ready")).toHaveText("2");
  await expect(page.getByTestId("bulk-row").filter({ hasText: `${tag}-1@tailspin.example` })).toContainText(
    "Ada Lovelace",
  );
  await expect(page.getByTestId("csv-layout")).toContainText("semicolons");
  await shot(page, "bulk-preview-semicolons");
});

test("an Outlook contacts export: First and Last Name become the display name, unused columns are listed", async ({
  page,
}) => {
  const tag = `outlook${Date.now().toString(36)}`;
  await signInAs(page, STAFF.admin, "/invitations/bulk");
  const csv = [
    '"First Name","Middle Name","Last Name","Company","E-mail Address","Business Phone"',
    `"Ada","","Lovelace","Analytical Engines","${tag}-ada@tailspin.example","+44 20 7946 0000"`,
    `"Grace","Brewster","Hopper","US Navy","${tag}-grace@tailspin.example",""`,
  ].join("\r\n");
  await uploadCsv(page, "outlook-contacts.csv", csv);
  await expect(page.getByTestId("preview-ready")).toHaveText("2");
  await expect(page.getByTestId("bulk-row").filter({ hasText: `${tag}-ada@` })).toContainText("Ada Lovelace");
  await expect(page.getByTestId("bulk-row").filter({ hasText: `${tag}-grace@` })).toContainText(
    "Grace Brewster Hopper",
  );
  const layout = page.getByTestId("csv-layout");
  await expect(layout).toContainText("commas");
  await expect(layout).toContainText("E-mail Address");
  await expect(layout).toContainText("First Name");
  const ignored = page.getByTestId("csv-ignored");
  await expect(ignored).toContainText("Company");
  await expect(ignored).toContainText("Business Phone");
  await shot(page, "bulk-preview-outlook");
});

test("an upload left awaiting confirmation can be discarded, and the audit log records it", async ({ page }) => {
  const tag = `discard${Date.now().toString(36)}`;
  const fileName = `${tag}.csv`;
  await signInAs(page, STAFF.admin, "/invitations/bulk");
  const runPath = await uploadCsv(page, fileName, `email\n${tag}@tailspin.example\n`);
  await page.getByRole("button", { name: "Discard this upload" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toContainText(fileName);
  await shot(page, "bulk-discard-dialog");
  await dialog.getByRole("button", { name: "Discard upload" }).click();
  await expect(page).toHaveURL(/\/invitations\/bulk$/);
  await expect(page.getByRole("table", { name: "Recent bulk runs" }).getByRole("link", { name: fileName })).toHaveCount(
    0,
  );
  // Its address now says it is gone rather than showing a preview nobody can send.
  await page.goto(runPath);
  await expect(page.getByRole("heading", { name: "This bulk upload does not exist", level: 1 })).toBeVisible();
  await expect(page.getByRole("button", { name: /^Send/ })).toHaveCount(0);

  await page.goto("/audit?action=bulk_invite.discard");
  const entry = page
    .getByTestId("audit-entry")
    .and(page.locator('[data-action="bulk_invite.discard"]'))
    .filter({ hasText: fileName });
  await expect(entry).toHaveCount(1);
  await expect(entry).toContainText("Discard a bulk invite upload");
  await expect(entry).toContainText(fileName);
});

for (const width of [1280, 390]) {
  test(`at ${width} px the recent runs fit, each with its file, state, rows and time`, async ({ page }) => {
    const tag = `fit${width}-${Date.now().toString(36)}`;
    const fileName = `${tag}-partners-from-the-spring-conference-final-v2.csv`;
    await page.setViewportSize({ width, height: 900 });
    await signInAs(page, STAFF.admin, "/invitations/bulk");
    await uploadCsv(page, fileName, `email\n${tag}-1@tailspin.example\n${tag}-2@tailspin.example\n`);
    await page.goto("/invitations/bulk");
    const table = page.getByRole("table", { name: "Recent bulk runs" });
    const run = table.getByRole("row").filter({ has: page.getByRole("link", { name: fileName }) });
    await expect(run).toContainText("Awaiting confirmation");
    // Nothing hidden behind a sideways scroll: not in the table, not on the page.
    const overflow = await table.evaluate(
      (element) => element.parentElement!.scrollWidth - element.parentElement!.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    await expect(run).toContainText("2 rows");
    for (const part of [
      run.getByRole("link", { name: fileName }),
      run.getByText("Awaiting confirmation"),
      run.locator("time"),
    ]) {
      await expect(part).toBeInViewport({ ratio: 1 });
    }
    await shot(page, `bulk-recent-runs-${width}`);
  });
}
