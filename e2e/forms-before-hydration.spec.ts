// A form that its script submits (onSubmit + a server action) would, before that script has run,
// be submitted by the browser itself as a plain GET to the page: the fields in the address bar, a
// file dropped, nothing done, and the person's click lost. Every such form's submit button waits
// until the page is live. Checked with the page's scripts held back, as on a slow phone connection.
import { expect, test, type Page } from "@playwright/test";
import { signInAs, STAFF } from "./support/staff";

const FORMS = [
  { path: "/invitations/new", button: "Invite" },
  { path: "/invitations/bulk", button: "Upload and check" },
  { path: "/settings/brand", button: "Save brand" },
  { path: "/settings/invitation-mail", button: "Save" },
  { path: "/settings/api-keys", button: "Create key" },
  { path: "/settings/webhooks", button: "Add endpoint" },
] as const;

/** Holds the page's scripts (not its stylesheets, which the page itself waits for) until released. */
async function holdScripts(page: Page): Promise<() => void> {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(
    (url) => url.pathname.startsWith("/_next/static/chunks/") && url.pathname.endsWith(".js"),
    async (route) => {
      await held;
      await route.continue();
    },
  );
  return release;
}

for (const form of FORMS) {
  test(`${form.path}: “${form.button}” waits until the page is live`, async ({ page }) => {
    await signInAs(page, STAFF.admin);
    const release = await holdScripts(page);
    await page.goto(form.path, { waitUntil: "commit" });
    const submit = page.getByRole("button", { name: form.button, exact: true });
    await expect(submit).toBeVisible();
    await expect(submit).toBeDisabled();
    release();
    await expect(submit).toBeEnabled();
    // Live, the form is the script's: a click never navigates to the page with its fields as a query.
    expect(new URL(page.url()).search).toBe("");
  });
}
