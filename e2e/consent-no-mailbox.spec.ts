// Someone who accepts the invitation with an email one-time passcode has no Microsoft account, so no
// mailbox to give access to: the consent page says so in their language instead of sending them to
// Microsoft, and staff see why on the invitation before anyone tries to send.
import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { emulatorControl } from "./support/stack";
import { inviteWithoutMail, signInAs, STAFF } from "./support/staff";
import { shotAtBothWidths } from "./support/screenshots";

test("a one-time-passcode guest is told on the consent page why they cannot connect; staff see why too", async ({
  page,
  browser,
}) => {
  const address = `otp-${randomBytes(4).toString("hex")}@nomicrosoft.example`;
  await signInAs(page, STAFF.admin);
  const { redeemUrl } = await inviteWithoutMail(page, address);

  const context = await browser.newContext({ locale: "en-US" });
  const invitee = await context.newPage();
  await invitee.goto(redeemUrl);
  await invitee.locator("#redeem-with-passcode").click();
  await expect(invitee.getByText(`We sent a code to ${address}`)).toBeVisible();
  const [mail] = await emulatorControl().sentMail({ to: address });
  const passcode = /code is: (\d{8})/.exec(mail!.body.content)![1]!;
  await invitee.locator("#passcode").fill(passcode);
  await invitee.locator("#passcode-submit").click();

  await expect(invitee).toHaveURL(/\/consent\/i\/[0-9a-f-]{36}$/);
  await expect(invitee.getByRole("heading", { name: "This account can't give mailbox access" })).toBeVisible();
  await expect(invitee.getByTestId("consent-no-mailbox")).toHaveAttribute("data-blocker", "one_time_passcode");
  await expect(invitee.getByTestId("consent-no-mailbox")).toContainText(address);
  await expect(invitee.locator("#consent-start")).toHaveCount(0);
  await shotAtBothWidths(invitee, "consent-no-mailbox-passcode-en");
  await invitee.getByRole("link", { name: "简体中文" }).click();
  await expect(invitee.getByRole("heading", { name: "此帐户无法授予邮箱访问权限" })).toBeVisible();
  await expect(invitee.getByTestId("consent-no-mailbox")).toContainText("一次性密码");
  await shotAtBothWidths(invitee, "consent-no-mailbox-passcode-zh-CN");
  await context.close();

  // The admin's open page: Accepted (Graph confirmed the landing) and why no consent can follow.
  await expect(page.getByTestId("invitation-status")).toHaveAttribute("data-status", "Accepted", { timeout: 15_000 });
  await page.reload();
  await expect(page.getByTestId("mailbox-blocker")).toContainText("one-time passcode");
});
