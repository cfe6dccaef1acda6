// Webhook delivery by real worker processes (`npm run worker`'s script) to a real receiver that
// verifies every delivery with the `standardwebhooks` library: a worker killed with SIGKILL in the
// middle of a delivery loses nothing (another worker picks the endpoint up once the dead one's
// lease lapses and repeats the attempt with the same webhook-id), and two workers at once never
// send to one endpoint concurrently nor the same event twice.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { runStaffAction } from "@/lib/actions/staff-action";
import { prisma } from "@/lib/db/client";
import { resetEnvForTests } from "@/lib/env";
import {
  createWebhookEndpointAction,
  deleteWebhookEndpointAction,
  sendWebhookTestAction,
} from "@/lib/webhooks/actions";
import { adminSession, waitFor } from "@/test/int-support";
import { startWebhookReceiver, type WebhookReceiver } from "@/test/webhook-receiver";
import { killAllWorkerProcesses, killWorkerProcess, startWorkerProcess } from "@/test/worker-process";

let receiver: WebhookReceiver;
const endpoints: string[] = [];

beforeAll(async () => {
  // The receiver listens on 127.0.0.1: the development setting lets the workers (who inherit this
  // environment) deliver to it.
  process.env.WEBHOOK_ALLOW_LOOPBACK_HTTP = "true";
  resetEnvForTests();
  receiver = await startWebhookReceiver();
});
afterAll(async () => {
  await receiver.close();
});
afterEach(async () => {
  await killAllWorkerProcesses();
  const admin = await adminSession();
  for (const id of endpoints.splice(0)) await runStaffAction(deleteWebhookEndpointAction, admin, id);
  receiver.received.length = 0;
  receiver.secrets.length = 0;
  receiver.mode = { kind: "ok" };
  receiver.maxInFlight = 0;
});

async function endpointWithTestEvents(count: number): Promise<{ endpointId: string; eventIds: string[] }> {
  const admin = await adminSession();
  const created = await runStaffAction(createWebhookEndpointAction, admin, { url: receiver.url, eventTypes: [] });
  if (!created.ok) throw new Error(JSON.stringify(created));
  endpoints.push(created.data.id);
  receiver.secrets.push(created.data.secret);
  for (let i = 0; i < count; i++)
    expect(await runStaffAction(sendWebhookTestAction, admin, created.data.id)).toMatchObject({ ok: true });
  const deliveries = await prisma.webhookDelivery.findMany({
    where: { endpointId: created.data.id },
    orderBy: { sequence: "asc" },
    select: { eventId: true },
  });
  expect(deliveries).toHaveLength(count);
  return { endpointId: created.data.id, eventIds: deliveries.map((delivery) => delivery.eventId) };
}

/** The verified deliveries of these events, in the order received (repeats kept). */
const testEventsReceived = (eventIds: readonly string[]) =>
  receiver
    .verified()
    .map((delivery) => delivery.id)
    .filter((id) => eventIds.includes(id));

const allDelivered = (endpointId: string, count: number) =>
  waitFor(async () => (await prisma.webhookDelivery.count({ where: { endpointId, status: "Delivered" } })) === count, {
    what: "every delivery made",
    timeoutMs: 150_000,
  });

describe("webhook delivery across worker processes", () => {
  it("a worker killed mid-delivery loses nothing: the next worker repeats the attempt with the same webhook-id", async () => {
    // Each answer takes a while, so a delivery is in flight when the worker dies.
    receiver.mode = { kind: "slow", ms: 1_500 };
    const first = startWorkerProcess();
    const { endpointId, eventIds } = await endpointWithTestEvents(5);
    await waitFor(async () => receiver.received.length >= 2, { what: "a delivery in flight", timeoutMs: 60_000 });
    await killWorkerProcess(first);
    const delivered = await prisma.webhookDelivery.count({ where: { endpointId, status: "Delivered" } });
    expect(delivered).toBeLessThan(eventIds.length);

    startWorkerProcess();
    await allDelivered(endpointId, eventIds.length);
    // Every event arrived verified, in order; only what was in flight at the kill arrived twice. (The
    // endpoint takes every type: events the workers' own cron jobs make may arrive too.)
    const verified = testEventsReceived(eventIds);
    expect([...new Set(verified)]).toEqual(eventIds);
    expect(verified.length - eventIds.length).toBeLessThanOrEqual(1);
    expect(receiver.received.every((delivery) => delivery.verified)).toBe(true);
  }, 200_000);

  it("two workers at once: never two requests to one endpoint in flight, never an event twice", async () => {
    receiver.mode = { kind: "slow", ms: 150 };
    startWorkerProcess();
    startWorkerProcess();
    const { endpointId, eventIds } = await endpointWithTestEvents(10);
    await allDelivered(endpointId, eventIds.length);
    expect(testEventsReceived(eventIds)).toEqual(eventIds);
    expect(receiver.maxInFlight).toBe(1);
  }, 200_000);
});
