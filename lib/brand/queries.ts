import "server-only";
// The brand the invited person's pages and mails show: what an admin set in Settings → Brand, with
// "Guestpass" where nothing is set.
import { prisma } from "@/lib/db/client";
import { BRAND_FALLBACK_NAME, type BrandView } from "@/lib/shared/brand";

export const BRAND_ID = 1;

export async function loadBrand(): Promise<BrandView> {
  const brand = await prisma.brand.findUnique({ where: { id: BRAND_ID } });
  return {
    name: brand?.companyName ?? BRAND_FALLBACK_NAME,
    configured: Boolean(brand?.companyName),
    supportEmail: brand?.supportEmail ?? null,
    supportUrl: brand?.supportUrl ?? null,
    logoDataUrl:
      brand?.logo && brand.logoType
        ? `data:${brand.logoType};base64,${Buffer.from(brand.logo).toString("base64")}`
        : null,
  };
}
