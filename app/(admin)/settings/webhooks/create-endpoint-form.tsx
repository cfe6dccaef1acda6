"use client";
// Adds an endpoint: its URL, an optional description, which events it takes (none ticked: all).
// The signing secret is shown once, right here; Guestpass keeps it sealed and never shows it again.
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/button";
import { CopyButton } from "@/components/copy-button";
import { Field } from "@/components/field";
import { Input } from "@/components/input";
import type { ActionFailure } from "@/lib/shared/action-result";
import { WEBHOOK_EVENT_LABELS, WEBHOOK_EVENT_TYPES } from "@/lib/shared/webhook-events";
import type { WebhookEndpointCreated } from "@/lib/shared/webhooks";
import { createWebhookEndpoint } from "./actions";

export function SecretOnce({ title, secret }: { title: string; secret: string }) {
  return (
    <div role="status" className="space-y-2 rounded-md border border-success/40 bg-success/5 p-4" data-testid="webhook-secret">
      <p className="text-sm font-medium text-ink">{title} Copy the signing secret now: it is not shown again.</p>
      <div className="flex flex-wrap items-center gap-2">
        <code className="break-all rounded bg-surface-muted px-2 py-1 text-xs" data-testid="webhook-secret-value">
          {secret}
        </code>
        <CopyButton value={secret} label="Copy secret" />
      </div>
      <p className="text-xs text-ink-muted">Verify each delivery with it using any Standard Webhooks library (see the docs).</p>
    </div>
  );
}

export function CreateEndpointForm({ allowLoopbackHttp }: { allowLoopbackHttp: boolean }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [failure, setFailure] = useState<ActionFailure | null>(null);
  const [created, setCreated] = useState<WebhookEndpointCreated | null>(null);
  const errorOf = (field: string) => failure?.fieldErrors?.[field]?.[0] ?? null;

  return (
    <div className="space-y-6">
      {created ? <SecretOnce title={`Endpoint ${created.url} added.`} secret={created.secret} /> : null}
      <form
        noValidate
        className="space-y-4"
        onSubmit={(event) => {
          event.preventDefault();
          const form = event.currentTarget;
          const data = new FormData(form);
          startTransition(async () => {
            setFailure(null);
            const result = await createWebhookEndpoint(data);
            if (!result.ok) {
              setFailure(result);
              if (!result.fieldErrors) toast.error(result.message);
              return;
            }
            setCreated(result.data);
            form.reset();
            toast.success(result.message ?? "Endpoint added");
            router.refresh();
          });
        }}
      >
        <fieldset className="space-y-4" disabled={pending}>
          <legend className="sr-only">New webhook endpoint</legend>
          <Field
            id="webhook-url"
            label="URL"
            hint={allowLoopbackHttp ? "https, or http to localhost (the development setting is on)." : "An https URL on a public address."}
            error={errorOf("url")}
          >
            <Input name="url" type="url" inputMode="url" autoComplete="off" placeholder="https://example.com/webhooks/guestpass" />
          </Field>
          <Field id="webhook-description" label="Description (optional)" hint="Who receives it, e.g. “CRM production”." error={errorOf("description")}>
            <Input name="description" autoComplete="off" maxLength={200} />
          </Field>
          <fieldset>
            <legend className="text-sm font-medium text-ink">Events</legend>
            <p className="text-xs text-ink-muted">Tick none to receive every event, including ones added later.</p>
            <ul className="mt-2 grid gap-2 sm:grid-cols-2">
              {WEBHOOK_EVENT_TYPES.map((type) => (
                <li key={type}>
                  <label className="flex items-start gap-2 text-sm">
                    <input type="checkbox" name="eventTypes" value={type} className="mt-1" />
                    <span>
                      <code className="text-xs text-ink">{type}</code>
                      <span className="block text-xs text-ink-muted">{WEBHOOK_EVENT_LABELS[type]}</span>
                    </span>
                  </label>
                </li>
              ))}
            </ul>
            {errorOf("eventTypes") ? (
              <p role="alert" className="mt-1 text-xs font-medium text-danger">
                {errorOf("eventTypes")}
              </p>
            ) : null}
          </fieldset>
          {failure && !failure.fieldErrors ? (
            <p role="alert" className="text-sm text-danger">
              {failure.message}
            </p>
          ) : null}
          <Button type="submit" disabled={pending}>
            {pending ? "Adding…" : "Add endpoint"}
          </Button>
        </fieldset>
      </form>
    </div>
  );
}
