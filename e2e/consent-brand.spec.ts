// The company's brand on the invited person's pages: an admin sets the name, support contact and a
// logo (an uploaded PNG) in Settings → Brand; the consent page shows them in English and Chinese;
// an SVG upload is refused in words; support staff cannot open the page. Screenshots at both widths.
import { deflateSync } from "node:zlib";
import { expect, test } from "@playwright/test";
import { withDatabase } from "./support/stack";
import { newFabrikamPerson, inviteWithoutMail, redeemInvitation, signInAs, STAFF } from "./support/staff";
import { shot, shotAtBothWidths } from "./support/screenshots";

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (bytes: Buffer) =>
  (bytes.reduce((c, byte) => CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8), 0xffffffff) ^ 0xffffffff) >>> 0;
function chunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const out = Buffer.alloc(body.length + 8);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), body.length + 4);
  return out;
}
/** A real 120×40 PNG: a teal bar with a white square, small enough for the logo limit. */
function logoPng(): Buffer {
  const [width, height] = [120, 40];
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const rows = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const white = x > 8 && x < 32 && y > 8 && y < 32;
      rows.set(white ? [255, 255, 255] : [13, 128, 128], y * (width * 3 + 1) + 1 + x * 3);
    }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(rows)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

test.afterAll(async () => {
  await withDatabase((client) => client.query(`DELETE FROM "Brand"`));
});

test("an admin's brand appears on the invited person's pages in both languages", async ({ page, browser }) => {
  await signInAs(page, STAFF.admin, "/settings/brand");
  await expect(page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Brand" })).toHaveAttribute(
    "aria-current",
    "page",
  );
  await expect(page.getByTestId("brand-preview")).toHaveText("Guestpass");

  // An SVG named .png is refused by its bytes, and nothing is saved.
  await page.getByLabel("Logo (optional)").setInputFiles({
    name: "logo.png",
    mimeType: "image/png",
    buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
  });
  await page.getByRole("button", { name: "Save brand" }).click();
  await expect(
    page.getByText("Upload a PNG, JPEG or WebP image. Other files, SVG included, are not accepted."),
  ).toBeVisible();

  await page.getByLabel("Company name (optional)").fill("Contoso Pharma");
  await page.getByLabel("Support email (optional)").fill("help@contoso.com");
  await page
    .getByLabel("Logo (optional)")
    .setInputFiles({ name: "contoso.png", mimeType: "image/png", buffer: logoPng() });
  await expect(page.getByTestId("brand-preview")).toContainText("Contoso Pharma");
  await page.getByRole("button", { name: "Save brand" }).click();
  await expect(page.getByText("Brand saved. Invited people see it from their next page.")).toBeVisible();
  await shot(page, "settings-brand");

  const upn = await newFabrikamPerson("brand", "Brand Person");
  await page.goto("/invitations");
  const { redeemUrl } = await inviteWithoutMail(page, upn);
  const context = await browser.newContext({ locale: "en-GB" });
  const invitee = await context.newPage();
  await redeemInvitation(invitee, redeemUrl, upn);
  const brand = invitee.getByTestId("consent-brand");
  await expect(brand.getByRole("img", { name: "Contoso Pharma logo" })).toBeVisible();
  await expect(brand).not.toContainText("Guestpass");
  await expect(invitee.getByText("through Contoso Pharma")).toBeVisible();
  await expect(invitee.getByTestId("consent-support").getByRole("link", { name: "help@contoso.com" })).toHaveAttribute(
    "href",
    "mailto:help@contoso.com",
  );
  await expect(invitee).toHaveTitle("Connect your account · Contoso Pharma");
  await shotAtBothWidths(invitee, "consent-landing-brand-en");
  await invitee.getByRole("link", { name: "简体中文" }).click();
  await expect(brand.getByRole("img", { name: "Contoso Pharma 标志" })).toBeVisible();
  await expect(invitee.getByText("如果您同意，Contoso Pharma 将能够：")).toBeVisible();
  await expect(invitee.getByTestId("consent-support")).toContainText("需要帮助？请联系 Contoso Pharma：");
  await shotAtBothWidths(invitee, "consent-landing-brand-zh-CN");
  await context.close();
});

test("support staff cannot open the brand settings", async ({ page }) => {
  await signInAs(page, STAFF.support);
  await page.goto("/settings/brand");
  await expect(page).toHaveURL(/\/no-access/);
});
