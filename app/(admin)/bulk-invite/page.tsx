import { redirect } from "next/navigation";

// Bulk invites live under /invitations/bulk (beside the invitations they create); this older
// address keeps working for the sidebar and bookmarks.
export default function BulkInviteRedirect(): never {
  redirect("/invitations/bulk");
}
