import "server-only";
// Settings → Brand (admins): the company's name, support contact and logo shown to invited people.
// A staff action definition, so it is validated, authorized, done and audited like every other.
import { defineStaffAction, type Validation } from "@/lib/actions/staff-action";
import { canManageSettings } from "@/lib/auth/permissions";
import { prisma } from "@/lib/db/client";
import { brandTextSchema, type BrandSaved, type BrandText } from "@/lib/shared/brand";
import { checkLogo } from "./logo";
import { BRAND_ID } from "./queries";

interface BrandInput extends BrandText {
  logo: { action: "keep" } | { action: "remove" } | { action: "replace"; type: string; bytes: Uint8Array };
}

async function validateBrand(raw: unknown): Promise<Validation<BrandInput>> {
  if (!(raw instanceof FormData))
    return { ok: false, message: "The form could not be read. Reload the page and try again." };
  const text = brandTextSchema.safeParse({
    companyName: raw.get("companyName") ?? "",
    supportEmail: raw.get("supportEmail") ?? "",
    supportUrl: raw.get("supportUrl") ?? "",
  });
  const fieldErrors: Record<string, string[]> = {};
  if (!text.success)
    for (const issue of text.error.issues)
      (fieldErrors[String(issue.path[0] ?? "companyName")] ??= []).push(issue.message);
  let logo: BrandInput["logo"] = raw.get("removeLogo") === "on" ? { action: "remove" } : { action: "keep" };
  const file = raw.get("logo");
  if (file instanceof File && file.size > 0) {
    const checked = checkLogo(new Uint8Array(await file.arrayBuffer()));
    if (checked.ok) logo = { action: "replace", type: checked.type, bytes: checked.bytes };
    else fieldErrors.logo = [checked.message];
  }
  if (!text.success || fieldErrors.logo) return { ok: false, fieldErrors };
  return { ok: true, value: { ...text.data, logo } };
}

export const saveBrandAction = defineStaffAction<BrandInput, BrandSaved>({
  action: "settings.brand_update",
  allowed: canManageSettings,
  validate: validateBrand,
  deniedMessage: "Only administrators can change the brand.",
  async run(input, context) {
    const logoData =
      input.logo.action === "replace"
        ? { logo: Buffer.from(input.logo.bytes), logoType: input.logo.type }
        : input.logo.action === "remove"
          ? { logo: null, logoType: null }
          : {};
    const text = {
      companyName: input.companyName,
      supportEmail: input.supportEmail,
      supportUrl: input.supportUrl,
      updatedById: context.staff.userId,
    };
    const saved = await prisma.brand.upsert({
      where: { id: BRAND_ID },
      create: { id: BRAND_ID, ...text, ...logoData },
      update: { ...text, ...logoData },
      select: { companyName: true, logo: true },
    });
    const logo: BrandSaved["logo"] =
      input.logo.action === "replace"
        ? "replaced"
        : input.logo.action === "remove"
          ? "removed"
          : saved.logo
            ? "kept"
            : "none";
    context.addAuditDetail({
      companyName: input.companyName,
      supportEmail: input.supportEmail,
      supportUrl: input.supportUrl,
      logo,
      logoBytes: input.logo.action === "replace" ? input.logo.bytes.byteLength : null,
    });
    return { name: saved.companyName ?? "Guestpass", logo };
  },
  successMessage: () => "Brand saved. Invited people see it from their next page.",
});
