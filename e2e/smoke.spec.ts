import path from "node:path";
import { expect, test } from "@playwright/test";

const screenshots = path.join("test-results", "screenshots");

test("an anonymous visitor is sent to the sign-in page, which renders", async ({ page }, testInfo) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/signin(\?|$)/);
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  const button = page.getByRole("button", { name: "Sign in with Microsoft" });
  await expect(button).toBeVisible();

  const file = path.join(screenshots, "signin.png");
  await page.screenshot({ path: file, fullPage: true });
  await testInfo.attach("signin", { path: file, contentType: "image/png" });

  // Keyboard users reach the button by Tab and see where focus is.
  await page.keyboard.press("Tab");
  await expect(button).toBeFocused();
});

test("the sign-in page reads well in dark mode", async ({ page }, testInfo) => {
  await page.emulateMedia({ colorScheme: "dark" });
  await page.goto("/signin");
  await expect(page.getByRole("button", { name: "Sign in with Microsoft" })).toBeVisible();
  const file = path.join(screenshots, "signin-dark.png");
  await page.screenshot({ path: file, fullPage: true });
  await testInfo.attach("signin-dark", { path: file, contentType: "image/png" });
});

test("staff pages are closed to anonymous visitors, and a deep link survives sign-in", async ({ page }) => {
  for (const route of ["/invitations", "/bulk-invite", "/audit", "/settings"]) {
    await page.goto(route);
    await expect(page).toHaveURL(/\/signin(\?|$)/);
  }
  await page.goto("/invitations?status=Failed");
  const url = new URL(page.url());
  expect(url.pathname).toBe("/signin");
  expect(url.searchParams.get("callbackUrl")).toBe("/invitations?status=Failed");
});

test("a crafted error code shows a calm message, not the query text", async ({ page }) => {
  await page.goto("/signin?error=%3Cscript%3Ealert(1)%3C%2Fscript%3E");
  const signIn = page.getByRole("region", { name: "Sign in" });
  await expect(signIn.getByRole("alert")).toHaveText("Sign-in did not complete. Please try again.");
  await expect(page.getByText("<script>")).toHaveCount(0);
});

test("an unknown address, such as a cut-short consent link, gets a calm page that says what to do", async ({
  page,
}) => {
  const response = await page.goto("/consent/done/00000000-0000-0000-0000-000000000000");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "This page does not exist" })).toBeVisible();
  await expect(page.getByText(/open it again from the email/)).toBeVisible();
});
