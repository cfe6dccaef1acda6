// The invite form's first click counts: leaving the address field starts a look-up whose notice
// must not move the Invite button while a person is pressing it (mouse-down, notice, mouse-up).
import { expect, test } from "@playwright/test";
import { signInAs, STAFF } from "./support/staff";
import { shot } from "./support/screenshots";

for (const width of [1280, 390]) {
  test(`at ${width} px, one click on Invite straight from the address field creates the invitation`, async ({
    page,
  }) => {
    await page.setViewportSize({ width, height: 900 });
    await signInAs(page, STAFF.admin, "/invitations/new");
    const address = `first-click-${width}-${Date.now().toString(36)}@fabrikam.example`;
    const email = page.getByLabel("Email address");
    await email.fill(address);
    await expect(email).toBeFocused();

    const invite = page.getByRole("button", { name: "Invite", exact: true });
    await invite.scrollIntoViewIfNeeded();
    await expect(invite).toBeEnabled(); // the page is live: a person sees the button ready
    await expect(email).toBeFocused();
    const before = await invite.boundingBox();
    if (!before) throw new Error("the Invite button is not on screen");
    // A person's press lasts long enough for the look-up (started by the blur on mouse-down) to
    // answer before the button comes back up.
    await page.mouse.move(before.x + before.width / 2, before.y + before.height / 2);
    await page.mouse.down();
    await expect(page.getByTestId("lookup-notice")).toContainText("Not in your tenant yet");
    expect(await invite.boundingBox()).toEqual(before);
    await shot(page, `invite-form-lookup-${width}`);
    await page.mouse.up();

    await expect(page).toHaveURL(/\/invitations\/[0-9a-f-]{36}$/);
    await expect(page.getByText(address).first()).toBeVisible();
  });
}

test("the quickest click (Playwright's own) on Invite from the address field is not lost either", async ({ page }) => {
  await signInAs(page, STAFF.admin, "/invitations/new");
  const address = `quick-click-${Date.now().toString(36)}@fabrikam.example`;
  await page.getByLabel("Email address").fill(address);
  await page.getByRole("button", { name: "Invite", exact: true }).click();
  await expect(page).toHaveURL(/\/invitations\/[0-9a-f-]{36}$/);
});
