// Scenario 6: events out, to one endpoint: a local HTTPS receiver that verifies every delivery with
// the `standardwebhooks` library, as the company's product would, delivered by the production worker.
// - Burst: N events in the outbox at once (written set-based in one transaction, the rows the outbox
//   writes, with a real invitation's payload: making N invitations one by one would take minutes on
//   a small machine and measure the invite path, not delivery). Measured: delivery throughput, lag
//   from the commit to receipt (time spent queued), and what was lost or received twice by webhook-id.
// - Trickle: invitations created one a transaction through the real code path (each writes its
//   invitation.created event in the outbox with the change) at a steady rate: the lag from the
//   change (the event's createdAt) to receipt when nothing queues.
// Waiting gives up after a stall, so a lost event is counted, not waited for forever.
import https from "node:https";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import { ensureCertificateAuthority, ensureServerCertificate } from "@/emulator/tls/ca";
import { runStaffAction } from "@/lib/actions/staff-action";
import { prisma } from "@/lib/db/client";
import { resetEnvForTests } from "@/lib/env";
import { queueEndpointDelivery } from "@/lib/events/outbox";
import { createQueuedInvitation } from "@/lib/invitations/create";
import { createWebhookEndpointAction } from "@/lib/webhooks/actions";
import { benchAdmin, type ScenarioContext } from "../support";
import { startBenchWorker, type WorkerMemory } from "../worker-process";
import { usagePer } from "../worker-usage";

export interface EventsSizes {
  burst: number;
  trickle: number;
  tricklePerSecond: number;
}

export interface LagFigures {
  events: number;
  received: number;
  /** Events never received verified. */
  lost: number;
  /** Verified receipts beyond the first of a webhook-id. */
  duplicated: number;
  /** Receipts that failed verification with the endpoint's secret. */
  unverified: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  /** From the first change to the last receipt. */
  wallMs: number;
  /** Events per second, first change to last receipt. */
  throughput: number;
}

export interface EventsResult {
  /** With the worker's CPU time and statements per event delivered. */
  burst: LagFigures & { perEvent: { cpuMs: number; statements: number } };
  trickle: LagFigures & { perSecond: number };
  attemptsPerEvent: number;
  /** The worker's memory over a burst a fifth the size (its own worker) and over the whole run. */
  memory: { events: number; memory: WorkerMemory }[];
}

interface Receipt {
  at: number;
  verified: boolean;
}

/** An HTTPS receiver on 127.0.0.1 (the emulator's CA) that verifies and timestamps every delivery. */
async function startReceiver(): Promise<{
  url: string;
  receipts: Map<string, Receipt[]>;
  setSecret(secret: string): void;
  close(): Promise<void>;
}> {
  const dataDir = process.env.EMULATOR_DATA_DIR ?? ".emulator";
  const leaf = await ensureServerCertificate(dataDir, await ensureCertificateAuthority(dataDir));
  const receipts = new Map<string, Receipt[]>();
  let webhook: Webhook | null = null;
  const server = https.createServer({ key: leaf.keyPem, cert: leaf.certPem }, (request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const at = Date.now();
      const id = String(request.headers["webhook-id"] ?? "");
      let verified = false;
      try {
        webhook?.verify(Buffer.concat(chunks).toString("utf8"), {
          "webhook-id": id,
          "webhook-timestamp": String(request.headers["webhook-timestamp"] ?? ""),
          "webhook-signature": String(request.headers["webhook-signature"] ?? ""),
        });
        verified = webhook !== null;
      } catch {
        verified = false;
      }
      const seen = receipts.get(id) ?? [];
      seen.push({ at, verified });
      receipts.set(id, seen);
      response.writeHead(verified ? 204 : 401).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `https://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/guestpass`,
    receipts,
    setSecret: (secret) => (webhook = new Webhook(secret)),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const percentile = (sorted: number[], p: number) =>
  sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

/** Creates invitations `from`…`from + count - 1`, each in its own transaction; returns their ids. */
async function changeState(prefix: string, from: number, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = from; i < from + count; i += 1) {
    const invitation = await prisma.$transaction((tx) =>
      createQueuedInvitation(
        tx,
        {
          email: `${prefix}-${i}@bench-events.example`,
          userType: "Guest",
          sendInvitationMessage: false,
          ccRecipients: [],
        },
        { actor: { actorType: "Worker" } },
      ),
    );
    if (invitation) ids.push(invitation.id);
  }
  return ids;
}

/** N pending deliveries of one real event's payload, and the endpoint's job, committed at once. */
async function seedBurst(
  endpointId: string,
  count: number,
  label = "burst",
): Promise<{ id: string; createdAt: Date }[]> {
  const [real] = await changeState(`${label}-source`, 0, 1);
  const source = await prisma.outboxEvent.findFirstOrThrow({ where: { type: "invitation.created", subjectId: real } });
  // The real event's own delivery goes first; the copies follow it.
  const subjectId = `bench-burst-${real}`;
  await prisma.$transaction(async (tx) => {
    await tx.$executeRaw`
      INSERT INTO "OutboxEvent" (id, type, "subjectType", "subjectId", payload)
      SELECT gen_random_uuid()::text, 'invitation.created', 'invitation', ${subjectId}, ${JSON.stringify(source.payload)}::jsonb
      FROM generate_series(1, ${count - 1})`;
    await tx.$executeRaw`
      INSERT INTO "WebhookDelivery" (id, "endpointId", "eventId", "updatedAt")
      SELECT gen_random_uuid()::text, ${endpointId}, e.id, now() FROM "OutboxEvent" e
      WHERE e."subjectId" = ${subjectId} ORDER BY e.sequence`;
    await queueEndpointDelivery(tx, endpointId);
  });
  return prisma.outboxEvent.findMany({
    where: { OR: [{ id: source.id }, { subjectId }] },
    select: { id: true, createdAt: true },
  });
}

async function figuresFor(
  events: { id: string; createdAt: Date }[],
  receipts: Map<string, Receipt[]>,
): Promise<LagFigures> {
  const lags: number[] = [];
  let duplicated = 0;
  let unverified = 0;
  let lastReceipt = 0;
  for (const event of events) {
    const seen = receipts.get(event.id) ?? [];
    const good = seen.filter((receipt) => receipt.verified);
    unverified += seen.length - good.length;
    duplicated += Math.max(0, good.length - 1);
    const first = good[0];
    if (!first) continue;
    lags.push(first.at - event.createdAt.getTime());
    lastReceipt = Math.max(lastReceipt, first.at);
  }
  lags.sort((a, b) => a - b);
  const firstChange = events.reduce((min, event) => Math.min(min, event.createdAt.getTime()), Infinity);
  const wallMs = Math.max(1, lastReceipt - firstChange);
  return {
    events: events.length,
    received: lags.length,
    lost: events.length - lags.length,
    duplicated,
    unverified,
    p50Ms: percentile(lags, 50),
    p95Ms: percentile(lags, 95),
    maxMs: lags.at(-1) ?? 0,
    wallMs,
    throughput: Math.round((lags.length / wallMs) * 1000 * 10) / 10,
  };
}

export async function runEvents(context: ScenarioContext, sizes: EventsSizes): Promise<EventsResult> {
  // The receiver is on this machine: the development setting that allows loopback delivery.
  process.env.WEBHOOK_ALLOW_LOOPBACK_HTTP = "true";
  resetEnvForTests();
  const receiver = await startReceiver();
  const created = await runStaffAction(createWebhookEndpointAction, await benchAdmin(), {
    url: receiver.url,
    eventTypes: ["invitation.created"],
  });
  if (!created.ok) throw new Error(`could not add the bench endpoint: ${JSON.stringify(created)}`);
  receiver.setSecret(created.data.secret);
  const endpointId = created.data.id;
  const verifiedCount = (ids: Set<string>) =>
    [...ids].filter((id) => receiver.receipts.get(id)?.some((receipt) => receipt.verified)).length;
  /** Until every event arrived, or nothing more arrived for `stallMs`. */
  const settle = async (ids: Set<string>, stallMs: number) => {
    let count = verifiedCount(ids);
    let progressAt = Date.now();
    while (count < ids.size && Date.now() - progressAt < stallMs) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      const now = verifiedCount(ids);
      if (now > count) progressAt = Date.now();
      count = now;
    }
  };

  const workerEnv = { ...context.env, WEBHOOK_ALLOW_LOOPBACK_HTTP: "true" };

  // Memory at N and 5N: first a burst a fifth the size, delivered by a worker of its own.
  const smallBurst = Math.max(1, Math.round(sizes.burst / 5));
  context.log(`  memory run: ${smallBurst} events in the outbox at once, a fresh worker`);
  const small = await startBenchWorker(workerEnv);
  let smallMemory: WorkerMemory;
  try {
    const smallEvents = await seedBurst(endpointId, smallBurst, "memory");
    await settle(new Set(smallEvents.map((event) => event.id)), 30_000);
    const missing = smallEvents.length - verifiedCount(new Set(smallEvents.map((event) => event.id)));
    if (missing > 0) throw new Error(`memory run: ${missing} of ${smallBurst} events not delivered`);
  } finally {
    smallMemory = await small.stop();
  }

  const worker = await startBenchWorker(workerEnv);
  let result: Omit<EventsResult, "memory">;
  try {
    context.log(`  burst: ${sizes.burst} events in the outbox at once`);
    const before = await worker.usage();
    const burstEvents = await seedBurst(endpointId, sizes.burst);
    await settle(new Set(burstEvents.map((event) => event.id)), 30_000);
    const perEvent = usagePer(before, await worker.usage(), burstEvents.length);
    const burst = { ...(await figuresFor(burstEvents, receiver.receipts)), perEvent };

    context.log(`  trickle: ${sizes.trickle} changes at ${sizes.tricklePerSecond}/s`);
    const trickleIds: string[] = [];
    const interval = 1000 / sizes.tricklePerSecond;
    const trickleStarted = Date.now();
    for (let i = 0; i < sizes.trickle; i += 1) {
      const wait = trickleStarted + i * interval - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      trickleIds.push(...(await changeState("trickle", i, 1)));
    }
    const trickleEvents = await prisma.outboxEvent.findMany({
      where: { type: "invitation.created", subjectId: { in: trickleIds } },
      select: { id: true, createdAt: true },
    });
    await settle(new Set(trickleEvents.map((event) => event.id)), 45_000);
    const trickle = { ...(await figuresFor(trickleEvents, receiver.receipts)), perSecond: sizes.tricklePerSecond };

    const attempts = await prisma.webhookAttempt.count({
      where: { delivery: { endpointId, eventId: { in: [...burstEvents, ...trickleEvents].map((event) => event.id) } } },
    });
    result = { burst, trickle, attemptsPerEvent: attempts / Math.max(1, burst.events + trickle.events) };
  } catch (error) {
    await worker.stop();
    await receiver.close();
    throw error;
  }
  const memory = await worker.stop();
  await receiver.close();
  return {
    ...result,
    memory: [
      { events: smallBurst, memory: smallMemory },
      { events: sizes.burst + sizes.trickle, memory },
    ],
  };
}
