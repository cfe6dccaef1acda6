// An admin adds a webhook endpoint in Settings → Webhooks (a real HTTPS receiver in this test that
// verifies each delivery with the standardwebhooks library), sends a test event, sees it delivered
// in the deliveries view, and redelivers it; the receiver gets it again with the same webhook-id.
// The pages are kept at 1280 and 390 px.
import { expect, test } from "@playwright/test";
import { startWebhookReceiver, type WebhookReceiver } from "../test/webhook-receiver";
import { shotAtBothWidths } from "./support/screenshots";
import { signInAs, STAFF } from "./support/staff";

let receiver: WebhookReceiver;
test.beforeAll(async () => {
  receiver = await startWebhookReceiver(`/hooks/${Date.now()}`);
});
test.afterAll(() => receiver.close());

test("an admin adds an endpoint, sends a test event, sees it delivered and redelivers it", async ({ page }) => {
  test.setTimeout(120_000);
  await signInAs(page, STAFF.admin, "/settings/webhooks");
  await expect(page.getByRole("heading", { name: "Webhooks", level: 1 })).toBeVisible();
  await expect(
    page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Webhooks" }),
  ).toHaveAttribute("aria-current", "page");

  // A private address is refused with the reason.
  await page.getByLabel("URL").fill("https://10.0.0.1/hooks");
  await page.getByRole("button", { name: "Add endpoint" }).click();
  await expect(page.getByText(/private network address/)).toBeVisible();

  await page.getByLabel("URL").fill(receiver.url);
  await page.getByLabel("Description (optional)").fill("e2e receiver");
  await page.getByRole("button", { name: "Add endpoint" }).click();
  const secret = page.getByTestId("webhook-secret-value");
  await expect(secret).toHaveText(/^whsec_[A-Za-z0-9+/]{43}=$/);
  receiver.secrets.push((await secret.textContent())!);
  const endpoint = page.locator(`[data-endpoint-url="${receiver.url}"]`);
  await expect(endpoint).toContainText("On");
  await expect(endpoint).not.toContainText(receiver.secrets[0]!);
  await shotAtBothWidths(page, "webhooks-endpoint-added");

  await endpoint.getByRole("button", { name: "Send test event" }).click();
  await expect.poll(() => receiver.verified().length, { timeout: 30_000 }).toBe(1);
  const [first] = receiver.verified();
  expect(first!.type).toBe("webhook.test");

  await endpoint.getByRole("link", { name: "Deliveries" }).click();
  const delivery = page.locator('[data-event-type="webhook.test"]');
  await expect(delivery).toHaveAttribute("data-delivery-status", "Delivered", { timeout: 15_000 });
  await expect(delivery).toContainText(first!.id);
  await expect(delivery.getByRole("cell", { name: "204" })).toBeVisible();
  await shotAtBothWidths(page, "webhooks-deliveries");
  // At a phone's width every column of an attempt, the answer last, is on the screen.
  await page.setViewportSize({ width: 390, height: 844 });
  const answer = delivery.locator('td[data-label="Answer"]').first();
  await expect(answer).toBeVisible();
  const box = (await answer.boundingBox())!;
  expect(box.x + box.width).toBeLessThanOrEqual(390);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.setViewportSize({ width: 1280, height: 900 });

  await delivery.getByRole("button", { name: /^Redeliver webhook\.test/ }).click();
  await expect.poll(() => receiver.verified().length, { timeout: 30_000 }).toBe(2);
  expect(receiver.verified()[1]!.id).toBe(first!.id);
  await page.reload();
  await expect(delivery.getByRole("cell", { name: "204" })).toHaveCount(2);
});
