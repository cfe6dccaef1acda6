// Settings → API keys with the operator's switch on and off. tokens:issue hands out users' access
// tokens, so it is off unless the operator sets API_TOKEN_ISSUE_ENABLED: a second `next start` of
// the same build and stack runs with it on (the stack's own portal keeps the default, off). There
// the scope is offered, marked Dangerous, and a key made with it passes the scope gate; on the
// default portal it is listed but cannot be chosen, and says how to turn it on.
import { expect, test, type Page } from "@playwright/test";
import { mintStaffCookie } from "./security/staff-sessions";
import { startSecondPortal, type SecondPortal } from "./support/second-portal";

let portal: SecondPortal;
test.beforeAll(async () => {
  test.setTimeout(90_000);
  portal = await startSecondPortal([], { API_TOKEN_ISSUE_ENABLED: "true" });
});
test.afterAll(() => portal.stop());

async function signedInAdmin(page: Page, baseURL: string): Promise<void> {
  const cookie = await mintStaffCookie("admin");
  await page.context().addCookies([{ name: cookie.name, value: cookie.value, url: baseURL }]);
  await page.goto(`${baseURL}/settings/api-keys`);
  await expect(page.getByRole("heading", { name: "API keys", level: 1 })).toBeVisible();
}

const scopeItem = (page: Page, scope: string) =>
  page.getByRole("group", { name: "What it may do" }).getByRole("listitem").filter({ hasText: scope });

test("switched on, tokens:issue is offered and marked Dangerous, and its key passes the scope gate", async ({
  page,
}) => {
  await signedInAdmin(page, portal.url);
  const item = scopeItem(page, "tokens:issue");
  await expect(item.getByText("Dangerous", { exact: true })).toBeVisible();
  await expect(item.getByRole("checkbox")).toBeEnabled();
  // Only that scope is marked.
  await expect(page.getByRole("group", { name: "What it may do" }).getByText("Dangerous", { exact: true })).toHaveCount(
    1,
  );

  await page.getByLabel("Name").fill(`tokens ${Date.now()}`);
  await item.getByRole("checkbox").check();
  await page.getByRole("button", { name: "Create key" }).click();
  const key = (await page.getByTestId("created-key-value").textContent())!;
  expect(key).toMatch(/^gpk_/);
  // Past the scope gate here: the grant does not exist (404), not "turned off" (403).
  const ask = (baseURL: string) =>
    fetch(`${baseURL}/api/v1/grants/${crypto.randomUUID()}/token`, { headers: { authorization: `Bearer ${key}` } });
  const here = await ask(portal.url);
  expect(here.status).toBe(404);
  expect(await here.json()).toMatchObject({ code: "api.not_found" });
});

test("switched off (the default), tokens:issue is listed, not selectable, and says how to turn it on", async ({
  page,
  baseURL,
}) => {
  await signedInAdmin(page, baseURL!);
  const item = scopeItem(page, "tokens:issue");
  await expect(item.getByRole("checkbox")).toBeDisabled();
  await expect(item).toContainText("API_TOKEN_ISSUE_ENABLED=true");
  await expect(item.getByRole("checkbox")).toHaveAccessibleDescription(/API_TOKEN_ISSUE_ENABLED/);
  await expect(scopeItem(page, "mail:send").getByRole("checkbox")).toBeEnabled();
});
