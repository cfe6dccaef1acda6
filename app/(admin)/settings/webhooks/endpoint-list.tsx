"use client";
// The endpoints: URL, events, state (on, off, failing), backlog; for administrators the controls:
// send a test event, turn off or on, rotate the secret (the new one shown once), delete (confirmed).
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { Badge } from "@/components/badge";
import { Button } from "@/components/button";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { EmptyState } from "@/components/empty-state";
import { LocalTime } from "@/components/local-time";
import type { WebhookSecretRotated } from "@/lib/shared/webhooks";
import { deleteWebhookEndpoint, rotateWebhookSecret, sendWebhookTest, setWebhookEndpointEnabled } from "./actions";
import { SecretOnce } from "./create-endpoint-form";

export interface EndpointRow {
  id: string;
  url: string;
  description: string | null;
  eventTypes: string[];
  enabled: boolean;
  failingSince: string | null;
  failingReason: string | null;
  pending: number;
  failed: number;
  lastDeliveredAt: string | null;
}

export function EndpointState({ endpoint }: { endpoint: Pick<EndpointRow, "enabled" | "failingSince"> }) {
  if (!endpoint.enabled) return <Badge>Off</Badge>;
  if (endpoint.failingSince) return <Badge tone="danger">Failing</Badge>;
  return <Badge tone="success">On</Badge>;
}

export function EndpointList({ endpoints, canManage }: { endpoints: EndpointRow[]; canManage: boolean }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [rotated, setRotated] = useState<(WebhookSecretRotated & { url: string }) | null>(null);
  if (endpoints.length === 0)
    return (
      <EmptyState
        title="No webhook endpoints yet"
        description="Add one above: your product then hears of every change without polling."
      />
    );

  const run = (work: () => Promise<{ ok: boolean; message?: string }>) =>
    startTransition(async () => {
      const result = await work();
      if (result.ok) toast.success(result.message ?? "Done");
      else toast.error(result.message ?? "That did not work.");
      router.refresh();
    });

  return (
    <div className="space-y-4">
      {rotated ? (
        <SecretOnce
          title={`New secret for ${rotated.url}; the old one keeps signing until ${new Date(rotated.previousValidUntil).toUTCString()}.`}
          secret={rotated.secret}
        />
      ) : null}
      <ul className="space-y-3" data-testid="webhook-endpoints">
        {endpoints.map((endpoint) => (
          <li
            key={endpoint.id}
            className="rounded-lg border border-line bg-surface p-4"
            data-endpoint-url={endpoint.url}
          >
            <div className="flex flex-wrap items-start justify-between gap-2">
              <div className="min-w-0">
                <p className="break-all font-mono text-sm text-ink">{endpoint.url}</p>
                {endpoint.description ? <p className="text-sm text-ink-muted">{endpoint.description}</p> : null}
              </div>
              <EndpointState endpoint={endpoint} />
            </div>
            <p className="mt-2 text-xs text-ink-muted">
              Events: {endpoint.eventTypes.length === 0 ? "all" : endpoint.eventTypes.join(", ")} · {endpoint.pending}{" "}
              waiting · {endpoint.failed} failed · last delivered{" "}
              {endpoint.lastDeliveredAt ? <LocalTime date={endpoint.lastDeliveredAt} /> : "never"}
            </p>
            {endpoint.failingSince ? (
              <p role="alert" className="mt-2 text-sm text-danger">
                Failing since <LocalTime date={endpoint.failingSince} />: {endpoint.failingReason} Its events wait;
                redeliver them once the receiver works.
              </p>
            ) : null}
            <div className="mt-3 flex flex-wrap gap-2">
              <Link
                href={`/settings/webhooks/${endpoint.id}`}
                className="inline-flex items-center rounded-md px-2 py-1 text-sm font-medium text-accent underline"
              >
                Deliveries
              </Link>
              {canManage ? (
                <>
                  <Button
                    size="sm"
                    variant="secondary"
                    disabled={pending || !endpoint.enabled}
                    onClick={() => run(() => sendWebhookTest(endpoint.id))}
                  >
                    Send test event
                  </Button>
                  <Button
                    size="sm"
                    variant="secondary"
                    disabled={pending}
                    onClick={() => run(() => setWebhookEndpointEnabled(endpoint.id, !endpoint.enabled))}
                  >
                    {endpoint.enabled ? "Turn off" : "Turn on"}
                  </Button>
                  <ConfirmDialog
                    tone="primary"
                    trigger={
                      <Button size="sm" variant="secondary" disabled={pending}>
                        Rotate secret…
                      </Button>
                    }
                    title="Rotate the signing secret?"
                    description={
                      <p>
                        A new secret is shown once. For 24 hours every delivery carries signatures with both the old and
                        the new one, so the receiver can switch without missing an event.
                      </p>
                    }
                    confirmLabel="Rotate secret"
                    onConfirm={() =>
                      startTransition(async () => {
                        const result = await rotateWebhookSecret(endpoint.id);
                        if (result.ok) {
                          setRotated({ ...result.data, url: endpoint.url });
                          toast.success(result.message ?? "Secret rotated");
                        } else toast.error(result.message);
                        router.refresh();
                      })
                    }
                  />
                  <ConfirmDialog
                    trigger={
                      <Button
                        size="sm"
                        variant="ghost"
                        className="text-danger"
                        disabled={pending}
                        aria-label={`Delete ${endpoint.url}`}
                      >
                        Delete…
                      </Button>
                    }
                    title="Delete this endpoint?"
                    description={
                      <p>
                        Nothing more is sent to {endpoint.url}, and its delivery log is deleted with it. Events waiting
                        for it are dropped.
                      </p>
                    }
                    confirmLabel="Delete endpoint"
                    onConfirm={() => run(() => deleteWebhookEndpoint(endpoint.id))}
                  />
                </>
              ) : null}
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}
