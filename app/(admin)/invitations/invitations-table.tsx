// One page of invitations. The address links to the detail page (keyboard: Tab to it, Enter).
import Link from "next/link";
import { InvitationStatusBadge } from "@/components/invitation-status-badge";
import { Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow } from "@/components/table";
import { Timestamp } from "@/components/timestamp";
import type { InvitationListItem } from "@/lib/invitations/queries";

export function InvitationsTable({ items }: { items: InvitationListItem[] }) {
  return (
    <Table aria-label="Invitations">
      <TableHead>
        <tr>
          <TableHeaderCell>Invited user</TableHeaderCell>
          <TableHeaderCell>Status</TableHeaderCell>
          <TableHeaderCell className="hidden md:table-cell">Type</TableHeaderCell>
          <TableHeaderCell className="hidden lg:table-cell">In Microsoft</TableHeaderCell>
          <TableHeaderCell>Invited</TableHeaderCell>
          <TableHeaderCell className="hidden sm:table-cell">Last change</TableHeaderCell>
        </tr>
      </TableHead>
      <TableBody>
        {items.map((invitation) => (
          <TableRow key={invitation.id} data-testid="invitation-row" data-email={invitation.email} data-status={invitation.status}>
            <TableCell className="max-w-80">
              <Link href={`/invitations/${invitation.id}`} className="block truncate font-medium text-ink hover:text-accent hover:underline">
                {invitation.email}
              </Link>
              {invitation.displayName ? <span className="block truncate text-xs text-ink-muted">{invitation.displayName}</span> : null}
            </TableCell>
            <TableCell>
              <span className="inline-flex items-center gap-2">
                <InvitationStatusBadge status={invitation.status} />
                {invitation.lastErrorCode && invitation.status === "Failed" ? (
                  <code className="text-xs text-danger">{invitation.lastErrorCode}</code>
                ) : null}
              </span>
            </TableCell>
            <TableCell className="hidden text-ink-muted md:table-cell">{invitation.userType}</TableCell>
            <TableCell className="hidden text-ink-muted lg:table-cell">{invitation.externalUserState === "PendingAcceptance" ? "Pending acceptance" : (invitation.externalUserState ?? "—")}</TableCell>
            <TableCell className="text-ink-muted">
              <Timestamp date={invitation.createdAt} />
            </TableCell>
            <TableCell className="hidden text-ink-muted sm:table-cell">
              <Timestamp date={invitation.updatedAt} />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
