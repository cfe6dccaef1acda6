import "server-only";
// Reads for Settings → Webhooks: the endpoints with their backlog, and one endpoint's deliveries
// with every attempt. Never a secret: the sealed columns are not selected.
import { prisma } from "@/lib/db/client";
import type { WebhookDeliveryView } from "@/lib/shared/webhooks";

export interface EndpointSummary {
  id: string;
  url: string;
  description: string | null;
  eventTypes: string[];
  enabled: boolean;
  failingSince: Date | null;
  failingReason: string | null;
  previousSecretExpiresAt: Date | null;
  createdAt: Date;
  pending: number;
  failed: number;
  lastDeliveredAt: Date | null;
}

const ENDPOINT_SELECT = {
  id: true,
  url: true,
  description: true,
  eventTypes: true,
  enabled: true,
  failingSince: true,
  failingReason: true,
  previousSecretExpiresAt: true,
  createdAt: true,
} as const;

async function countsFor(endpointIds: string[]) {
  const [counts, delivered] = await Promise.all([
    prisma.webhookDelivery.groupBy({
      by: ["endpointId", "status"],
      where: { endpointId: { in: endpointIds }, status: { in: ["Pending", "Failed"] } },
      _count: true,
    }),
    prisma.webhookDelivery.groupBy({
      by: ["endpointId"],
      where: { endpointId: { in: endpointIds }, status: "Delivered" },
      _max: { deliveredAt: true },
    }),
  ]);
  return (id: string) => ({
    pending: counts.find((row) => row.endpointId === id && row.status === "Pending")?._count ?? 0,
    failed: counts.find((row) => row.endpointId === id && row.status === "Failed")?._count ?? 0,
    lastDeliveredAt: delivered.find((row) => row.endpointId === id)?._max.deliveredAt ?? null,
  });
}

export async function listWebhookEndpoints(): Promise<EndpointSummary[]> {
  const endpoints = await prisma.webhookEndpoint.findMany({ orderBy: { createdAt: "desc" }, select: ENDPOINT_SELECT });
  const counts = await countsFor(endpoints.map((endpoint) => endpoint.id));
  return endpoints.map((endpoint) => ({ ...endpoint, ...counts(endpoint.id) }));
}

export async function getWebhookEndpoint(id: string): Promise<EndpointSummary | null> {
  const endpoint = await prisma.webhookEndpoint.findUnique({ where: { id }, select: ENDPOINT_SELECT });
  if (!endpoint) return null;
  return { ...endpoint, ...(await countsFor([id]))(id) };
}

/** Whether any endpoint is failing (the banner on staff pages). */
export async function failingWebhookEndpointCount(): Promise<number> {
  return prisma.webhookEndpoint.count({ where: { enabled: true, failingSince: { not: null } } });
}

/** The newest deliveries first, each with its attempts (newest first). */
export async function listDeliveries(endpointId: string, limit = 50): Promise<WebhookDeliveryView[]> {
  const rows = await prisma.webhookDelivery.findMany({
    where: { endpointId },
    orderBy: { sequence: "desc" },
    take: limit,
    select: {
      id: true,
      status: true,
      attempts: true,
      nextAttemptAt: true,
      createdAt: true,
      lastError: true,
      event: { select: { id: true, type: true, test: true } },
      attemptsMade: {
        orderBy: { attemptedAt: "desc" },
        take: 10,
        select: { id: true, attemptedAt: true, statusCode: true, latencyMs: true, responseSnippet: true, error: true },
      },
    },
  });
  return rows.map((row) => ({
    id: row.id,
    eventId: row.event.id,
    eventType: row.event.type,
    test: row.event.test,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.nextAttemptAt.toISOString(),
    createdAt: row.createdAt.toISOString(),
    lastError: row.lastError,
    tries: row.attemptsMade.map((attempt) => ({ ...attempt, attemptedAt: attempt.attemptedAt.toISOString() })),
  }));
}
