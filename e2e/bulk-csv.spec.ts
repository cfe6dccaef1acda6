// Bulk-invite uploads as people make them: files as large as the page promises (10,000 rows,
// 5 MB), larger ones refused in words before anything is sent.
import { expect, test } from "@playwright/test";
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
  await page.locator("#bulk-file").setInputFiles({ name: "too-big.csv", mimeType: "text/csv", buffer: largeCsv("huge", 9_000, 6.5 * MB) });
  await page.getByRole("button", { name: "Upload and check" }).click();
  const error = page.locator("#bulk-file-error");
  await expect(error).toContainText("6.5 MB", { timeout: 2_000 });
  await expect(error).toContainText("5 MB");
  await expect(error).toContainText("Split it");
  expect(uploads).toEqual([]);
  await expect(page).toHaveURL(/\/invitations\/bulk$/);
  await shot(page, "bulk-upload-too-large");
});
