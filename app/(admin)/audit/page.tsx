import type { Metadata } from "next";
import { EmptyState } from "@/components/empty-state";
import { ListIcon } from "@/components/icons";
import { PageHeader } from "@/components/page-header";

export const metadata: Metadata = { title: "Audit log" };

export default function AuditPage() {
  return (
    <>
      <PageHeader title="Audit log" description="Who did what, to whom, and with what outcome: every staff action and every security-relevant event." />
      <EmptyState icon={<ListIcon />} title="Nothing recorded yet" description="Sign-ins, invitations, resends and revocations appear here as they happen." />
    </>
  );
}
