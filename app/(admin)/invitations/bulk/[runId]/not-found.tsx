// A bulk run address that leads nowhere: discarded, or mistyped.
import type { Metadata } from "next";
import { StaffNotFound } from "@/components/staff-not-found";

export const metadata: Metadata = { title: "Bulk upload not found" };

export default function BulkRunNotFound() {
  return (
    <StaffNotFound
      title="This bulk upload does not exist"
      body="It may have been discarded before sending (the audit log records who did), or the address is mistyped. Uploads that were sent stay listed under Recent runs."
      back={{ href: "/invitations/bulk", label: "Back to Bulk invite" }}
    />
  );
}
