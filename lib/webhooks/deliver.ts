import "server-only";
// Delivers one endpoint's events, oldest first, signed per Standard Webhooks (the `standardwebhooks`
// library): webhook-id is the event's id (the same on every retry), webhook-timestamp the attempt's
// time, webhook-signature one `v1,` signature per live secret (two during a rotation's overlap).
// - One deliverer per endpoint at a time, whatever the number of workers: a lease on the endpoint
//   row, taken with a conditional UPDATE and renewed before each attempt. A worker killed mid-way
//   leaves a lease that lapses; the sweep (every minute) queues the endpoint again. Nothing is lost:
//   a delivery is only marked Delivered after a 2xx, so the worst case is a repeat (at least once).
// - A failed attempt waits out the retry schedule and holds the endpoint's later events back, so
//   they arrive in order. Out of retries, the endpoint is marked failing (audited, a banner in
//   Settings) and its events wait, none dropped, until an administrator redelivers.
// - Each attempt is a WebhookAttempt row: time, status, latency, the answer's first 1 KB. No secret
//   or token is in a payload, an attempt row or a log line.
import { randomUUID } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { recordAuditEntry } from "@/lib/audit/record";
import { prisma } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { logFor } from "@/lib/log";
import { postGuarded, redirectFailure, RefusedUrlError, type OutboundPolicy } from "./outbound";
import { RETRY_DELAYS_MS, retryDelayAfter } from "./retry-schedule";
import { openSigningSecret } from "./secrets";

const log = logFor("webhooks.deliver");

const LEASE_MS = 30_000;
/** How soon a run that found another deliverer holding the endpoint looks again. */
const BUSY_RECHECK_MS = 1_000;
const SNIPPET_CHARS = 1024;
/** Deliveries one job sends before handing the worker back (it queues itself to go on). */
const BATCH = 200;

export interface DeliverOptions {
  owner?: string;
  policy?: OutboundPolicy;
  retryDelays?: readonly number[];
}

export type DeliverOutcome = { retryAt?: Date; delivered: number };

export const policyFromEnv = (): OutboundPolicy => ({ allowLoopbackHttp: getEnv().WEBHOOK_ALLOW_LOOPBACK_HTTP });

async function takeLease(endpointId: string, owner: string): Promise<boolean> {
  const taken = await prisma.$executeRaw`
    UPDATE "WebhookEndpoint" SET "leaseOwner" = ${owner}, "leaseExpiresAt" = now() + ${`${LEASE_MS} milliseconds`}::interval
    WHERE id = ${endpointId} AND enabled AND ("leaseOwner" IS NULL OR "leaseOwner" = ${owner} OR "leaseExpiresAt" < now())`;
  return taken === 1;
}

async function releaseLease(endpointId: string, owner: string): Promise<void> {
  await prisma.webhookEndpoint.updateMany({
    where: { id: endpointId, leaseOwner: owner },
    data: { leaseOwner: null, leaseExpiresAt: null },
  });
}

type Endpoint = NonNullable<Awaited<ReturnType<typeof readEndpoint>>>;

function readEndpoint(endpointId: string) {
  return prisma.webhookEndpoint.findUnique({
    where: { id: endpointId },
    select: {
      id: true,
      url: true,
      enabled: true,
      failingSince: true,
      secretCipher: true,
      secretKeyId: true,
      previousSecretCipher: true,
      previousSecretKeyId: true,
      previousSecretExpiresAt: true,
    },
  });
}

/** The signature header: one signature per secret still live. */
export function signatureHeader(endpoint: Endpoint, eventId: string, at: Date, body: string): string {
  const secrets = [openSigningSecret(endpoint.id, { keyId: endpoint.secretKeyId, ciphertext: endpoint.secretCipher })];
  if (
    endpoint.previousSecretCipher &&
    endpoint.previousSecretKeyId &&
    endpoint.previousSecretExpiresAt &&
    endpoint.previousSecretExpiresAt > at
  ) {
    secrets.push(
      openSigningSecret(endpoint.id, {
        keyId: endpoint.previousSecretKeyId,
        ciphertext: endpoint.previousSecretCipher,
      }),
    );
  }
  return secrets.map((secret) => new Webhook(secret).sign(eventId, at, body)).join(" ");
}

/** The body of an event as every endpoint receives it. */
export function eventBody(event: { type: string; createdAt: Date; payload: unknown }): string {
  return JSON.stringify({ type: event.type, timestamp: event.createdAt.toISOString(), data: event.payload });
}

function describeFailure(error: unknown): string {
  if (error instanceof RefusedUrlError) return `Refused: ${error.message}`;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === "ETIMEDOUT") return "No answer within 10 s.";
  if (code === "ECONNREFUSED") return "Connection refused: nothing is listening at that address.";
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return "The host name does not resolve.";
  if (code === "ECONNRESET" || code === "EPIPE") return "The receiver closed the connection.";
  if (typeof code === "string" && (code.startsWith("ERR_TLS") || code.includes("CERT")))
    return `TLS failed (${code}): the receiver's certificate is not trusted.`;
  return code ? `Network error (${code}).` : "Network error.";
}

/** Delivers the endpoint's due deliveries in order; returns when to come back, if it must. */
export async function deliverEndpoint(endpointId: string, options: DeliverOptions = {}): Promise<DeliverOutcome> {
  const owner = options.owner ?? randomUUID();
  const policy = options.policy ?? policyFromEnv();
  const delays = options.retryDelays ?? RETRY_DELAYS_MS;
  if (!(await takeLease(endpointId, owner))) {
    const holder = await prisma.webhookEndpoint.findUnique({
      where: { id: endpointId },
      select: { enabled: true, leaseExpiresAt: true },
    });
    // Another deliverer is on it. Look again soon, not when its lease would lapse: the event that
    // queued this run may have committed after the holder's last look, and the holder does not look
    // again before it lets go. (A holder that died is replaced once its lease lapses.)
    if (!holder?.enabled || !holder.leaseExpiresAt) return { delivered: 0 };
    const soon = new Date(Date.now() + BUSY_RECHECK_MS);
    return { delivered: 0, retryAt: holder.leaseExpiresAt < soon ? holder.leaseExpiresAt : soon };
  }
  let delivered = 0;
  try {
    const endpoint = await readEndpoint(endpointId);
    if (!endpoint || !endpoint.enabled) return { delivered };
    let failing = endpoint.failingSince !== null;
    while (delivered < BATCH) {
      // The oldest delivery not yet made; one out of retries (Failed) holds every later one back
      // until an administrator redelivers it.
      const head = await prisma.webhookDelivery.findFirst({
        where: { endpointId, status: { in: ["Pending", "Failed"] } },
        orderBy: { sequence: "asc" },
        select: {
          id: true,
          status: true,
          attempts: true,
          nextAttemptAt: true,
          event: { select: { id: true, type: true, createdAt: true, payload: true } },
        },
      });
      if (!head || head.status === "Failed") return { delivered };
      if (head.nextAttemptAt.getTime() > Date.now()) return { delivered, retryAt: head.nextAttemptAt };
      if (!(await takeLease(endpointId, owner))) return { delivered };

      const at = new Date();
      const body = eventBody(head.event);
      const headers = {
        "webhook-id": head.event.id,
        "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
        "webhook-signature": signatureHeader(endpoint, head.event.id, at, body),
      };
      let statusCode: number | null = null;
      let snippet: string | null = null;
      let failure: string | null = null;
      let latencyMs: number;
      const started = performance.now();
      try {
        const response = await postGuarded(endpoint.url, body, headers, policy);
        statusCode = response.status;
        snippet = response.body.slice(0, SNIPPET_CHARS) || null;
        latencyMs = response.latencyMs;
        if (statusCode >= 300 && statusCode < 400)
          failure = redirectFailure(statusCode, response.location, endpoint.url, policy);
        else if (statusCode < 200 || statusCode >= 300) failure = `The receiver answered ${statusCode}.`;
      } catch (error) {
        latencyMs = Math.round(performance.now() - started);
        failure = describeFailure(error);
      }
      const attempts = head.attempts + 1;
      const delay = failure ? retryDelayAfter(attempts, delays) : null;
      const nextAttemptAt = delay === null ? null : new Date(Date.now() + delay);
      await prisma.$transaction(async (tx) => {
        await tx.webhookAttempt.create({
          data: {
            deliveryId: head.id,
            attemptedAt: at,
            statusCode,
            latencyMs,
            responseSnippet: snippet,
            error: failure,
          },
        });
        await tx.webhookDelivery.update({
          where: { id: head.id },
          data: failure
            ? {
                attempts,
                lastStatusCode: statusCode,
                lastError: failure,
                ...(nextAttemptAt ? { nextAttemptAt } : { status: "Failed" }),
              }
            : { attempts, lastStatusCode: statusCode, lastError: null, status: "Delivered", deliveredAt: new Date() },
        });
        // Only a delivery that succeeds shows the endpoint works again: a redelivery alone does not.
        if (!failure && failing) {
          await tx.webhookEndpoint.update({
            where: { id: endpointId },
            data: { failingSince: null, failingReason: null },
          });
          failing = false;
        }
        if (failure && !nextAttemptAt) {
          const reason = `Event ${head.event.type} (${head.event.id}) failed ${attempts} times; last: ${failure}`;
          await tx.webhookEndpoint.update({
            where: { id: endpointId },
            data: { failingSince: new Date(), failingReason: reason },
          });
          await recordAuditEntry(
            {
              actorType: "Worker",
              action: "webhook.failing",
              targetType: "webhook_endpoint",
              targetId: endpointId,
              outcome: "Failed",
              detail: { eventId: head.event.id, eventType: head.event.type, attempts, lastError: failure },
            },
            tx,
          );
        }
      });
      if (failure) {
        log.info(
          { endpointId, deliveryId: head.id, eventType: head.event.type, attempts, statusCode },
          "webhook delivery failed",
        );
        return { delivered, retryAt: nextAttemptAt ?? undefined };
      }
      delivered += 1;
    }
    return { delivered, retryAt: new Date() };
  } finally {
    await releaseLease(endpointId, owner);
  }
}
