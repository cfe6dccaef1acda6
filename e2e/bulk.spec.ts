// Bulk invite in Chromium: upload a CSV with good and bad rows → preview with each row's check →
// send → the progress bar and counts move on their own → every row ends invited, existing or
// failed with its reason → results download as CSV; the run's page survives a reload.
import fs from "node:fs";
import { expect, test } from "@playwright/test";
import Papa from "papaparse";
import { emulatorControl, stackEnv } from "./support/stack";
import { signInAs, STAFF } from "./support/staff";
import { shot } from "./support/screenshots";

function csvFile(tag: string): string {
  const lines = ["email,displayName,userType"];
  for (let n = 1; n <= 40; n++) lines.push(`${tag}-${n}@tailspin.example,Bulk Person ${n},Guest`);
  lines.push("not-an-address,Broken Row,Guest"); // invalid address
  lines.push(`${tag}-bad@tailspin..example,Double Dot,Guest`); // invalid domain
  lines.push(`${tag}-1@tailspin.example,Same Again,Guest`); // duplicate of row 2
  lines.push("megan@contoso.com,Megan,Guest"); // already a member of the tenant
  return `${lines.join("\n")}\n`;
}

test.afterEach(async () => {
  const control = emulatorControl();
  await control.resetFaults();
  await control.setLimits({ invitationsPerTenant: { requests: 150, windowSeconds: 5 } });
});

test("a bulk upload shows its preview, live progress and per-row results", async ({ page }) => {
  const tag = `bulk${Date.now().toString(36)}`;
  await signInAs(page, STAFF.admin, "/invitations/bulk");
  await expect(page.getByRole("heading", { name: "Bulk invite", level: 1 })).toBeVisible();
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "Bulk invite" })).toHaveAttribute("aria-current", "page");
  await expect(nav.getByRole("link", { name: "Invitations" })).not.toHaveAttribute("aria-current", "page");
  await shot(page, "bulk-upload");

  // Nothing chosen: the error sits beside the file field.
  await page.getByRole("button", { name: "Upload and check" }).click();
  await expect(page.locator("#bulk-file-error")).toContainText("Choose a CSV file");

  await page
    .locator("#bulk-file")
    .setInputFiles({ name: "partners.csv", mimeType: "text/csv", buffer: Buffer.from(csvFile(tag)) });
  await page.getByRole("button", { name: "Upload and check" }).click();
  await expect(page).toHaveURL(/\/invitations\/bulk\/[0-9a-f-]{36}$/);
  const runUrl = new URL(page.url()).pathname;

  // Preview: problems first, each with its reason; nothing sent yet.
  await expect(page.getByTestId("bulk-run-state")).toHaveAttribute("data-confirmed", "false");
  const problems = Number(await page.getByTestId("preview-problems").textContent());
  expect(problems).toBeGreaterThanOrEqual(3);
  const firstRow = page.getByTestId("bulk-row").first();
  await expect(firstRow).toHaveAttribute("data-outcome", "Failed");
  await expect(firstRow).toContainText("Will be skipped");
  await expect(page.getByTestId("bulk-row").filter({ hasText: "not-an-address" })).toContainText(/Email/i);
  await shot(page, "bulk-preview");

  // A reload keeps the preview: the run lives in the URL and the database, not in the page.
  await page.reload();
  await expect(page.getByTestId("bulk-run-state")).toHaveAttribute("data-confirmed", "false");

  // Slow answers and a tight invitation limit (Graph answers 429 with Retry-After beyond it) make
  // the run last long enough to watch, whatever the worker's concurrency.
  const control = emulatorControl();
  await control.setFaults({
    rules: [{ pathPrefix: "/v1.0/invitations", methods: ["POST"], latency: { minMs: 300, maxMs: 500 } }],
  });
  await control.setLimits({ invitationsPerTenant: { requests: 10, windowSeconds: 3 } });
  const ready = Number(await page.getByTestId("preview-ready").textContent());
  await page.getByRole("button", { name: `Send ${ready} invitations` }).click();
  const bar = page.getByRole("progressbar");
  await expect(bar).toBeVisible();
  await expect(page.getByTestId("live-indicator")).toHaveAttribute("data-live-state", "live");
  // The bar moves while the page stays open: some rows done, not all.
  await expect
    .poll(
      async () => {
        const done = Number(await bar.getAttribute("aria-valuenow"));
        return done > problems && done < 44;
      },
      { timeout: 30_000, intervals: [100] },
    )
    .toBe(true);
  await shot(page, "bulk-progress");

  // Ends on its own (live updates, no reload), with every row accounted for.
  await expect(page.getByTestId("bulk-run-state")).toHaveAttribute("data-status", "Completed", { timeout: 60_000 });
  await expect(page.getByTestId("count-pending")).toHaveText("0");
  const invited = Number(await page.getByTestId("count-invited").textContent());
  const existing = Number(await page.getByTestId("count-existing").textContent());
  const failed = Number(await page.getByTestId("count-failed").textContent());
  expect(invited + existing + failed).toBe(44);
  expect(invited).toBe(40);
  expect(existing).toBe(1);
  await expect(page.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "44");
  await expect(page.getByTestId("bulk-row").filter({ hasText: "megan@contoso.com" })).toHaveAttribute(
    "data-outcome",
    "Existing",
  );
  await shot(page, "bulk-results");

  await page.getByRole("link", { name: "Failed", exact: true }).click();
  await expect(page).toHaveURL(/show=Failed/);
  await expect(page.getByTestId("bulk-row")).toHaveCount(failed);
  await expect(page.locator('[data-testid="bulk-row"]:not([data-outcome="Failed"])')).toHaveCount(0);

  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: /Download results/ }).click(),
  ]);
  expect(download.suggestedFilename()).toBe("partners-results.csv");
  const csv = fs.readFileSync(await download.path(), "utf8");
  // Every field is quoted (a ";"-separator spreadsheet must not split a cell into a formula).
  expect(csv.split("\r\n")[0]).toBe('"row","email","displayName","outcome","reason","invitationId"');
  const records = Papa.parse<string[]>(csv, {
    header: false,
    delimiter: ",",
    newline: "\r\n",
    skipEmptyLines: true,
  }).data;
  expect(records).toHaveLength(45);
  expect(records.filter((record) => record[3] === "invited")).toHaveLength(40);
  expect(records.find((record) => record[1] === "not-an-address")?.[3]).toBe("failed");

  // Later visits find the finished run at the same address and in the recent runs.
  await page.goto("/invitations/bulk");
  await page.getByRole("link", { name: "partners.csv" }).first().click();
  await expect(page).toHaveURL(new RegExp(`${runUrl}$`));
  await expect(page.getByTestId("count-invited")).toHaveText("40");
});

test("a run the tenant stops explains why and resumes once the cause is fixed", async ({ page }) => {
  const tag = `stop${Date.now().toString(36)}`;
  const control = emulatorControl();
  const tenantId = stackEnv().AZURE_TENANT_ID!;
  await control.updateTenant(tenantId, { invitationsDisabled: true });
  try {
    await signInAs(page, STAFF.admin, "/invitations/bulk");
    const rows = ["email", ...Array.from({ length: 6 }, (_, n) => `${tag}-${n}@litware.example`)].join("\n");
    await page
      .locator("#bulk-file")
      .setInputFiles({ name: "stopped.csv", mimeType: "text/csv", buffer: Buffer.from(rows) });
    await page.getByRole("button", { name: "Upload and check" }).click();
    await page.getByRole("button", { name: "Send 6 invitations" }).click();
    await expect(page.getByTestId("bulk-run-state")).toHaveAttribute("data-status", "Failed", { timeout: 60_000 });
    await expect(page.getByTestId("bulk-stopped")).toContainText("stopped early");
    await shot(page, "bulk-stopped");

    await control.updateTenant(tenantId, { invitationsDisabled: false });
    await page.getByRole("button", { name: /^Resume/ }).click();
    await expect(page.getByTestId("bulk-run-state")).toHaveAttribute("data-status", "Completed", { timeout: 60_000 });
    await expect(page.getByTestId("count-pending")).toHaveText("0");
    const invited = Number(await page.getByTestId("count-invited").textContent());
    const failed = Number(await page.getByTestId("count-failed").textContent());
    // Rows in flight when the tenant refused end Failed with the reason; the untried ones were sent now.
    expect(invited + failed).toBe(6);
    expect(invited).toBeGreaterThanOrEqual(1);
    await page.getByRole("link", { name: "Failed", exact: true }).click();
    await expect(page.getByTestId("bulk-row")).toHaveCount(failed);
    for (const reason of await page.getByTestId("bulk-row").locator("td:last-child").allTextContents())
      expect(reason).not.toBe("");
  } finally {
    await control.updateTenant(tenantId, { invitationsDisabled: false });
  }
});
