"use client";
// Consent and grant actions beside the invitation actions: a fresh consent link (shown once, to
// copy and send: Guestpass keeps only its hash), and a test mail sent as the user once they consented.
import { useRouter } from "next/navigation";
import { LocalTime } from "@/components/local-time";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/button";
import { CopyButton } from "@/components/copy-button";
import { ErrorExplanation } from "@/components/error-explanation";
import type { ConsentLinkIssued, TestMailSent } from "@/lib/shared/grants";
import { testMailText } from "@/lib/shared/test-mail-text";
import { TEST_MAIL_FIELDS } from "@/lib/shared/grants";
import type { ActionFailure } from "@/lib/shared/action-result";
import { issueConsentLink, sendTestMail } from "./consent-actions";
import { useHydrated } from "@/components/use-hydrated";

function Failure({ failure }: { failure: ActionFailure }) {
  return failure.explanation ? (
    <ErrorExplanation error={failure.explanation} heading={failure.message} />
  ) : (
    <p role="alert" className="rounded-md bg-danger-soft px-3 py-2 text-sm text-danger">
      {failure.message}
      {failure.correlationId ? <span className="block text-xs">Reference: {failure.correlationId}</span> : null}
    </p>
  );
}

export function ConsentLinkAction({
  invitationId,
  primary = false,
  hint = "For a person who lost the page after redeeming, or whose permissions need renewing.",
}: {
  invitationId: string;
  primary?: boolean;
  hint?: string;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [link, setLink] = useState<ConsentLinkIssued | null>(null);
  const [failure, setFailure] = useState<ActionFailure | null>(null);
  return (
    <div className="space-y-2">
      <Button
        variant={primary ? "primary" : "secondary"}
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            setFailure(null);
            const result = await issueConsentLink(invitationId);
            if (result.ok) {
              setLink(result.data);
              toast.success(result.message ?? "Consent link created");
              router.refresh();
            } else setFailure(result);
          })
        }
      >
        {link ? "Create another consent link" : "Create consent link"}
      </Button>
      {link ? (
        <div data-testid="consent-link" className="space-y-1.5 rounded-md border border-line bg-surface-muted p-2.5">
          <p className="text-xs text-ink-muted">
            Shown once — copy it now and send it to the person. Valid until{" "}
            <LocalTime date={link.expiresAt} part="date" />.
          </p>
          <div className="flex items-center gap-2">
            <code className="min-w-0 flex-1 truncate text-xs select-all" title={link.url}>
              {link.url}
            </code>
            <CopyButton value={link.url} label="Copy" />
          </div>
        </div>
      ) : (
        <p className="text-xs text-ink-muted">{hint}</p>
      )}
      {failure ? <Failure failure={failure} /> : null}
    </div>
  );
}

export function TestMailForm({
  invitationId,
  userAddress,
  staffAddress,
  from,
  requestedBy,
}: {
  invitationId: string;
  userAddress: string;
  staffAddress: string;
  from: string;
  requestedBy: string;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const hydrated = useHydrated();
  const [sent, setSent] = useState<TestMailSent | null>(null);
  const [failure, setFailure] = useState<ActionFailure | null>(null);
  const fieldError = failure?.fieldErrors ? Object.values(failure.fieldErrors).flat()[0] : null;
  const text = testMailText({ from, requestedBy });
  return (
    <form
      className="space-y-3"
      onSubmit={(event) => {
        event.preventDefault();
        const data = new FormData(event.currentTarget);
        startTransition(async () => {
          setFailure(null);
          setSent(null);
          const result = await sendTestMail(data);
          if (result.ok) {
            setSent(result.data);
            toast.success(result.message ?? "Test mail accepted by Microsoft");
          } else setFailure(result);
          router.refresh();
        });
      }}
    >
      <input type="hidden" name={TEST_MAIL_FIELDS.invitationId} value={invitationId} />
      <fieldset className="space-y-1.5">
        <legend className="text-sm font-medium text-ink">Send to</legend>
        <label className="flex items-start gap-2 text-sm text-ink">
          <input type="radio" name={TEST_MAIL_FIELDS.to} value="user" defaultChecked className="mt-1" />
          <span className="min-w-0 break-words">The user, {userAddress}</span>
        </label>
        <label className="flex items-start gap-2 text-sm text-ink">
          <input type="radio" name={TEST_MAIL_FIELDS.to} value="staff" className="mt-1" />
          <span className="min-w-0 break-words">You, {staffAddress}</span>
        </label>
      </fieldset>
      <details className="text-xs text-ink-muted">
        <summary className="cursor-pointer text-accent">What the mail says</summary>
        <p className="mt-1 font-medium text-ink">{text.subject}</p>
        <p data-testid="test-mail-text" className="mt-1 whitespace-pre-line">
          {text.body}
        </p>
      </details>
      <p className="text-xs text-ink-muted">
        Guestpass&apos;s own text, to prove the connection works. Only the hash and size of the text are kept in the
        audit log.
      </p>
      <Button type="submit" variant="secondary" disabled={pending || !hydrated}>
        {pending ? "Sending…" : "Send test mail as the user"}
      </Button>
      {sent ? (
        <p
          role="status"
          data-testid="test-mail-sent"
          className="rounded-md bg-emerald-50 px-3 py-2 text-xs text-emerald-900 dark:bg-emerald-950/50 dark:text-emerald-100"
        >
          Microsoft accepted the mail from {sent.from} to {sent.to}. {sent.deliveryNote}
        </p>
      ) : null}
      {fieldError ? (
        <p role="alert" className="rounded-md bg-danger-soft px-3 py-2 text-sm text-danger">
          {fieldError}
        </p>
      ) : failure ? (
        <Failure failure={failure} />
      ) : null}
    </form>
  );
}
