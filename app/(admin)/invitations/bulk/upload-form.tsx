"use client";
// Step 1 of a bulk invite: choose a CSV. The server checks every row and stores the run; the
// preview lives at /invitations/bulk/<runId>, so a refresh or a shared link finds it again.
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/button";
import { CSV_LIMITS_TEXT, csvTooLargeMessage } from "@/lib/shared/csv-limits";
import { BULK_UPLOAD_FILE_FIELD } from "@/lib/shared/invitations";
import { type ActionFailure } from "@/lib/shared/action-result";
import { startBulkInvite } from "./actions";
import { useHydrated } from "@/components/use-hydrated";

const fileProblem = (message: string): ActionFailure => ({
  ok: false,
  code: "invalid",
  message,
  fieldErrors: { [BULK_UPLOAD_FILE_FIELD]: [message] },
});

/** What is wrong with the chosen file before it is sent (nothing chosen, too large), or null. */
function problemBeforeUpload(file: FormDataEntryValue | File | null | undefined): ActionFailure | null {
  if (!(file instanceof File) || file.size === 0) return fileProblem("Choose a CSV file to upload.");
  const tooLarge = csvTooLargeMessage(file.size);
  return tooLarge ? fileProblem(tooLarge) : null;
}

// A request the server refused before the action ran (a body over its limit) or a dropped
// connection: the action never answered, so there is no message of its own to show.
const NOT_DELIVERED = `The file did not reach Guestpass: the connection failed or the server refused the upload. Files of up to ${CSV_LIMITS_TEXT} are accepted; try again, or split the file.`;

export function UploadForm() {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const hydrated = useHydrated();
  const [failure, setFailure] = useState<ActionFailure | null>(null);
  const [fileName, setFileName] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const fileError =
    failure?.fieldErrors?.[BULK_UPLOAD_FILE_FIELD]?.[0] ?? (failure && !failure.fieldErrors ? failure.message : null);

  return (
    <form
      className="space-y-4"
      onSubmit={(event) => {
        event.preventDefault();
        const data = new FormData(event.currentTarget);
        const problem = problemBeforeUpload(data.get(BULK_UPLOAD_FILE_FIELD));
        if (problem) {
          setFailure(problem);
          return;
        }
        startTransition(async () => {
          setFailure(null);
          try {
            const result = await startBulkInvite(data);
            if (result.ok) router.push(`/invitations/bulk/${result.data.runId}`);
            else setFailure(result);
          } catch {
            setFailure(fileProblem(NOT_DELIVERED));
          }
        });
      }}
    >
      <label
        htmlFor="bulk-file"
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(event) => {
          // A dropped file goes into the (visually hidden) input, so the form posts it like a chosen one.
          event.preventDefault();
          setDragging(false);
          const input = event.currentTarget.querySelector<HTMLInputElement>("input[type=file]");
          if (input && event.dataTransfer.files.length > 0) {
            input.files = event.dataTransfer.files;
            setFileName(event.dataTransfer.files[0]?.name ?? null);
            setFailure(problemBeforeUpload(event.dataTransfer.files[0]));
          }
        }}
        className={`flex cursor-pointer flex-col items-center justify-center gap-1 rounded-lg border-2 border-dashed px-6 py-10 text-center hover:border-accent focus-within:border-accent ${dragging ? "border-accent bg-accent-soft" : "border-line bg-surface-muted/40"}`}
      >
        <span className="text-sm font-medium text-ink">{fileName ?? "Choose a CSV file"}</span>
        <span className="text-xs text-ink-muted">or drop it here · up to {CSV_LIMITS_TEXT}</span>
        <input
          id="bulk-file"
          name={BULK_UPLOAD_FILE_FIELD}
          type="file"
          accept=".csv,text/csv"
          className="sr-only"
          aria-invalid={fileError ? true : undefined}
          aria-describedby={fileError ? "bulk-file-error" : "bulk-file-hint"}
          onChange={(event) => {
            const file = event.currentTarget.files?.[0];
            setFileName(file?.name ?? null);
            setFailure(file ? problemBeforeUpload(file) : null);
          }}
        />
      </label>
      {fileError ? (
        <p id="bulk-file-error" role="alert" className="text-xs font-medium text-danger">
          {fileError}
        </p>
      ) : (
        <p id="bulk-file-hint" className="text-xs text-ink-muted">
          First row names the columns: <code>email</code> (required), <code>displayName</code>, <code>userType</code>{" "}
          (Guest or Member), <code>message</code>, <code>cc</code>, <code>language</code>,{" "}
          <code>sendInvitationMessage</code> (yes/no). Columns may be separated by commas, semicolons or tabs; in a
          contacts export, First Name and Last Name make the display name.
        </p>
      )}
      <Button type="submit" disabled={pending || !hydrated}>
        {pending ? "Checking rows…" : "Upload and check"}
      </Button>
    </form>
  );
}
