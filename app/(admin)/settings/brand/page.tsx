import type { Metadata } from "next";
import { PageHeader } from "@/components/page-header";
import { requireAdmin } from "@/lib/auth/session";
import { loadBrand } from "@/lib/brand/queries";
import { BrandForm } from "./brand-form";

export const metadata: Metadata = { title: "Brand" };

export default async function BrandSettingsPage() {
  await requireAdmin("/settings/brand");
  const brand = await loadBrand();
  return (
    <>
      <PageHeader
        title="Brand"
        description="What invited people see on the pages where they connect their account: your company's name, logo and who to contact. Nothing set: they see Guestpass."
      />
      <BrandForm brand={brand} />
    </>
  );
}
