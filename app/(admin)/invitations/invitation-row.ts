// The invitations list's rows as the server hands them to the table (a client component): a plain
// module, not the table's, since a "use client" module's functions cannot run on the server.
import type { InvitationListItem, InvitationStatus } from "@/lib/invitations/queries/list";

/**
 * What a row shows, as the page sends it to the browser (50 of them in every page's payload, so
 * only what is shown, times as epoch milliseconds, and no key for what a row does not have).
 */
export interface InvitationRow {
  id: string;
  email: string;
  name?: string;
  status: InvitationStatus;
  /** Microsoft's error code, for a failed invitation. */
  error?: string;
  /** "Guest", "Member" or "Consent link only". */
  type: string;
  invitedAt: number;
  changedAt: number;
}

/** A list item as a row. Microsoft's state is left out (see above). */
export function toInvitationRow(item: InvitationListItem): InvitationRow {
  return {
    id: item.id,
    email: item.email,
    ...(item.displayName ? { name: item.displayName } : {}),
    status: item.status,
    ...(item.lastErrorCode && item.status === "Failed" ? { error: item.lastErrorCode } : {}),
    type: item.kind === "consent_link" ? "Consent link only" : item.userType,
    invitedAt: item.createdAt.getTime(),
    changedAt: item.updatedAt.getTime(),
  };
}
