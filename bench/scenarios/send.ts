// Scenario 7: mail sent as users through the API. M consented grants (stored as the consent callback
// stores them, bench/grants.ts), one API key each; N messages spread evenly over them, accepted by
// POST /api/v1/grants/{id}/messages at C concurrent clients (autocannon against `next start`, each
// request its own Idempotency-Key), sent by the production worker through the emulator's Graph with
// Outlook's limits on (4 requests in flight and 30 messages a minute per mailbox) and every call
// 80–150 ms. Measured:
// - wall time, first request to the last message Sent, against the floor those limits allow;
// - the most requests in flight on one mailbox, as the emulator counted them;
// - lost and duplicated, counted at the emulator's record of sent mail by each message's
//   Idempotency-Key (carried in a custom x- header);
// - the API's accept latency p50 / p95 beside a static file of the same server, same clients, same run.
// Without a production build of these sources (the integration suite does not build one) the
// messages are accepted by the same route handler in this process and the latency rows are skipped.
import autocannon from "autocannon";
import { POST as sendMessageRoute } from "@/app/api/v1/grants/[id]/messages/route";
import type { RunningEmulator } from "@/emulator/server";
import { DEFAULT_LIMITS } from "@/emulator/faults/settings";
import { runStaffAction } from "@/lib/actions/staff-action";
import { createApiKeyAction } from "@/lib/api/keys/actions";
import { prisma } from "@/lib/db/client";
import { storeBenchGrants } from "../grants";
import { startPortal } from "../portal";
import {
  benchAdmin,
  callCounts,
  LATENCY,
  percentile,
  switchOffLatency,
  switchOnRealisticLatency,
  type ScenarioContext,
} from "../support";
import { startBenchWorker, type WorkerMemory } from "../worker-process";

export interface SendSizes {
  messages: number;
  mailboxes: number;
  /** Concurrent API clients while the messages are accepted. */
  connections: number;
}

export interface AcceptLatency {
  requests: number;
  /** Answers other than the expected status, errors and timeouts. */
  unexpected: number;
  p50Ms: number;
  p95Ms: number;
}

export interface SendResult {
  /** The worker's memory over a fifth of the messages (its own worker) and over the whole run. */
  memory: { messages: number; memory: WorkerMemory }[];
  messages: number;
  mailboxes: number;
  connections: number;
  /** WORKER_CONCURRENCY of the worker that sent them (jobs at once, all mailboxes together). */
  workerConcurrency: number;
  /** Messages the API answered 202 for. */
  accepted: number;
  sent: number;
  failed: number;
  /** First request to the last message Sent. */
  wallMs: number;
  /** First request to the last 202. */
  acceptMs: number;
  /** What Outlook's limits allow at the fastest Graph latency (see limitFloorMs). */
  limitFloorMs: number;
  /** What one message in flight per mailbox and the worker's concurrency allow at the same latency. */
  designFloorMs: number;
  /** The most requests the emulator saw in flight on one mailbox. */
  maxInFlightPerMailbox: number;
  /** Accepted messages the emulator never recorded / recordings beyond the first of a key. */
  lost: number;
  duplicated: number;
  throttled: number;
  /** Absent without a production build. */
  latency: { accept: AcceptLatency; static: AcceptLatency } | { skipped: string };
}

/**
 * The fastest a mailbox can take n messages under Outlook's limits: at most `concurrency` requests
 * in flight, each taking at least `latencyMs`, and no more than `perMinute` in any 60 s (the k-th
 * message beyond a minute's budget waits for the one `perMinute` before it to be a minute old).
 */
export function mailboxFloorMs(n: number, limits: { concurrency: number; perMinute: number }, latencyMs: number) {
  if (n === 0) return 0;
  const byConcurrency = Math.ceil(n / limits.concurrency) * latencyMs;
  const byRate = Math.floor((n - 1) / limits.perMinute) * 60_000 + latencyMs;
  return Math.max(byConcurrency, byRate);
}

interface Mailbox {
  grantId: string;
  objectId: string;
  upn: string;
  key: string;
}

const BENCH_KEY_HEADER = "x-guestpass-bench-key";

async function prepareMailboxes(emulator: RunningEmulator, count: number, log: (line: string) => void) {
  const grantIds = await storeBenchGrants(emulator, count, log);
  const grants = await prisma.grant.findMany({
    where: { id: { in: grantIds } },
    select: { id: true, objectId: true, username: true },
  });
  const admin = await benchAdmin();
  const mailboxes: Mailbox[] = [];
  for (const grant of grants) {
    // One key per mailbox: a key's burst (120) is not what this measures.
    const form = new FormData();
    form.set("name", `bench send ${grant.username}`);
    form.append("scopes", "mail:send");
    form.set("lifetime", "30");
    const created = await runStaffAction(createApiKeyAction, admin, form);
    if (!created.ok) throw new Error(`could not create a bench key: ${JSON.stringify(created)}`);
    mailboxes.push({ grantId: grant.id, objectId: grant.objectId, upn: grant.username, key: created.data.key });
  }
  return mailboxes;
}

interface SendRequest {
  mailbox: Mailbox;
  idempotencyKey: string;
  body: string;
}

function requestsFor(run: string, mailboxes: Mailbox[], messages: number): SendRequest[] {
  return Array.from({ length: messages }, (_, i) => {
    const mailbox = mailboxes[i % mailboxes.length]!;
    const idempotencyKey = `${run}-${i}`;
    return {
      mailbox,
      idempotencyKey,
      body: JSON.stringify({
        to: ["bench-recipient@example.org"],
        subject: `bench send ${run} #${i}`,
        text: `Message ${i} of the send benchmark.`,
        headers: { [BENCH_KEY_HEADER]: idempotencyKey },
      }),
    };
  });
}

const headersOf = (request: SendRequest) => ({
  authorization: `Bearer ${request.mailbox.key}`,
  "content-type": "application/json",
  "idempotency-key": request.idempotencyKey,
});

function summary(times: number[], unexpected: number): AcceptLatency {
  const sorted = [...times].sort((a, b) => a - b);
  return {
    requests: times.length,
    unexpected,
    p50Ms: percentile(sorted, 50),
    p95Ms: percentile(sorted, 95),
  };
}

/** Exactly `requests.length` requests over `connections` clients; the ids of the 202s. */
async function acceptOverHttp(base: string, requests: SendRequest[], connections: number) {
  let next = 0;
  const accepted: string[] = [];
  const times: number[] = [];
  let unexpected = 0;
  const instance = autocannon({
    url: base,
    connections,
    amount: requests.length,
    timeout: 30,
    requests: [
      {
        method: "POST",
        setupRequest: (request) => {
          const message = requests[next++ % requests.length]!;
          return {
            ...request,
            path: `/api/v1/grants/${message.mailbox.grantId}/messages`,
            headers: headersOf(message),
            body: message.body,
          };
        },
        onResponse: (status, body) => {
          if (status === 202) accepted.push((JSON.parse(body) as { id: string }).id);
        },
      },
    ],
  });
  instance.on("response", (_client, statusCode, _bytes, responseTime) => {
    times.push(responseTime);
    if (statusCode !== 202) unexpected += 1;
  });
  const result = await instance;
  return { accepted, latency: summary(times, unexpected + result.errors + result.timeouts) };
}

async function loadStatic(url: string, amount: number, connections: number): Promise<AcceptLatency> {
  const times: number[] = [];
  let unexpected = 0;
  const instance = autocannon({ url, connections, amount, timeout: 30 });
  instance.on("response", (_client, statusCode, _bytes, responseTime) => {
    times.push(responseTime);
    if (statusCode !== 200) unexpected += 1;
  });
  const result = await instance;
  return summary(times, unexpected + result.errors + result.timeouts);
}

/** The same route handler `next start` serves, called in this process, `connections` at a time. */
async function acceptInProcess(appUrl: string, requests: SendRequest[], connections: number): Promise<string[]> {
  const accepted: string[] = [];
  let next = 0;
  const lane = async () => {
    while (next < requests.length) {
      const message = requests[next++]!;
      const response = await sendMessageRoute(
        new Request(`${appUrl}/api/v1/grants/${message.mailbox.grantId}/messages`, {
          method: "POST",
          headers: headersOf(message),
          body: message.body,
        }),
        { params: Promise.resolve({ id: message.mailbox.grantId }) },
      );
      const text = await response.text();
      if (response.status === 202) accepted.push((JSON.parse(text) as { id: string }).id);
    }
  };
  await Promise.all(Array.from({ length: connections }, lane));
  return accepted;
}

/** Until every message is Sent or Failed, or nothing has moved for a minute (a lost one is counted, not waited for). */
async function settleMessages(ids: string[]): Promise<void> {
  let settled = 0;
  let progressAt = Date.now();
  while (settled < ids.length && Date.now() - progressAt < 60_000) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    const now = await prisma.outgoingMessage.count({ where: { id: { in: ids }, status: { in: ["Sent", "Failed"] } } });
    if (now > settled) progressAt = Date.now();
    settled = now;
  }
}

/**
 * Loads the route and runs its checks a few times per key before measuring: a POST without an
 * Idempotency-Key goes through parsing, the key, its scope and its budget and is refused (400)
 * before anything is queued, so nothing is sent.
 */
async function warmUp(base: string, requests: SendRequest[], mailboxes: Mailbox[], log: (line: string) => void) {
  for (const mailbox of mailboxes) {
    const sample = requests.find((request) => request.mailbox === mailbox)!;
    for (let i = 0; i < 3; i++) {
      const response = await fetch(`${base}/api/v1/grants/${mailbox.grantId}/messages`, {
        method: "POST",
        headers: { authorization: `Bearer ${mailbox.key}`, "content-type": "application/json" },
        body: sample.body,
      });
      await response.text();
      if (response.status !== 400)
        throw new Error(`warm-up: the API answered ${response.status}, not 400 (is the key accepted?)`);
    }
  }
  for (let i = 0; i < 5; i++) await fetch(`${base}/bench-static.html`).then((r) => r.text());
  log(`    warm: ${mailboxes.length} keys checked, static file read`);
}

export async function runSend(
  context: ScenarioContext & { emulator: RunningEmulator },
  sizes: SendSizes,
  /** Why there is no `next start` to accept the messages (null: there is one). */
  options: { withoutPortal: string | null },
): Promise<SendResult> {
  await switchOffLatency(context.control);
  context.log(`  set-up: ${sizes.mailboxes} consented grants, one API key each`);
  const mailboxes = await prepareMailboxes(context.emulator, sizes.mailboxes, context.log);
  const run = Date.now().toString(36);
  const requests = requestsFor(run, mailboxes, sizes.messages);
  const workerConcurrency = Number(process.env.WORKER_CONCURRENCY ?? 5);
  const workerEnv = { ...context.env, WORKER_CONCURRENCY: String(workerConcurrency) };

  // Memory at N and 5N: first a fifth of the messages (other keys, same mailboxes, well inside
  // Outlook's 30 a minute together with the run), sent by a worker of its own.
  const smallCount = Math.max(1, Math.round(sizes.messages / 5));
  context.log(`  memory run: ${smallCount} messages, a fresh worker`);
  const small = await startBenchWorker(workerEnv);
  let smallMemory: WorkerMemory;
  try {
    const smallAccepted = await acceptInProcess(
      context.env.APP_URL as string,
      requestsFor(`${run}m`, mailboxes, smallCount),
      sizes.connections,
    );
    await settleMessages(smallAccepted);
    const sent = await prisma.outgoingMessage.count({ where: { id: { in: smallAccepted }, status: "Sent" } });
    if (sent !== smallCount) throw new Error(`memory run: ${sent} of ${smallCount} messages sent`);
  } finally {
    smallMemory = await small.stop();
  }

  const portal = options.withoutPortal === null ? await startPortal(context.env) : null;
  const worker = await startBenchWorker(workerEnv);
  let workerStopped: WorkerMemory | undefined;
  try {
    if (portal) await warmUp(portal.base, requests, mailboxes, context.log);
    await switchOnRealisticLatency(context.control);
    await context.control.resetCounters();

    context.log(`  ${sizes.messages} messages to ${sizes.mailboxes} mailboxes, ${sizes.connections} clients`);
    const started = Date.now();
    let accepted: string[];
    let acceptLatency: AcceptLatency | null = null;
    if (portal) {
      const answer = await acceptOverHttp(portal.base, requests, sizes.connections);
      accepted = answer.accepted;
      acceptLatency = answer.latency;
    } else {
      accepted = await acceptInProcess(context.env.APP_URL as string, requests, sizes.connections);
    }
    const acceptMs = Date.now() - started;
    await settleMessages(accepted);
    const ends = await prisma.outgoingMessage.aggregate({
      where: { id: { in: accepted }, status: "Sent" },
      _max: { sentAt: true },
      _count: true,
    });
    const failed = await prisma.outgoingMessage.count({ where: { id: { in: accepted }, status: "Failed" } });
    const wallMs = (ends._max.sentAt?.getTime() ?? Date.now()) - started;
    const counters = await context.control.getCounters();

    // The static file after the sends, same server and clients, so neither load slows the other.
    const staticLatency = portal
      ? await loadStatic(`${portal.base}/bench-static.html`, sizes.messages, sizes.connections)
      : null;

    // At Graph: every accepted message's key recorded once, from its own mailbox.
    const acceptedKeys = new Set(
      (
        await prisma.outgoingMessage.findMany({ where: { id: { in: accepted } }, select: { idempotencyKey: true } })
      ).flatMap((row) => (row.idempotencyKey ? [row.idempotencyKey] : [])),
    );
    const recorded = new Map<string, number>();
    for (const mailbox of mailboxes) {
      for (const mail of await context.control.sentMail({ from: mailbox.upn })) {
        const key = mail.internetMessageHeaders?.find((header) => header.name === BENCH_KEY_HEADER)?.value;
        if (!key?.startsWith(`${run}-`)) continue;
        const intended = requests[Number(key.slice(run.length + 1))]?.mailbox.upn;
        if (intended !== mailbox.upn) continue; // from the wrong mailbox: not the message that was asked for
        recorded.set(key, (recorded.get(key) ?? 0) + 1);
      }
    }
    const lost = [...acceptedKeys].filter((key) => !recorded.has(key)).length;
    const duplicated = [...recorded.values()].reduce((sum, count) => sum + Math.max(0, count - 1), 0);

    const perMailbox = Math.ceil(sizes.messages / sizes.mailboxes);
    const limits = {
      concurrency: DEFAULT_LIMITS.mailboxConcurrency ?? 4,
      perMinute: DEFAULT_LIMITS.mailboxMessages?.requests ?? 30,
    };
    // Guestpass's own pace: one message in flight per mailbox, and no more jobs at once than the
    // worker runs; the floor is whichever binds.
    const designFloorMs = Math.max(
      mailboxFloorMs(perMailbox, { ...limits, concurrency: 1 }, LATENCY.minMs),
      Math.ceil(sizes.messages / workerConcurrency) * LATENCY.minMs,
    );
    workerStopped = await worker.stop();
    return {
      memory: [
        { messages: smallCount, memory: smallMemory },
        { messages: sizes.messages, memory: workerStopped },
      ],
      messages: sizes.messages,
      mailboxes: sizes.mailboxes,
      connections: sizes.connections,
      workerConcurrency,
      accepted: accepted.length,
      sent: ends._count,
      failed,
      wallMs,
      acceptMs,
      limitFloorMs: mailboxFloorMs(perMailbox, limits, LATENCY.minMs),
      designFloorMs,
      maxInFlightPerMailbox: Math.max(
        0,
        ...mailboxes.map((mailbox) => counters.mailboxes[`oid:${mailbox.objectId}`]?.peakInFlight ?? 0),
      ),
      lost,
      duplicated,
      throttled: callCounts(counters).throttled,
      latency:
        acceptLatency && staticLatency
          ? { accept: acceptLatency, static: staticLatency }
          : { skipped: options.withoutPortal ?? "no accept latency measured" },
    };
  } finally {
    if (!workerStopped) await worker.stop();
    await portal?.stop();
  }
}
