import "server-only";
// Handlers of "webhooks.deliver" (one endpoint's due deliveries, lib/webhooks/deliver.ts) and
// "webhooks.sweep" (every minute: queues endpoints whose deliveries are due and whose deliverer is
// gone, e.g. a worker killed mid-delivery, whose own job graphile-worker keeps locked for hours).
import { prisma } from "@/lib/db/client";
import { queueEndpointDelivery } from "@/lib/events/outbox";
import { deliverEndpoint } from "@/lib/webhooks/deliver";
import type { JobHandler } from "../handler";

export const deliverWebhooksJob: JobHandler<"webhooks.deliver"> = async ({ endpointId }, helpers) => {
  const { retryAt } = await deliverEndpoint(endpointId, { owner: `job:${helpers.job.id}` });
  if (retryAt) await queueEndpointDelivery(prisma, endpointId, retryAt);
};

export const sweepWebhooksJob: JobHandler<"webhooks.sweep"> = async () => {
  const due = await prisma.$queryRaw<{ id: string }[]>`
    SELECT e.id FROM "WebhookEndpoint" e
    WHERE e.enabled AND (e."leaseExpiresAt" IS NULL OR e."leaseExpiresAt" < now())
      -- A delivery out of retries holds the endpoint's events until an administrator redelivers it.
      AND NOT EXISTS (SELECT 1 FROM "WebhookDelivery" f WHERE f."endpointId" = e.id AND f.status = 'Failed')
      AND EXISTS (SELECT 1 FROM "WebhookDelivery" d WHERE d."endpointId" = e.id AND d.status = 'Pending' AND d."nextAttemptAt" <= now())`;
  // Now, not at a time an existing job keeps: a job left waiting while a delivery is already due
  // (a redelivery that crossed a deliverer queueing its next retry) must not wait it out.
  for (const { id } of due) await queueEndpointDelivery(prisma, id, new Date());
};
