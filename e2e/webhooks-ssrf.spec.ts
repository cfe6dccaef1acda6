// Server-side request forgery, refused and explained in Settings → Webhooks for each case of the
// guard (lib/webhooks/outbound.ts): the metadata service, a private address, IPv6 loopback and a
// name resolving to 127.0.0.1 are refused when the URL is saved, by a portal running as production
// does (without WEBHOOK_ALLOW_LOOPBACK_HTTP; the stack's own portal has it on, so this spec starts
// a second one); a receiver that redirects to a private address is saved, and its deliveries say
// the redirect was not followed and where it pointed, its query's secret hidden.
// The refusals are kept at 1280 and 390 px.
import { expect, test, type Page } from "@playwright/test";
import { startWebhookReceiver, type WebhookReceiver } from "../test/webhook-receiver";
import { shotAtBothWidths } from "./support/screenshots";
import { startSecondPortal, type SecondPortal } from "./support/second-portal";
import { signInAs, STAFF } from "./support/staff";

let receiver: WebhookReceiver;
test.beforeAll(async () => {
  receiver = await startWebhookReceiver(`/hooks/ssrf-${Date.now()}`);
});
test.afterAll(() => receiver.close());

const PUBLIC_ONLY = ": Guestpass only calls public addresses.";

/** Types the URL, asks to add it, and expects the URL field to say why not (and nothing saved). */
async function expectRefused(page: Page, url: string, explanation: string): Promise<void> {
  await page.getByLabel("URL").fill(url);
  await page.getByRole("button", { name: "Add endpoint" }).click();
  await expect(page.locator("#webhook-url-error")).toHaveText(explanation);
  await expect(page.getByLabel("URL")).toHaveAccessibleDescription(explanation);
  await expect(page.getByTestId("webhook-secret-value")).toHaveCount(0);
  await expect(page.locator(`[data-endpoint-url="${url}"]`)).toHaveCount(0);
}

test.describe("a portal without the development setting", () => {
  let portal: SecondPortal;
  test.beforeAll(async () => {
    test.setTimeout(90_000);
    portal = await startSecondPortal(["WEBHOOK_ALLOW_LOOPBACK_HTTP"]);
  });
  test.afterAll(() => portal?.stop());

  test("refuses the metadata service, a private address, [::1] and a name resolving to 127.0.0.1, saying why", async ({
    page,
  }) => {
    await signInAs(page, STAFF.admin, "/settings/webhooks");
    await page.goto(`${portal.url}/settings/webhooks`);
    await expect(page.getByRole("heading", { name: "Webhooks", level: 1 })).toBeVisible();
    // This portal really runs as production does: the form says so before anything is typed.
    await expect(page.locator("#webhook-url-hint")).toHaveText("An https URL on a public address.");

    await expectRefused(
      page,
      "http://169.254.169.254/latest/meta-data/",
      `That is 169.254.169.254, a link-local address (such as the cloud metadata service 169.254.169.254)${PUBLIC_ONLY}`,
    );
    await expectRefused(page, "https://10.0.0.1/hooks", `That is 10.0.0.1, a private network address${PUBLIC_ONLY}`);
    await expectRefused(page, "https://[::1]/hooks", `That is ::1, a loopback address (this machine)${PUBLIC_ONLY}`);
    // The receiver of this spec, by name: localhost resolves to it, 127.0.0.1, when the URL is saved.
    const byName = receiver.url.replace("127.0.0.1", "localhost");
    await expectRefused(
      page,
      byName,
      `localhost resolves to 127.0.0.1, a loopback address (this machine)${PUBLIC_ONLY}`,
    );
    await shotAtBothWidths(page, "webhooks-refused-loopback-name");
    expect(receiver.received).toHaveLength(0);
  });
});

test("with the development setting, private and metadata addresses stay refused, and a redirect to one is explained", async ({
  page,
}) => {
  test.setTimeout(90_000);
  await signInAs(page, STAFF.admin, "/settings/webhooks");
  await expect(page.locator("#webhook-url-hint")).toHaveText(
    "https, or http to localhost (the development setting is on).",
  );
  await expectRefused(
    page,
    "http://169.254.169.254/",
    `That is 169.254.169.254, a link-local address (such as the cloud metadata service 169.254.169.254)${PUBLIC_ONLY}`,
  );
  await expectRefused(page, "https://10.0.0.1/hooks", `That is 10.0.0.1, a private network address${PUBLIC_ONLY}`);

  // A receiver on this machine (allowed here) that answers with a redirect to a private address.
  receiver.mode = { kind: "redirect", location: "https://10.0.0.1/internal?token=s3cret-value" };
  await page.getByLabel("URL").fill(receiver.url);
  await page.getByRole("button", { name: "Add endpoint" }).click();
  const secret = page.getByTestId("webhook-secret-value");
  await expect(secret).toHaveText(/^whsec_/);
  receiver.secrets.push((await secret.textContent())!);
  const endpoint = page.locator(`[data-endpoint-url="${receiver.url}"]`);
  await endpoint.getByRole("button", { name: "Send test event" }).click();
  await expect.poll(() => receiver.verified().length, { timeout: 30_000 }).toBeGreaterThanOrEqual(1);

  await endpoint.getByRole("link", { name: "Deliveries" }).click();
  const delivery = page.locator('[data-event-type="webhook.test"]');
  await expect(delivery.getByRole("cell", { name: "302" }).first()).toBeVisible({ timeout: 15_000 });
  const answer = delivery.locator('td[data-label="Answer"]').last();
  await expect(answer).toHaveText(
    "The receiver answered 302, a redirect to https://10.0.0.1/internal?token=redacted: Guestpass follows no " +
      `redirects; give the final URL. It points to 10.0.0.1, a private network address${PUBLIC_ONLY}`,
  );
  await expect(delivery).toContainText("Retrying");
  await expect(page.locator("body")).not.toContainText("s3cret-value");
  await shotAtBothWidths(page, "webhooks-redirect-refused");
});
