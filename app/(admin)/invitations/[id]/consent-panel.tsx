"use client";
// Consent and grant actions beside the invitation actions: a fresh consent link (shown once, to
// copy and send: Guestpass keeps only its hash), and a test mail sent as the user once they consented.
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/button";
import { CopyButton } from "@/components/copy-button";
import { ErrorExplanation } from "@/components/error-explanation";
import { Field } from "@/components/field";
import { Input } from "@/components/input";
import type { ConsentLinkIssued, TestMailSent } from "@/lib/grants/types";
import { TEST_MAIL_FIELDS } from "@/lib/grants/types";
import type { ActionFailure } from "@/lib/invitations/types";
import { issueConsentLink, sendTestMail } from "./consent-actions";

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

export function ConsentLinkAction({ invitationId }: { invitationId: string }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [link, setLink] = useState<ConsentLinkIssued | null>(null);
  const [failure, setFailure] = useState<ActionFailure | null>(null);
  return (
    <div className="space-y-2">
      <Button
        variant="secondary"
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
            Shown once — copy it now and send it to the person. Valid until {new Date(link.expiresAt).toLocaleDateString()}.
          </p>
          <div className="flex items-center gap-2">
            <code className="min-w-0 flex-1 truncate text-xs select-all" title={link.url}>{link.url}</code>
            <CopyButton value={link.url} label="Copy" />
          </div>
        </div>
      ) : (
        <p className="text-xs text-ink-muted">For a person who lost the page after redeeming, or whose permissions need renewing.</p>
      )}
      {failure ? <Failure failure={failure} /> : null}
    </div>
  );
}

export function TestMailForm({ invitationId, defaultTo }: { invitationId: string; defaultTo: string }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [sent, setSent] = useState<TestMailSent | null>(null);
  const [failure, setFailure] = useState<ActionFailure | null>(null);
  const fieldError = (name: string) => failure?.fieldErrors?.[name]?.[0] ?? null;
  return (
    <form
      className="space-y-3"
      onSubmit={(event) => {
        event.preventDefault();
        const data = new FormData(event.currentTarget);
        startTransition(async () => {
          setFailure(null);
          setSent(null);
          const result = await sendTestMail(null, data);
          if (result.ok) {
            setSent(result.data);
            toast.success(result.message ?? "Test mail accepted by Microsoft");
            router.refresh();
          } else setFailure(result);
        });
      }}
    >
      <input type="hidden" name={TEST_MAIL_FIELDS.invitationId} value={invitationId} />
      <Field id="test-mail-to" label="To" hint="Empty sends it to the user's own address." error={fieldError(TEST_MAIL_FIELDS.to)}>
        <Input name={TEST_MAIL_FIELDS.to} type="email" placeholder={defaultTo} autoComplete="off" />
      </Field>
      <Field id="test-mail-subject" label="Subject" error={fieldError(TEST_MAIL_FIELDS.subject)}>
        <Input name={TEST_MAIL_FIELDS.subject} defaultValue="Guestpass test mail" />
      </Field>
      <Field id="test-mail-body" label="Message" error={fieldError(TEST_MAIL_FIELDS.body)}>
        <textarea
          name={TEST_MAIL_FIELDS.body}
          rows={3}
          defaultValue="This is a test mail sent through Guestpass."
          className="block w-full rounded-md border border-line bg-surface px-3 py-2 text-sm text-ink shadow-sm aria-[invalid=true]:border-danger"
        />
      </Field>
      <Button type="submit" variant="secondary" disabled={pending}>
        {pending ? "Sending…" : "Send test mail as the user"}
      </Button>
      {sent ? (
        <p role="status" data-testid="test-mail-sent" className="rounded-md bg-emerald-50 px-3 py-2 text-xs text-emerald-900 dark:bg-emerald-950/50 dark:text-emerald-100">
          Microsoft accepted the mail from {sent.from} to {sent.to}. {sent.deliveryNote}
        </p>
      ) : null}
      {failure && !failure.fieldErrors ? <Failure failure={failure} /> : null}
    </form>
  );
}
