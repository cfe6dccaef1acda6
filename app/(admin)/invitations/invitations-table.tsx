"use client";
// One page of invitations. The whole row opens the detail page; keyboard users Tab to the address
// (one link per row) and press Enter. No "In Microsoft" column: Microsoft's externalUserState is
// part of the status (and lags it until the next sync, so beside it it read as a contradiction).
// A client component on purpose: the server sends each row as a few fields (the RSC payload is
// then data, not 50 rows of markup sent a second time beside the HTML), and the rows render the
// same markup on the server and in the browser. "5 min ago" is worked out against the server's
// `now`, so both renders agree. The cells' looks are component classes (app/globals.css, gp-inv-*):
// written once in the stylesheet, not 50 times in the page.
import { InvitationStatusBadge } from "@/components/invitation-status-badge";
import { Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow, TableRowLink } from "@/components/table";
import { Timestamp } from "@/components/timestamp";
import type { InvitationListItem } from "@/lib/invitations/queries/list";

/** What a row shows: the list query's fields, less Microsoft's state (see above). */
export type InvitationRow = Omit<InvitationListItem, "externalUserState">;

export function InvitationsTable({ items, now }: { items: InvitationRow[]; now: Date }) {
  return (
    <Table aria-label="Invitations">
      <TableHead>
        <tr>
          <TableHeaderCell>Invited user</TableHeaderCell>
          <TableHeaderCell>Status</TableHeaderCell>
          <TableHeaderCell className="hidden md:table-cell">Type</TableHeaderCell>
          <TableHeaderCell>Invited</TableHeaderCell>
          <TableHeaderCell className="hidden sm:table-cell">Last change</TableHeaderCell>
        </tr>
      </TableHead>
      <TableBody>
        {items.map((invitation) => (
          <TableRow
            key={invitation.id}
            data-testid="invitation-row"
            data-email={invitation.email}
            data-status={invitation.status}
            className="cursor-pointer"
          >
            <TableCell className="gp-inv-who">
              <TableRowLink href={`/invitations/${invitation.id}`} className="gp-inv-email">
                {invitation.email}
              </TableRowLink>
              {invitation.displayName ? <span className="gp-inv-name">{invitation.displayName}</span> : null}
            </TableCell>
            <TableCell>
              {/* The error code goes under the badge: Microsoft's codes run long (Authorization_RequestDenied)
                  and beside it they pushed the last column out of a 1280 px window. */}
              <span className="gp-inv-status">
                <InvitationStatusBadge status={invitation.status} />
                {invitation.lastErrorCode && invitation.status === "Failed" ? (
                  <code className="text-xs text-danger">{invitation.lastErrorCode}</code>
                ) : null}
              </span>
            </TableCell>
            <TableCell className="gp-inv-type">
              {invitation.kind === "consent_link" ? "Consent link only" : invitation.userType}
            </TableCell>
            <TableCell label="Invited" className="gp-inv-invited">
              <Timestamp date={invitation.createdAt} now={now} />
            </TableCell>
            <TableCell className="gp-inv-changed">
              <Timestamp date={invitation.updatedAt} now={now} />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
