"use client";
// One page of invitations. The whole row opens the detail page; keyboard users Tab to the address
// (one link per row) and press Enter. No "In Microsoft" column: Microsoft's externalUserState is
// part of the status (and lags it until the next sync, so beside it it read as a contradiction).
// A client component on purpose: the server sends each row as a few fields (the RSC payload is
// then data, not 50 rows of markup sent a second time beside the HTML), and the rows render the
// same markup on the server and in the browser. "5 min ago" is worked out against the server's
// `now`, so both renders agree. The cells' looks are component classes (app/globals.css, gp-inv-*),
// given per column to the table (`.gp-inv td:nth-child(n)`) rather than written on 250 cells: keep
// the columns' order in step with those rules.
import { InvitationStatusBadge } from "@/components/invitation-status-badge";
import { Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow, TableRowLink } from "@/components/table";
import { Timestamp } from "@/components/timestamp";
import type { InvitationRow } from "./invitation-row";

export function InvitationsTable({ rows, now }: { rows: InvitationRow[]; now: number }) {
  const serverNow = new Date(now);
  return (
    <Table aria-label="Invitations" className="gp-inv">
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
        {rows.map((row) => (
          <TableRow key={row.id} data-testid="invitation-row" data-status={row.status}>
            <TableCell>
              <TableRowLink href={`/invitations/${row.id}`} className="gp-inv-email">
                {row.email}
              </TableRowLink>
              {row.name ? <span className="gp-inv-name">{row.name}</span> : null}
            </TableCell>
            <TableCell>
              {/* The error code goes under the badge: Microsoft's codes run long (Authorization_RequestDenied)
                  and beside it they pushed the last column out of a 1280 px window. */}
              {row.error ? (
                <span className="gp-inv-status">
                  <InvitationStatusBadge status={row.status} />
                  <code className="text-xs text-danger">{row.error}</code>
                </span>
              ) : (
                <InvitationStatusBadge status={row.status} />
              )}
            </TableCell>
            <TableCell>{row.type}</TableCell>
            <TableCell label="Invited">
              <Timestamp date={new Date(row.invitedAt)} now={serverNow} />
            </TableCell>
            <TableCell>
              <Timestamp date={new Date(row.changedAt)} now={serverNow} />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
