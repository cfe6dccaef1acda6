"use client";
// Step 2: the admin has seen the preview and starts sending. The page then turns into the
// progress view (same URL), fed live by the worker's changes.
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/button";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { confirmBulkInvite, discardBulkInvite, resumeBulkInvite } from "../actions";

export function ConfirmRun({ runId, validRows }: { runId: string; validRows: number }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="flex flex-wrap items-center gap-3">
      <Button
        disabled={pending || validRows === 0}
        onClick={() =>
          startTransition(async () => {
            setError(null);
            const result = await confirmBulkInvite(runId);
            if (result.ok) {
              toast.success(result.message ?? "Sending started");
              router.refresh();
            } else {
              setError(result.message);
              if (result.code === "conflict") router.refresh();
            }
          })
        }
      >
        {pending ? "Starting…" : `Send ${validRows.toLocaleString("en")} invitation${validRows === 1 ? "" : "s"}`}
      </Button>
      <span className="text-xs text-ink-muted">
        Rows with problems are skipped and listed as failed in the results.
      </span>
      {error ? (
        <p role="alert" className="w-full text-sm text-danger">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** A run that stopped early (the tenant refused invitations): send its untried rows once the cause is fixed. */
export function ResumeRun({ runId, untried }: { runId: string; untried: number }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="flex flex-wrap items-center gap-3">
      <Button
        disabled={pending || untried === 0}
        onClick={() =>
          startTransition(async () => {
            setError(null);
            const result = await resumeBulkInvite(runId);
            if (result.ok) {
              toast.success(result.message ?? "Sending resumed");
              router.refresh();
            } else setError(result.message);
          })
        }
      >
        {pending
          ? "Resuming…"
          : `Resume: send the ${untried.toLocaleString("en")} untried row${untried === 1 ? "" : "s"}`}
      </Button>
      <span className="text-xs text-ink-muted">
        Fix the cause first (see above); rows already sent are not sent again.
      </span>
      {error ? (
        <p role="alert" className="w-full text-sm text-danger">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** An upload nobody will send: remove it (and its preview) instead of leaving it awaiting confirmation. */
export function DiscardRun({ runId, fileName }: { runId: string; fileName: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="flex flex-wrap items-center gap-3">
      <ConfirmDialog
        trigger={
          <Button variant="secondary" size="sm">
            Discard this upload
          </Button>
        }
        title="Discard this upload?"
        description={
          <p>
            <strong className="text-ink">{fileName}</strong> and its checked rows are removed. Nothing was sent, so
            nobody is affected; the audit log keeps a record that you discarded it.
          </p>
        }
        confirmLabel="Discard upload"
        onConfirm={async () => {
          setError(null);
          const result = await discardBulkInvite(runId);
          if (result.ok) {
            toast.success(result.message ?? "Upload discarded");
            router.push("/invitations/bulk");
          } else {
            setError(result.message);
            router.refresh();
          }
        }}
      />
      {error ? (
        <p role="alert" className="w-full text-sm text-danger">
          {error}
        </p>
      ) : null}
    </div>
  );
}
