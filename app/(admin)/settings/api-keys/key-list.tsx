"use client";
// The keys: prefix, scopes, who created them, last use, expiry; revoke a live one (confirmed first).
import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { toast } from "sonner";
import { Badge } from "@/components/badge";
import { Button } from "@/components/button";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { EmptyState } from "@/components/empty-state";
import { LocalTime } from "@/components/local-time";
import { Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow } from "@/components/table";
import type { ApiScope } from "@/lib/shared/api-scopes";
import { revokeApiKey } from "./actions";

export interface KeyRow {
  id: string;
  name: string;
  prefix: string;
  scopes: ApiScope[];
  createdAt: string;
  createdBy: string | null;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
  revokedBy: string | null;
  state: "live" | "revoked" | "expired";
}

export function KeyList({ keys }: { keys: KeyRow[] }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  if (keys.length === 0)
    return <EmptyState title="No API keys yet" description="Create one above to let your product call Guestpass." />;
  return (
    <Table data-testid="api-keys">
      <TableHead>
        <TableRow>
          <TableHeaderCell>Name</TableHeaderCell>
          <TableHeaderCell>Key</TableHeaderCell>
          <TableHeaderCell>May</TableHeaderCell>
          <TableHeaderCell>Created</TableHeaderCell>
          <TableHeaderCell>Last used</TableHeaderCell>
          <TableHeaderCell>Expires</TableHeaderCell>
          <TableHeaderCell>
            <span className="sr-only">Actions</span>
          </TableHeaderCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {keys.map((key) => {
          const { state } = key;
          return (
            <TableRow key={key.id} data-key-prefix={key.prefix} data-key-state={state}>
              <TableCell label="Name">
                <span className="font-medium text-ink">{key.name}</span>{" "}
                {state === "revoked" ? (
                  <Badge tone="danger">Revoked</Badge>
                ) : state === "expired" ? (
                  <Badge tone="warning">Expired</Badge>
                ) : null}
              </TableCell>
              <TableCell label="Key">
                <code className="text-xs">{key.prefix}…</code>
              </TableCell>
              <TableCell label="May">
                <span className="text-xs">{key.scopes.join(", ")}</span>
              </TableCell>
              <TableCell label="Created">
                <LocalTime date={key.createdAt} part="date" />
                {key.createdBy ? <span className="block text-xs text-ink-muted">by {key.createdBy}</span> : null}
              </TableCell>
              <TableCell label="Last used">
                {key.lastUsedAt ? <LocalTime date={key.lastUsedAt} /> : <span className="text-ink-muted">Never</span>}
              </TableCell>
              <TableCell label="Expires">
                {state === "revoked" && key.revokedAt ? (
                  <span className="text-xs">
                    Revoked <LocalTime date={key.revokedAt} part="date" />
                    {key.revokedBy ? ` by ${key.revokedBy}` : ""}
                  </span>
                ) : key.expiresAt ? (
                  <LocalTime date={key.expiresAt} part="date" />
                ) : (
                  "Never"
                )}
              </TableCell>
              <TableCell label="Actions">
                {state === "live" ? (
                  <ConfirmDialog
                    trigger={
                      <Button
                        variant="ghost"
                        size="sm"
                        className="text-danger"
                        disabled={pending}
                        aria-label={`Revoke ${key.name}`}
                      >
                        Revoke…
                      </Button>
                    }
                    title={`Revoke the key “${key.name}”?`}
                    description={
                      <p>
                        Every call made with it is refused from now on. This cannot be undone; create a new key if you
                        need one.
                      </p>
                    }
                    confirmLabel="Revoke key"
                    onConfirm={() =>
                      startTransition(async () => {
                        const result = await revokeApiKey(key.id);
                        if (result.ok) toast.success(result.message ?? "Key revoked");
                        else toast.error(result.message);
                        router.refresh();
                      })
                    }
                  />
                ) : null}
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
