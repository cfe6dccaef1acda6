// The rows of a bulk run: in the preview, each row's check; afterwards, each row's outcome.
import Link from "next/link";
import { Badge } from "@/components/badge";
import { Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow } from "@/components/table";
import type { BulkRunRow } from "@/lib/invitations/queries/bulk-runs";

const OUTCOME: Record<string, { label: string; tone: "success" | "neutral" | "danger" | "info" }> = {
  Invited: { label: "Invited", tone: "success" },
  Existing: { label: "Already existing", tone: "info" },
  Failed: { label: "Failed", tone: "danger" },
};

export function RowsTable({ rows, mode }: { rows: BulkRunRow[]; mode: "preview" | "results" }) {
  return (
    <Table aria-label={mode === "preview" ? "Rows to send" : "Results"}>
      <TableHead>
        <tr>
          <TableHeaderCell className="w-16 text-right">Row</TableHeaderCell>
          <TableHeaderCell>Email</TableHeaderCell>
          <TableHeaderCell className="hidden md:table-cell">Name</TableHeaderCell>
          <TableHeaderCell>{mode === "preview" ? "Check" : "Outcome"}</TableHeaderCell>
          <TableHeaderCell>{mode === "preview" ? "Problem" : "Reason"}</TableHeaderCell>
        </tr>
      </TableHead>
      <TableBody>
        {rows.map((row) => {
          const outcome = row.outcome ? OUTCOME[row.outcome] : undefined;
          return (
            <TableRow
              key={row.rowNumber}
              data-testid="bulk-row"
              data-outcome={row.outcome ?? "pending"}
              className={row.outcome === "Failed" ? "bg-danger-soft/40" : undefined}
            >
              <TableCell className="text-right tabular-nums text-ink-muted">{row.rowNumber}</TableCell>
              <TableCell className="max-w-72 truncate">
                {row.invitationId ? (
                  <Link href={`/invitations/${row.invitationId}`} className="hover:text-accent hover:underline">
                    {row.email || "—"}
                  </Link>
                ) : (
                  row.email || <span className="text-ink-muted">(empty)</span>
                )}
              </TableCell>
              <TableCell className="hidden max-w-48 truncate text-ink-muted md:table-cell">
                {row.displayName ?? "—"}
              </TableCell>
              <TableCell className="whitespace-nowrap">
                {mode === "preview" ? (
                  row.outcome === "Failed" ? (
                    <Badge tone="danger">Will be skipped</Badge>
                  ) : (
                    <Badge tone="success">Ready</Badge>
                  )
                ) : outcome ? (
                  <Badge tone={outcome.tone}>{outcome.label}</Badge>
                ) : (
                  <Badge tone="neutral">Waiting</Badge>
                )}
              </TableCell>
              <TableCell className="max-w-md text-xs text-ink-muted">{row.reason ?? ""}</TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
