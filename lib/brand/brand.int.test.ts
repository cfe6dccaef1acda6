// Settings → Brand on a real database: an admin's name, contact and logo are stored (the logo as
// checked bytes), support is refused and audited, a bad upload changes nothing, and with nothing set
// invited people see "Guestpass".
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { runStaffAction } from "@/lib/actions/staff-action";
import { prisma } from "@/lib/db/client";
import { adminSession, supportSession } from "@/test/int-support";
import { saveBrandAction } from "./actions";
import { BRAND_ID, loadBrand } from "./queries";

const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);

function brandForm(
  fields: Record<string, string>,
  logo?: { bytes: Uint8Array<ArrayBuffer>; name: string; type: string },
): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  if (logo) form.set("logo", new File([logo.bytes], logo.name, { type: logo.type }));
  return form;
}

describe("the brand", () => {
  beforeEach(() => prisma.brand.deleteMany());
  afterAll(() => prisma.brand.deleteMany());

  it("is Guestpass until an admin sets one", async () => {
    expect(await loadBrand()).toEqual({
      name: "Guestpass",
      configured: false,
      supportEmail: null,
      supportUrl: null,
      logoDataUrl: null,
    });
  });

  it("stores an admin's name, contact and logo, audited", async () => {
    const admin = await adminSession();
    const result = await runStaffAction(
      saveBrandAction,
      admin,
      brandForm(
        { companyName: " Contoso Ltd ", supportEmail: "help@contoso.com", supportUrl: "https://contoso.com/help" },
        { bytes: PNG, name: "logo.png", type: "image/png" },
      ),
    );
    expect(result).toMatchObject({ ok: true, data: { name: "Contoso Ltd", logo: "replaced" } });
    const brand = await loadBrand();
    expect(brand).toMatchObject({
      name: "Contoso Ltd",
      configured: true,
      supportEmail: "help@contoso.com",
      supportUrl: "https://contoso.com/help",
    });
    expect(brand.logoDataUrl).toBe(`data:image/png;base64,${Buffer.from(PNG).toString("base64")}`);
    const audit = await prisma.auditLogEntry.findFirstOrThrow({
      where: { action: "settings.brand_update", actorId: admin.userId },
    });
    expect(audit).toMatchObject({
      outcome: "Success",
      detail: { companyName: "Contoso Ltd", logo: "replaced", logoBytes: PNG.byteLength },
    });

    // Saving again without a file keeps the logo; ticking "remove" removes it; clearing the name falls back.
    expect(await runStaffAction(saveBrandAction, admin, brandForm({ companyName: "Contoso" }))).toMatchObject({
      ok: true,
      data: { logo: "kept" },
    });
    expect((await loadBrand()).logoDataUrl).not.toBeNull();
    expect(
      await runStaffAction(saveBrandAction, admin, brandForm({ companyName: "", removeLogo: "on" })),
    ).toMatchObject({ ok: true, data: { logo: "removed" } });
    expect(await loadBrand()).toMatchObject({
      name: "Guestpass",
      configured: false,
      logoDataUrl: null,
      supportEmail: null,
    });
  });

  it("refuses an SVG or oversized logo and a non-https support page, and changes nothing", async () => {
    const admin = await adminSession();
    await runStaffAction(saveBrandAction, admin, brandForm({ companyName: "Contoso" }));
    const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>');
    const svgResult = await runStaffAction(
      saveBrandAction,
      admin,
      brandForm({ companyName: "Evil" }, { bytes: svg, name: "logo.png", type: "image/png" }),
    );
    expect(svgResult).toMatchObject({ ok: false, fieldErrors: { logo: [expect.stringMatching(/SVG/)] } });
    const big = new Uint8Array(200 * 1024);
    big.set(PNG);
    expect(
      await runStaffAction(
        saveBrandAction,
        admin,
        brandForm({ companyName: "Evil" }, { bytes: big, name: "big.png", type: "image/png" }),
      ),
    ).toMatchObject({ ok: false, fieldErrors: { logo: [expect.stringMatching(/limit/)] } });
    expect(
      await runStaffAction(
        saveBrandAction,
        admin,
        brandForm({ companyName: "Evil", supportUrl: "javascript:alert(1)" }),
      ),
    ).toMatchObject({ ok: false, fieldErrors: { supportUrl: [expect.any(String)] } });
    expect(await runStaffAction(saveBrandAction, admin, brandForm({ supportEmail: "not an address" }))).toMatchObject({
      ok: false,
      fieldErrors: { supportEmail: [expect.any(String)] },
    });
    expect(await prisma.brand.findUniqueOrThrow({ where: { id: BRAND_ID } })).toMatchObject({
      companyName: "Contoso",
      logo: null,
    });
  });

  it("is refused to support staff, audited as denied", async () => {
    const support = await supportSession();
    expect(await runStaffAction(saveBrandAction, support, brandForm({ companyName: "Support Inc" }))).toMatchObject({
      ok: false,
      code: "forbidden",
    });
    expect(await prisma.brand.count()).toBe(0);
    expect(
      await prisma.auditLogEntry.count({
        where: { action: "settings.brand_update", actorId: support.userId, outcome: "Denied" },
      }),
    ).toBe(1);
  });
});
