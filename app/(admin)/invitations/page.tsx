import type { Metadata } from "next";
import { EmptyState } from "@/components/empty-state";
import { MailIcon } from "@/components/icons";
import { PageHeader } from "@/components/page-header";

export const metadata: Metadata = { title: "Invitations" };

export default function InvitationsPage() {
  return (
    <>
      <PageHeader
        title="Invitations"
        description="External Microsoft 365 users invited into your tenant, where each one stands, and what to do when one is stuck."
      />
      <EmptyState
        icon={<MailIcon />}
        title="No invitations yet"
        description="Invite an external user and follow them from the invitation mail to a working grant."
      />
    </>
  );
}
