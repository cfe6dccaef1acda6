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
              {/* The error code goes under the badge: Microsoft's codes run long (Authorization_RequestDenied)
                  and beside it they pushed the last column out of a 1280 px window. */}
              <span className="flex flex-col items-start gap-1">
                <InvitationStatusBadge status={invitation.status} />
                {invitation.lastErrorCode && invitation.status === "Failed" ? (
                  <code className="text-xs text-danger">{invitation.lastErrorCode}</code>
                ) : null}
              </span>
            </TableCell>
            <TableCell className="hidden text-ink-muted md:table-cell">{invitation.userType}</TableCell>
            <TableCell className="hidden text-ink-muted lg:table-cell">{invitation.externalUserState === "PendingAcceptance" ? "Pending acceptance" : (invitation.externalUserState ?? "—")}</TableCell>
            <TableCell className="whitespace-nowrap text-ink-muted">
              <Timestamp date={invitation.createdAt} />
            </TableCell>
            <TableCell className="hidden whitespace-nowrap text-ink-muted sm:table-cell">
              <Timestamp date={invitation.updatedAt} />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
