import type { Metadata } from "next";
import { EmptyState } from "@/components/empty-state";
import { UploadIcon } from "@/components/icons";
import { PageHeader } from "@/components/page-header";
import { requireAdmin } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Bulk invite" };

export default async function BulkInvitePage() {
  await requireAdmin("/bulk-invite");
  return (
    <>
      <PageHeader title="Bulk invite" description="Invite many external users at once from a CSV file with their addresses and names." />
      <EmptyState
        icon={<UploadIcon />}
        title="No bulk runs yet"
        description="Upload a CSV with one address per row; you will see each row's outcome, and can download it."
      />
    </>
  );
}
