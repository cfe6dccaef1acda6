"use client";
// Adds an endpoint: its URL, an optional description, which events it takes (none ticked: all).
// The signing secret is shown once, right here; Guestpass keeps it sealed and never shows it again.
import { Button } from "@/components/button";
import { Field } from "@/components/field";
import { Input } from "@/components/input";
import { ShownOnce } from "@/components/shown-once";
import { useCreateForm } from "@/components/use-create-form";
import { WEBHOOK_EVENT_LABELS, WEBHOOK_EVENT_TYPES } from "@/lib/shared/webhook-events";
import type { WebhookEndpointCreated } from "@/lib/shared/webhooks";
import { createWebhookEndpoint } from "./actions";

export function SecretOnce({ title, secret }: { title: string; secret: string }) {
  return (
    <ShownOnce
      testId="webhook-secret"
      message={`${title} Copy the signing secret now: it is not shown again.`}
      value={secret}
      copyLabel="Copy secret"
      footer="Verify each delivery with it using any Standard Webhooks library (see the docs)."
    />
  );
}

export function CreateEndpointForm({ allowLoopbackHttp }: { allowLoopbackHttp: boolean }) {
  const { pending, hydrated, created, failure, errorOf, onSubmit } = useCreateForm<WebhookEndpointCreated>(
    createWebhookEndpoint,
    "Endpoint added",
  );

  return (
    <div className="space-y-6">
      {created ? <SecretOnce title={`Endpoint ${created.url} added.`} secret={created.secret} /> : null}
      <form noValidate className="space-y-4" onSubmit={onSubmit}>
        <fieldset className="space-y-4" disabled={pending}>
          <legend className="sr-only">New webhook endpoint</legend>
          <Field
            id="webhook-url"
            label="URL"
            hint={
              allowLoopbackHttp
                ? "https, or http to localhost (the development setting is on)."
                : "An https URL on a public address."
            }
            error={errorOf("url")}
          >
            <Input
              name="url"
              type="url"
              inputMode="url"
              autoComplete="off"
              placeholder="https://example.com/webhooks/guestpass"
            />
          </Field>
          <Field
            id="webhook-description"
            label="Description (optional)"
            hint="Who receives it, e.g. “CRM production”."
            error={errorOf("description")}
          >
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
          <Button type="submit" disabled={pending || !hydrated}>
            {pending ? "Adding…" : "Add endpoint"}
          </Button>
        </fieldset>
      </form>
    </div>
  );
}
