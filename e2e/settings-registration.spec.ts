// Settings → Registration as an admin uses it: run the check (by keyboard), see every item green;
// a secret ending in 10 days (a warning on Settings, a banner on every staff page, for support staff
// too); a missing redirect URI (broken, with the exact URI to add); the manifest and the PowerShell
// script carrying this deployment's values. At 1280 px and on a 390 px phone. Each test puts the
// registration back and runs the check again, so other specs see no banner.
import { readFile } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import { DEMO_APP } from "../emulator/state/default-scenario";
import { shot } from "./support/screenshots";
import { emulatorControl, stackEnv } from "./support/stack";
import { signInAs, STAFF } from "./support/staff";

const PHONE = { width: 390, height: 844 };
const FAR_FUTURE = "2099-12-31T00:00:00.000Z";

async function runCheck(page: Page) {
  const button = page.getByRole("button", { name: /^Run check/ });
  const last = page.getByTestId("last-checked");
  const before = (await last.count()) > 0 ? await last.getAttribute("data-run-id") : null;
  // A key pressed before React hydrated the button does nothing: press again until the page shows
  // the stored run (a new run id). While a check runs the button is disabled, so none runs twice.
  await expect(async () => {
    await button.focus();
    await page.keyboard.press("Enter");
    await expect(last).toHaveAttribute("data-run-id", before ? new RegExp(`^(?!${before}$)`) : /.+/, {
      timeout: 5_000,
    });
  }).toPass({ timeout: 30_000 });
}

/** Puts the demo registration back and records a green run as the newest. */
async function restore(page: Page, redirectUris?: string[]) {
  const control = emulatorControl();
  await control.updateSecret(DEMO_APP.clientId, DEMO_APP.secretId, { endDateTime: FAR_FUTURE });
  if (redirectUris) await control.updateApp(DEMO_APP.clientId, { redirectUris });
  await page.goto("/settings");
  await runCheck(page);
  await expect(page.getByTestId("registration-banner")).toHaveCount(0);
}

function noSidewaysScroll(page: Page) {
  return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);
}

test("with the demo registration every check is green and no banner shows", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await signInAs(page, STAFF.admin, "/settings");
  await expect(
    page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Registration" }),
  ).toHaveAttribute("aria-current", "page");
  await runCheck(page);
  const checks = page.locator("[data-check]");
  await expect(checks).toHaveCount(6);
  for (const status of await checks.evaluateAll((nodes) =>
    nodes.map((node) => `${node.getAttribute("data-check")}=${node.getAttribute("data-status")}`),
  )) {
    expect(status).toMatch(/=pass$/);
  }
  await expect(page.locator('[data-finding][data-status="fail"], [data-finding][data-status="warn"]')).toHaveCount(0);
  await expect(page.getByTestId("registration-banner")).toHaveCount(0);
  // The values to paste: this deployment's redirect URIs, exactly.
  await expect(
    page
      .getByTestId("paste-value")
      .filter({ hasText: `${stackEnv().APP_URL}/consent/callback` })
      .first(),
  ).toBeVisible();
  await shot(page, "settings-registration-green");
  await page.setViewportSize(PHONE);
  expect(await noSidewaysScroll(page)).toBe(true);
  await shot(page, "settings-registration-green-phone");
});

test("a secret ending in 10 days warns on Settings and puts a banner on every staff page", async ({
  page,
  browser,
}) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  const soon = new Date(Date.now() + 10 * 86_400_000 + 3_600_000).toISOString();
  await emulatorControl().updateSecret(DEMO_APP.clientId, DEMO_APP.secretId, { endDateTime: soon });
  await signInAs(page, STAFF.admin, "/settings");
  try {
    await runCheck(page);
    const secret = page.locator(`[data-finding="secret:${DEMO_APP.secretId}"]`);
    await expect(secret).toHaveAttribute("data-status", "warn");
    await expect(secret).toContainText("expires in 10 days");
    await expect(page.locator('[data-check="registration"]')).toHaveAttribute("data-status", "warn");
    const banner = page.getByTestId("registration-banner");
    await expect(banner).toContainText("expires in 10 days");
    await shot(page, "settings-registration-secret-expiring");
    for (const path of ["/invitations", "/audit", "/invitations/new"]) {
      await page.goto(path);
      await expect(page.getByTestId("registration-banner")).toContainText("expires in 10 days");
    }
    await page
      .getByTestId("registration-banner")
      .getByRole("link", { name: /Open Settings/ })
      .click();
    await expect(page).toHaveURL(/\/settings$/);
    await page.goto("/invitations");
    await shot(page, "invitations-with-registration-banner");
    await page.setViewportSize(PHONE);
    await page.goto("/settings");
    expect(await noSidewaysScroll(page)).toBe(true);
    await shot(page, "settings-registration-secret-expiring-phone");

    // Support staff see it too, and are told whom to ask (they cannot open Settings).
    const support = await browser.newPage();
    await signInAs(support, STAFF.support, "/invitations");
    await expect(support.getByTestId("registration-banner")).toContainText("Ask a Guestpass administrator");
    await support.close();
  } finally {
    await page.setViewportSize({ width: 1280, height: 900 });
    await restore(page);
  }
});

test("a missing redirect URI fails with the exact URI to add", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  const control = emulatorControl();
  const app = (await control.listApps()).find((candidate) => candidate.appId === DEMO_APP.clientId)!;
  const consentUri = `${stackEnv().APP_URL}/consent/callback`;
  await control.updateApp(DEMO_APP.clientId, { redirectUris: app.redirectUris.filter((uri) => uri !== consentUri) });
  await signInAs(page, STAFF.admin, "/settings");
  try {
    await runCheck(page);
    const finding = page.locator(`[data-finding="redirect-uri:${consentUri}"]`);
    await expect(finding).toHaveAttribute("data-status", "fail");
    await expect(finding.getByTestId("paste-value")).toHaveText(consentUri);
    await expect(finding).toContainText("Authentication → Web → Redirect URIs");
    await expect(page.getByTestId("last-checked")).toContainText("Broken");
    await expect(page.getByTestId("registration-banner")).toContainText("found a problem");
    // The secret in use lasts for years: the banner says nothing about it.
    await expect(page.getByTestId("registration-banner")).not.toContainText("expires");
    await finding.scrollIntoViewIfNeeded();
    await shot(page, "settings-registration-missing-redirect-uri");
  } finally {
    await restore(page, app.redirectUris);
  }
});

test("the app manifest and the PowerShell script download with this deployment's values", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await signInAs(page, STAFF.admin, "/settings");
  const env = stackEnv();
  const [manifestDownload] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Download app manifest" }).click(),
  ]);
  expect(manifestDownload.suggestedFilename()).toBe("guestpass-app-manifest.json");
  const manifest = JSON.parse(await readFile((await manifestDownload.path())!, "utf8")) as {
    signInAudience: string;
    web: { redirectUris: string[] };
    appRoles: { value: string }[];
  };
  expect(manifest.signInAudience).toBe("AzureADMultipleOrgs");
  expect(manifest.web.redirectUris).toEqual([
    `${env.APP_URL}/api/auth/callback/microsoft-entra-id`,
    `${env.APP_URL}/consent/callback`,
  ]);
  expect(manifest.appRoles.map((role) => role.value)).toEqual(["Guestpass.Admin", "Guestpass.Support"]);

  const [scriptDownload] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Download PowerShell script" }).click(),
  ]);
  expect(scriptDownload.suggestedFilename()).toBe("guestpass-registration.ps1");
  const script = await readFile((await scriptDownload.path())!, "utf8");
  expect(script).toContain(`'${env.APP_URL}/consent/callback'`);
  expect(script).toContain(`Connect-MgGraph -TenantId '${env.AZURE_TENANT_ID}'`);
  expect(script).toContain("New-MgApplication");
  expect(script).not.toContain(env.AZURE_CLIENT_SECRET!);
  await page.getByRole("heading", { name: "Values for this deployment" }).scrollIntoViewIfNeeded();
  await shot(page, "settings-registration-values");
});
