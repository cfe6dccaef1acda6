import type { Metadata } from "next";
import { EmptyState } from "@/components/empty-state";
import { SettingsIcon } from "@/components/icons";
import { PageHeader } from "@/components/page-header";
import { requireAdmin } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  await requireAdmin("/settings");
  return (
    <>
      <PageHeader title="Settings" description="Check the app registration end to end: credentials, permissions, redirect URIs and secret expiry." />
      <EmptyState icon={<SettingsIcon />} title="No checks run yet" description="Run the registration check to see what works and how to fix what does not." />
    </>
  );
}
