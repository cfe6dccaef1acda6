import "server-only";
// The transactional outbox: the only writer of OutboxEvent. Call it with the transaction that makes
// the change, so the event and the change commit together or not at all. It also writes one
// WebhookDelivery per enabled endpoint whose filter takes the type, and queues each endpoint's
// delivery job in the same transaction (graphile-worker's add_job is plain SQL).
import type { Prisma } from "@/lib/db/generated/client";
import { enqueueJob } from "@/lib/jobs/enqueue";
import type { WebhookEventType } from "@/lib/shared/webhook-events";
import { EVENT_CATALOGUE, type EventData } from "./catalogue";

type Db = Pick<Prisma.TransactionClient, "$queryRaw" | "outboxEvent">;

export interface EmittedEvent {
  id: string;
  endpointIds: string[];
}

export async function emitEvent<Type extends WebhookEventType>(
  db: Db,
  type: Type,
  subjectId: string,
  data: EventData<Type>,
): Promise<EmittedEvent> {
  const definition = EVENT_CATALOGUE[type];
  // A payload that does not match its own contract is a bug in the emitter: fail its transaction.
  const payload = definition.data.parse(data) as Prisma.InputJsonValue;
  const event = await db.outboxEvent.create({
    data: { type, subjectType: definition.subjectType, subjectId, payload },
    select: { id: true },
  });
  const endpointIds = await fanOut(db, event.id, type);
  return { id: event.id, endpointIds };
}

/** Deliveries for every enabled endpoint that takes `type` (an empty filter takes every type), or for the one named. */
export async function fanOut(
  db: Pick<Prisma.TransactionClient, "$queryRaw">,
  eventId: string,
  type: string,
  onlyEndpointId?: string,
): Promise<string[]> {
  const rows = await db.$queryRaw<{ endpointId: string }[]>`
    INSERT INTO "WebhookDelivery" (id, "endpointId", "eventId", "updatedAt")
    SELECT gen_random_uuid()::text, e.id, ${eventId}, now()
    FROM "WebhookEndpoint" e
    WHERE e.enabled
      AND (${onlyEndpointId ?? null}::text IS NULL OR e.id = ${onlyEndpointId ?? null}::text)
      -- A test event goes to the one endpoint it names, whatever its filter.
      AND (${onlyEndpointId ?? null}::text IS NOT NULL OR cardinality(e."eventTypes") = 0 OR ${type} = ANY(e."eventTypes"))
    RETURNING "endpointId"`;
  for (const { endpointId } of rows) await queueEndpointDelivery(db, endpointId);
  return rows.map((row) => row.endpointId);
}

/**
 * One pending delivery job per endpoint. An existing job keeps its time (it may be waiting out a
 * backoff: a new event must not jump the queue), and one already running is followed by a new one.
 */
export function queueEndpointDelivery(
  db: Pick<Prisma.TransactionClient, "$queryRaw">,
  endpointId: string,
  runAt?: Date,
): Promise<{ jobId: string }> {
  return enqueueJob(
    "webhooks.deliver",
    { endpointId },
    { jobKeyMode: runAt ? "replace" : "preserve_run_at", runAt, maxAttempts: 25 },
    db,
  );
}
