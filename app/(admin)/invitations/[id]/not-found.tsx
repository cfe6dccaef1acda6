// An invitation address that leads nowhere (deleted, or a mistyped or shortened link), said once,
// inside the staff layout, in words for staff.
import type { Metadata } from "next";
import { StaffNotFound } from "@/components/staff-not-found";

export const metadata: Metadata = { title: "Invitation not found" };

export default function InvitationNotFound() {
  return (
    <StaffNotFound
      title="This invitation does not exist"
      body="Guestpass has no invitation at this address: the link may be mistyped or cut short, or the invitation was deleted. Search the invitations list by the person's address to find it."
      back={{ href: "/invitations", label: "Back to invitations" }}
    />
  );
}
