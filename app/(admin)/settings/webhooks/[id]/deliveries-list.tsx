"use client";
// One endpoint's deliveries, newest first: the event, its state, and each attempt's time, status
// code, latency and the answer's first bytes (or why there was none). Administrators redeliver one
// delivery (a retrying one now, without waiting out its backoff), or every failed one at once.
// Refreshes itself while anything is waiting.
import { useRouter } from "next/navigation";
import { useEffect, useTransition } from "react";
import { toast } from "sonner";
import { Badge } from "@/components/badge";
import { Button } from "@/components/button";
import { EmptyState } from "@/components/empty-state";
import { LocalTime } from "@/components/local-time";
import type { WebhookDeliveryView } from "@/lib/shared/webhooks";
import { redeliverWebhooks } from "../actions";

const TONES = { Pending: "progress", Delivered: "success", Failed: "danger" } as const;
/** A cell of the attempts table; on phones it shows its column's name before the value. */
const ATTEMPT_CELL =
  "py-1 pr-3 max-sm:min-w-0 max-sm:p-0 max-sm:before:mr-1 max-sm:before:text-ink-muted max-sm:before:content-[attr(data-label)]";

export function DeliveriesList({
  endpointId,
  deliveries,
  canManage,
  failed,
}: {
  endpointId: string;
  deliveries: WebhookDeliveryView[];
  canManage: boolean;
  failed: number;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const waiting = deliveries.some((delivery) => delivery.status === "Pending");
  useEffect(() => {
    if (!waiting) return;
    const timer = setInterval(() => router.refresh(), 2_000);
    return () => clearInterval(timer);
  }, [waiting, router]);

  const redeliver = (deliveryId?: string) =>
    startTransition(async () => {
      const result = await redeliverWebhooks(endpointId, deliveryId);
      if (result.ok) toast.success(result.message ?? "Queued again");
      else toast.error(result.message);
      router.refresh();
    });

  return (
    <div className="space-y-4">
      {canManage && failed > 0 ? (
        <Button variant="secondary" disabled={pending} onClick={() => redeliver()}>
          Redeliver all {failed} failed
        </Button>
      ) : null}
      {deliveries.length === 0 ? (
        <EmptyState
          title="Nothing delivered yet"
          description="Events appear here as soon as a change happens, or send a test event from the endpoints list."
        />
      ) : (
        <ul className="space-y-3" data-testid="webhook-deliveries">
          {deliveries.map((delivery) => {
            const retrying = delivery.status === "Pending" && delivery.attempts > 0;
            return (
              <li
                key={delivery.id}
                className="rounded-lg border border-line bg-surface p-4"
                data-delivery-status={delivery.status}
                data-event-type={delivery.eventType}
              >
                <div className="flex flex-wrap items-center justify-between gap-2">
                  <div className="min-w-0">
                    <code className="text-sm text-ink">{delivery.eventType}</code>{" "}
                    {delivery.test ? <Badge tone="info">Test</Badge> : null}
                    <p className="break-all text-xs text-ink-muted">webhook-id {delivery.eventId}</p>
                  </div>
                  <div className="flex items-center gap-2">
                    <Badge tone={TONES[delivery.status]}>{retrying ? "Retrying" : delivery.status}</Badge>
                    {/* A retrying one too: the receiver may be back long before its next attempt. */}
                    {canManage && (delivery.status !== "Pending" || retrying) ? (
                      <Button
                        size="sm"
                        variant="secondary"
                        disabled={pending}
                        onClick={() => redeliver(delivery.id)}
                        aria-label={`Redeliver ${delivery.eventType} ${delivery.eventId}`}
                      >
                        Redeliver
                      </Button>
                    ) : null}
                  </div>
                </div>
                {retrying ? (
                  <p className="mt-1 text-xs text-ink-muted">
                    Next attempt <LocalTime date={delivery.nextAttemptAt} />
                  </p>
                ) : null}
                {delivery.tries.length > 0 ? (
                  // Below sm each attempt becomes a wrapped line of labelled values (as components/table
                  // does) instead of a table wider than the phone that cuts its answer column off.
                  <table className="mt-3 w-full text-left text-xs max-sm:block">
                    <thead className="text-ink-muted max-sm:sr-only">
                      <tr>
                        <th className="py-1 pr-3 font-medium">Attempt</th>
                        <th className="py-1 pr-3 font-medium">Status</th>
                        <th className="py-1 pr-3 font-medium">Latency</th>
                        <th className="py-1 font-medium">Answer</th>
                      </tr>
                    </thead>
                    <tbody className="max-sm:block">
                      {delivery.tries.map((attempt) => (
                        <tr
                          key={attempt.id}
                          className="border-t border-line align-top max-sm:flex max-sm:flex-wrap max-sm:gap-x-3 max-sm:gap-y-0.5 max-sm:py-1.5"
                        >
                          <td className={ATTEMPT_CELL} data-label="Attempt">
                            <LocalTime date={attempt.attemptedAt} />
                          </td>
                          <td className={ATTEMPT_CELL} data-label="Status">
                            {attempt.statusCode ?? "—"}
                          </td>
                          <td className={ATTEMPT_CELL} data-label="Latency">
                            {attempt.latencyMs} ms
                          </td>
                          <td
                            className={`${ATTEMPT_CELL} max-w-[24rem] [overflow-wrap:anywhere] max-sm:w-full max-sm:max-w-full`}
                            data-label="Answer"
                          >
                            {attempt.error ?? <code>{attempt.responseSnippet ?? ""}</code>}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
