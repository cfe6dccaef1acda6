// An admin adds a webhook endpoint in Settings → Webhooks (a real HTTPS receiver in this test that
// verifies each delivery with the standardwebhooks library), sends a test event, sees it delivered
// in the deliveries view, and redelivers it; the receiver gets it again with the same webhook-id.
// A receiver that is down: its retrying delivery is redelivered at once when it is back, and one
// out of retries (Failed, the endpoint failing) is redelivered and delivered.
// The pages are kept at 1280 and 390 px.
import { expect, test, type Page } from "@playwright/test";
import { startWebhookReceiver, type WebhookReceiver } from "../test/webhook-receiver";
import { shotAtBothWidths } from "./support/screenshots";
import { withDatabase } from "./support/stack";
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

/** Adds an endpoint for `target` in the form (signed in as an admin on Settings → Webhooks). */
async function addEndpoint(page: Page, target: WebhookReceiver) {
  await page.getByLabel("URL").fill(target.url);
  await page.getByRole("button", { name: "Add endpoint" }).click();
  const secret = page.getByTestId("webhook-secret-value");
  await expect(secret).toHaveText(/^whsec_/);
  target.secrets.push((await secret.textContent())!);
  return page.locator(`[data-endpoint-url="${target.url}"]`);
}

test("a retrying delivery is redelivered at once when the receiver is back, and a failed one after its last attempt", async ({
  page,
}) => {
  test.setTimeout(150_000);
  const down = await startWebhookReceiver(`/hooks/down-${Date.now()}`);
  try {
    await signInAs(page, STAFF.admin, "/settings/webhooks");
    const endpoint = await addEndpoint(page, down);
    down.mode = { kind: "status", status: 500 };
    await endpoint.getByRole("button", { name: "Send test event" }).click();
    await endpoint.getByRole("link", { name: "Deliveries" }).click();
    await expect(page).toHaveURL(/\/settings\/webhooks\/[0-9a-f-]{36}$/);
    const endpointId = new URL(page.url()).pathname.split("/").pop()!;

    // Two failed attempts (the first and its retry 5 s later): the next waits five minutes.
    const retrying = page.locator('[data-event-type="webhook.test"]');
    await expect(retrying).toHaveCount(1, { timeout: 15_000 });
    await expect(retrying.getByRole("cell", { name: "500", exact: true })).toHaveCount(2, { timeout: 30_000 });
    await expect(retrying).toContainText("Retrying");
    await expect(retrying).toContainText("Next attempt");
    const eventId = down.received[0]!.id;

    // The receiver is back: the admin does not wait out the five minutes.
    down.mode = { kind: "ok" };
    await retrying.getByRole("button", { name: `Redeliver webhook.test ${eventId}` }).click();
    await expect(retrying).toHaveAttribute("data-delivery-status", "Delivered", { timeout: 15_000 });
    await expect(retrying.getByRole("cell", { name: "204" })).toHaveCount(1);
    // One delivery, one event: every request carried its webhook-id, and each was signed.
    await expect(page.locator("[data-event-type]")).toHaveCount(1);
    expect(down.received.map((sighting) => sighting.id)).toEqual([eventId, eventId, eventId]);
    expect(down.verified()).toHaveLength(3);

    // A second event to a receiver that stays down, until its last attempt: the worker makes that
    // attempt for real, brought forward (its retries would take a day) by moving the delivery to
    // its seventh attempt made and queueing the endpoint's job as the schedule would.
    down.mode = { kind: "status", status: 503 };
    await page.goto("/settings/webhooks");
    await endpoint.getByRole("button", { name: "Send test event" }).click();
    await endpoint.getByRole("link", { name: "Deliveries" }).click();
    const failing = page.locator('[data-event-type="webhook.test"][data-delivery-status="Pending"]');
    await expect(failing.getByRole("cell", { name: "503", exact: true })).toHaveCount(2, { timeout: 30_000 });
    const failingId = down.received.at(-1)!.id;
    expect(failingId).not.toBe(eventId);
    // Once the worker has queued that retry (a change made before would be overwritten by it).
    const retryQueued = () =>
      withDatabase(async (client) => {
        const { rows } = await client.query(
          `SELECT 1 FROM graphile_worker.jobs j, "WebhookEndpoint" e
           WHERE j.key = $1 AND j.locked_at IS NULL AND j.run_at > now() + interval '1 minute'
             AND e.id = $2 AND e."leaseOwner" IS NULL`,
          [`webhook-deliver:${endpointId}`, endpointId],
        );
        return rows.length;
      });
    await expect.poll(retryQueued, { timeout: 15_000 }).toBe(1);
    await withDatabase(async (client) => {
      const moved = await client.query(
        `UPDATE "WebhookDelivery" SET attempts = 7, "nextAttemptAt" = now() WHERE "eventId" = $1 AND status = 'Pending'`,
        [failingId],
      );
      expect(moved.rowCount).toBe(1);
      await client.query(
        `SELECT graphile_worker.add_job('webhooks.deliver', json_build_object('endpointId', $1::text),
           job_key => $2, job_key_mode => 'replace')`,
        [endpointId, `webhook-deliver:${endpointId}`],
      );
    });
    const failed = page.locator(`[data-event-type="webhook.test"]:has-text("${failingId}")`);
    await expect(failed).toHaveAttribute("data-delivery-status", "Failed", { timeout: 30_000 });
    await expect(failed.getByRole("cell", { name: "503", exact: true })).toHaveCount(3);
    const banner = page.getByRole("alert").filter({ hasText: "This endpoint is failing" });
    await expect(banner).toContainText(
      `Event webhook.test (${failingId}) failed 8 times; last: The receiver answered 503.`,
    );
    await shotAtBothWidths(page, "webhooks-endpoint-failing");
    await page.goto("/settings/webhooks");
    await expect(page.getByTestId("webhooks-failing-banner")).toContainText("One endpoint is failing");
    await expect(endpoint).toContainText("Failing");

    // Fixed: the admin redelivers what failed, and it arrives.
    down.mode = { kind: "ok" };
    await endpoint.getByRole("link", { name: "Deliveries" }).click();
    await page.getByRole("button", { name: "Redeliver all 1 failed" }).click();
    await expect(failed).toHaveAttribute("data-delivery-status", "Delivered", { timeout: 15_000 });
    await expect(failed.getByRole("cell", { name: "204" })).toHaveCount(1);
    await expect(banner).toHaveCount(0);
    expect(down.verified().at(-1)!.id).toBe(failingId);
    await page.goto("/settings/webhooks");
    await expect(page.getByTestId("webhooks-failing-banner")).toHaveCount(0);
  } finally {
    await down.close();
  }
});
