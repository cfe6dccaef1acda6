// Events out, end to end against a real receiver (HTTPS on 127.0.0.1) that verifies every delivery
// with the `standardwebhooks` library: the outbox commits with the change or not at all, each event
// of a real code path arrives signed, retries keep the webhook-id, a receiver that is down, slow or
// failing gets everything once it recovers, two deliverers never send at once, and a tampered
// signature is rejected by the library.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { Webhook } from "standardwebhooks";
import { runStaffAction } from "@/lib/actions/staff-action";
import { consentFully, freshFabrikamInvitee } from "@/lib/consent/flow.test-support";
import { issueConsentLink } from "@/lib/consent/links";
import { prisma } from "@/lib/db/client";
import { resetEnvForTests } from "@/lib/env";
import type { JobHelpers } from "graphile-worker";
import { queueEndpointDelivery } from "@/lib/events/outbox";
import { eraseGrantAs } from "@/lib/grants/kill-switch";
import { sweepWebhooksJob } from "@/lib/jobs/handlers/webhooks";
import { adminSession, uniqueEmail, waitFor } from "@/test/int-support";
import { createQueuedInvitation } from "@/lib/invitations/create";
import { recordRegistrationCheck } from "@/lib/registration/store";
import type { WebhookEventType } from "@/lib/shared/webhook-events";
import { startWebhookReceiver, type WebhookReceiver } from "@/test/webhook-receiver";
import {
  createWebhookEndpointAction,
  deleteWebhookEndpointAction,
  disableWebhookEndpointAction,
  enableWebhookEndpointAction,
  redeliverWebhooksAction,
  rotateWebhookSecretAction,
  sendWebhookTestAction,
} from "./actions";
import { deliverEndpoint, type DeliverOptions } from "./deliver";

const FAST: DeliverOptions = { policy: { allowLoopbackHttp: true, timeoutMs: 1_000 }, retryDelays: [20, 20, 20, 20] };

let receiver: WebhookReceiver;
const endpoints: string[] = [];

beforeAll(async () => {
  process.env.WEBHOOK_ALLOW_LOOPBACK_HTTP = "true";
  resetEnvForTests();
  receiver = await startWebhookReceiver();
});
afterAll(async () => {
  await receiver.close();
});
afterEach(async () => {
  const admin = await adminSession();
  for (const id of endpoints.splice(0)) await runStaffAction(deleteWebhookEndpointAction, admin, id);
  receiver.received.length = 0;
  receiver.secrets.length = 0;
  receiver.mode = { kind: "ok" };
  receiver.maxInFlight = 0;
});

async function addEndpoint(eventTypes: WebhookEventType[], url = receiver.url): Promise<string> {
  const result = await runStaffAction(createWebhookEndpointAction, await adminSession(), { url, eventTypes });
  if (!result.ok) throw new Error(JSON.stringify(result));
  endpoints.push(result.data.id);
  receiver.secrets.push(result.data.secret);
  return result.data.id;
}

/** Delivers until nothing is pending (waiting out each retry's short delay), as the worker would. */
async function drain(endpointId: string, options: DeliverOptions = FAST): Promise<void> {
  for (let round = 0; round < 50; round += 1) {
    const outcome = await deliverEndpoint(endpointId, options);
    if (!outcome.retryAt) return;
    const wait = outcome.retryAt.getTime() - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }
  throw new Error("deliveries did not settle");
}

const pendingOf = (endpointId: string) => prisma.webhookDelivery.count({ where: { endpointId, status: "Pending" } });

describe("the outbox", () => {
  it("writes the event with the change, and neither when the transaction fails", async () => {
    const endpointId = await addEndpoint(["invitation.created"]);
    const kept = uniqueEmail("outbox-kept");
    const dropped = uniqueEmail("outbox-dropped");
    const input = { email: kept, userType: "Guest" as const, sendInvitationMessage: false, ccRecipients: [] };
    const created = await prisma.$transaction((tx) =>
      createQueuedInvitation(tx, input, { actor: { actorType: "Worker" } }),
    );
    await expect(
      prisma.$transaction(async (tx) => {
        await createQueuedInvitation(tx, { ...input, email: dropped }, { actor: { actorType: "Worker" } });
        throw new Error("the change fails after the event was written");
      }),
    ).rejects.toThrow("the change fails");

    const events = await prisma.outboxEvent.findMany({ where: { type: "invitation.created", subjectId: created!.id } });
    expect(events).toHaveLength(1);
    expect(events[0]!.payload).toMatchObject({ id: created!.id, email: kept, status: "Queued" });
    expect(await prisma.invitation.findUnique({ where: { email: dropped } })).toBeNull();
    expect(await prisma.outboxEvent.count({ where: { payload: { path: ["email"], equals: dropped } } })).toBe(0);
    expect(await prisma.webhookDelivery.count({ where: { endpointId, eventId: events[0]!.id } })).toBe(1);
  });
});

describe("delivery to a real receiver", () => {
  it("delivers each event of the invitation, grant and registration code paths, signed and verified", async () => {
    const endpointId = await addEndpoint([]);
    // A grant through a real consent, erased, consented again (recovered), and a registration check
    // that failed with the credential ending in three days.
    const invitee = await freshFabrikamInvitee("hooks");
    const grantId = await consentFully({ invitationId: invitee.invitationId }, invitee.upn);
    expect(await eraseGrantAs(grantId, { actorType: "System" }, "staff_request")).toMatchObject({ outcome: "erased" });
    const link = await issueConsentLink(invitee.invitationId);
    expect(await consentFully({ token: new URL(link.url).pathname.split("/").at(-1)! }, invitee.upn)).toBe(grantId);
    const soon = new Date(Date.now() + 3 * 86_400_000).toISOString();
    await recordRegistrationCheck(
      { ranAt: new Date().toISOString(), status: "fail", credentialExpiresAt: soon, checks: [] },
      { trigger: "Schedule" },
    );

    await drain(endpointId);
    const types = receiver.verified().map((delivery) => delivery.type);
    expect(types).toEqual(
      expect.arrayContaining([
        "grant.consented",
        "grant.erased",
        "grant.recovered",
        "registration.check_failed",
        "registration.secret_expiring",
      ]),
    );
    expect(receiver.received.every((delivery) => delivery.verified)).toBe(true);
    const recovered = receiver.verified().find((delivery) => delivery.type === "grant.recovered")!;
    expect(JSON.parse(recovered.body)).toMatchObject({
      type: "grant.recovered",
      data: { id: grantId, status: "Active" },
    });
    // Order per endpoint is the order of the changes.
    expect(types.indexOf("grant.consented")).toBeLessThan(types.indexOf("grant.erased"));
    expect(types.indexOf("grant.erased")).toBeLessThan(types.indexOf("grant.recovered"));
    // No secret or token in any body.
    for (const delivery of receiver.received)
      expect(delivery.body).not.toMatch(/whsec_|refresh_token|access_token|secret"/i);
    const attempts = await prisma.webhookAttempt.findMany({ where: { delivery: { endpointId } } });
    expect(attempts.length).toBe(receiver.received.length);
    expect(attempts.every((attempt) => attempt.statusCode === 204 && attempt.latencyMs >= 0)).toBe(true);
  });

  it("sends a test event to one endpoint only", async () => {
    const endpointId = await addEndpoint(["bulk_run.finished"]);
    expect(await runStaffAction(sendWebhookTestAction, await adminSession(), endpointId)).toMatchObject({ ok: true });
    await drain(endpointId);
    expect(receiver.verified().map((delivery) => delivery.type)).toEqual(["webhook.test"]);
  });

  it("a tampered signature or body is rejected by the receiver's library", async () => {
    const endpointId = await addEndpoint([]);
    await runStaffAction(sendWebhookTestAction, await adminSession(), endpointId);
    await drain(endpointId);
    const [delivery] = receiver.verified();
    const wh = new Webhook(receiver.secrets[0]!);
    const headers = {
      "webhook-id": delivery!.id,
      "webhook-timestamp": delivery!.timestamp,
      "webhook-signature": delivery!.signature,
    };
    expect(() => wh.verify(delivery!.body, headers)).not.toThrow();
    expect(() => wh.verify(delivery!.body.replace("test event", "tset event"), headers)).toThrow();
    const flipped = delivery!.signature.replace(/v1,(.)/, (_m, c: string) => `v1,${c === "A" ? "B" : "A"}`);
    expect(() => wh.verify(delivery!.body, { ...headers, "webhook-signature": flipped })).toThrow();
    expect(() =>
      new Webhook(`whsec_${Buffer.alloc(32, 7).toString("base64")}`).verify(delivery!.body, headers),
    ).toThrow();
  });

  it("after a rotation, deliveries verify with the old and the new secret during the overlap", async () => {
    const endpointId = await addEndpoint([]);
    const oldSecret = receiver.secrets[0]!;
    const rotated = await runStaffAction(rotateWebhookSecretAction, await adminSession(), endpointId);
    if (!rotated.ok) throw new Error("rotation failed");
    await runStaffAction(sendWebhookTestAction, await adminSession(), endpointId);
    await drain(endpointId);
    const [delivery] = receiver.received;
    const headers = {
      "webhook-id": delivery!.id,
      "webhook-timestamp": delivery!.timestamp,
      "webhook-signature": delivery!.signature,
    };
    expect(delivery!.signature.split(" ")).toHaveLength(2);
    expect(() => new Webhook(oldSecret).verify(delivery!.body, headers)).not.toThrow();
    expect(() => new Webhook(rotated.data.secret).verify(delivery!.body, headers)).not.toThrow();
  });
});

describe("what an endpoint is sent", () => {
  const newInvitation = (prefix: string) =>
    prisma.$transaction((tx) =>
      createQueuedInvitation(
        tx,
        { email: uniqueEmail(prefix), userType: "Guest", sendInvitationMessage: false, ccRecipients: [] },
        { actor: { actorType: "Worker" } },
      ),
    );
  const failedCheck = () =>
    recordRegistrationCheck(
      { ranAt: new Date().toISOString(), status: "fail", credentialExpiresAt: null, checks: [] },
      { trigger: "Schedule" },
    );
  const typesOf = async (endpointId: string) =>
    (
      await prisma.webhookDelivery.findMany({ where: { endpointId }, select: { event: { select: { type: true } } } })
    ).map((delivery) => delivery.event.type);

  it("only the event types its filter takes: another type gets no delivery", async () => {
    const filtered = await addEndpoint(["invitation.created"]);
    const everything = await addEndpoint([]);
    const invitation = await newInvitation("filter");
    const check = await failedCheck();

    expect(await typesOf(filtered)).toEqual(["invitation.created"]);
    // The other type was made and fanned out: the endpoint without a filter has it.
    expect(await typesOf(everything)).toEqual(
      expect.arrayContaining(["invitation.created", "registration.check_failed"]),
    );
    await drain(filtered);
    const received = receiver
      .verified()
      .map((delivery) => JSON.parse(delivery.body) as { type: string; data: { id: string } });
    expect(received).toEqual([
      expect.objectContaining({ type: "invitation.created", data: expect.objectContaining({ id: invitation!.id }) }),
    ]);
    expect(received.some((body) => body.data.id === check.id)).toBe(false);
  });

  it("turned off, it is sent nothing and records no new event; turned on, it gets what waited", async () => {
    const endpointId = await addEndpoint([]);
    const admin = await adminSession();
    const waited = await newInvitation("switch-waited");
    expect(await runStaffAction(disableWebhookEndpointAction, admin, endpointId)).toMatchObject({ ok: true });
    expect(await deliverEndpoint(endpointId, FAST)).toEqual({ delivered: 0 });
    expect(receiver.received).toHaveLength(0);

    const whileOff = await newInvitation("switch-off");
    expect(await prisma.outboxEvent.count({ where: { subjectId: whileOff!.id } })).toBe(1);
    expect(await prisma.webhookDelivery.count({ where: { endpointId, event: { subjectId: whileOff!.id } } })).toBe(0);

    // As a worker would have: its delivery job ran (and found the endpoint off).
    const jobKey = `webhook-deliver:${endpointId}`;
    const deliveryJobs = () =>
      prisma.$queryRaw<{ count: bigint }[]>`SELECT count(*) FROM graphile_worker.jobs WHERE key = ${jobKey}`;
    await prisma.$queryRaw`SELECT graphile_worker.remove_job(${jobKey}) IS NOT NULL AS removed`;
    expect(await deliveryJobs()).toEqual([{ count: 0n }]);

    expect(await runStaffAction(enableWebhookEndpointAction, admin, endpointId)).toMatchObject({ ok: true });
    // Turning it on queues its delivery job again; the worker runs it as this does.
    expect(await deliveryJobs()).toEqual([{ count: 1n }]);
    await drain(endpointId);
    const subjects = receiver
      .verified()
      .map((delivery) => (JSON.parse(delivery.body) as { data: { id: string } }).data.id);
    expect(subjects).toEqual([waited!.id]);
  });

  it("keeps the first 1 KB of a 1 MB answer, read only up to the cap", async () => {
    const endpointId = await addEndpoint([]);
    await runStaffAction(sendWebhookTestAction, await adminSession(), endpointId);
    receiver.mode = { kind: "large", bytes: 1024 * 1024 };
    await drain(endpointId, { ...FAST, policy: { allowLoopbackHttp: true, timeoutMs: 5_000 } });
    const [attempt] = await prisma.webhookAttempt.findMany({ where: { delivery: { endpointId } } });
    expect(attempt).toMatchObject({ statusCode: 200, error: null, responseSnippet: "x".repeat(1024) });
    // The answer never ends: the attempt finished because the read stopped, not at the timeout.
    expect(attempt!.latencyMs).toBeLessThan(5_000);
    expect(await prisma.webhookDelivery.findFirst({ where: { endpointId } })).toMatchObject({ status: "Delivered" });
  });
});

describe("SSRF at delivery time", () => {
  it("records why an attempt was refused or redirected, in words the deliveries view shows", async () => {
    const endpointId = await addEndpoint([]);
    await runStaffAction(sendWebhookTestAction, await adminSession(), endpointId);
    // Saved under the development setting; delivered by a worker without it: refused on the attempt.
    await deliverEndpoint(endpointId, { ...FAST, policy: { allowLoopbackHttp: false } });
    receiver.mode = { kind: "redirect", location: "http://10.0.0.1/internal?token=s3cret&id=7" };
    await new Promise((resolve) => setTimeout(resolve, 25));
    await deliverEndpoint(endpointId, FAST);
    const attempts = await prisma.webhookAttempt.findMany({
      where: { delivery: { endpointId } },
      orderBy: { attemptedAt: "asc" },
    });
    expect(attempts[0]).toMatchObject({ statusCode: null, error: expect.stringMatching(/^Refused: .*loopback/) });
    expect(attempts[1]).toMatchObject({
      statusCode: 302,
      error:
        "The receiver answered 302, a redirect to http://10.0.0.1/internal?token=redacted&id=redacted: Guestpass " +
        "follows no redirects; give the final URL. It points to 10.0.0.1, a private network address: Guestpass " +
        "only calls public addresses.",
    });
    expect(receiver.received).toHaveLength(1);
  });

  it("refuses to save a name that resolves to 127.0.0.1 without the development setting, naming both", async () => {
    const url = receiver.url.replace("127.0.0.1", "localhost");
    const admin = await adminSession();
    process.env.WEBHOOK_ALLOW_LOOPBACK_HTTP = "false";
    resetEnvForTests();
    try {
      const result = await runStaffAction(createWebhookEndpointAction, admin, { url, eventTypes: [] });
      expect(result).toMatchObject({
        ok: false,
        fieldErrors: { url: [expect.stringMatching(/^localhost resolves to 127\.0\.0\.1, a loopback address/)] },
      });
    } finally {
      process.env.WEBHOOK_ALLOW_LOOPBACK_HTTP = "true";
      resetEnvForTests();
    }
    // With the setting on, the same URL is a developer's receiver.
    await addEndpoint([], url);
  });

  it("refuses to save a URL to a private, loopback or metadata address", async () => {
    const admin = await adminSession();
    for (const url of ["http://169.254.169.254/", "https://10.0.0.1/hooks", "https://[fd00::1]/"]) {
      const result = await runStaffAction(createWebhookEndpointAction, admin, { url, eventTypes: [] });
      expect(result).toMatchObject({ ok: false, fieldErrors: { url: [expect.stringMatching(/address|https/)] } });
    }
  });
});

describe("faults", () => {
  async function queueTests(endpointId: string, count: number): Promise<void> {
    const admin = await adminSession();
    for (let i = 0; i < count; i += 1) await runStaffAction(sendWebhookTestAction, admin, endpointId);
  }

  it("receiver down, then 500s, then slow past the timeout, then up: every event arrives once verified, in order, same webhook-id on retries", async () => {
    const endpointId = await addEndpoint([]);
    await queueTests(endpointId, 3);
    const order = (
      await prisma.webhookDelivery.findMany({
        where: { endpointId },
        orderBy: { sequence: "asc" },
        select: { eventId: true },
      })
    ).map((row) => row.eventId);

    await receiver.stop();
    expect(await deliverEndpoint(endpointId, FAST)).toMatchObject({ delivered: 0, retryAt: expect.any(Date) });
    await receiver.start();
    receiver.mode = { kind: "status", status: 500 };
    await new Promise((resolve) => setTimeout(resolve, 25));
    await deliverEndpoint(endpointId, FAST);
    receiver.mode = { kind: "hang" };
    await new Promise((resolve) => setTimeout(resolve, 25));
    await deliverEndpoint(endpointId, FAST);
    receiver.mode = { kind: "ok" };
    await drain(endpointId);

    expect(await pendingOf(endpointId)).toBe(0);
    const firstAttempts = await prisma.webhookAttempt.findMany({
      where: { delivery: { endpointId, eventId: order[0] } },
      orderBy: { attemptedAt: "asc" },
    });
    expect(firstAttempts.map((attempt) => attempt.statusCode)).toEqual([null, 500, null, 204]);
    expect(firstAttempts[0]!.error).toMatch(/refused/i);
    expect(firstAttempts[2]!.error).toMatch(/no answer within/i);
    // The receiver saw the first event three times (500, hang, 204): always the same webhook-id.
    const sightings = receiver.received.filter((delivery) => delivery.id === order[0]);
    expect(sightings).toHaveLength(3);
    expect(sightings.every((delivery) => delivery.verified)).toBe(true);
    const successful = receiver.received.filter((delivery) => delivery.verified).map((delivery) => delivery.id);
    expect([...new Set(successful)]).toEqual(order);
  });

  it("out of retries: the endpoint is marked failing and audited, later events wait, redelivery sends them all in order", async () => {
    const endpointId = await addEndpoint([]);
    receiver.mode = { kind: "status", status: 503 };
    await queueTests(endpointId, 2);
    await drain(endpointId);
    const endpoint = await prisma.webhookEndpoint.findUniqueOrThrow({ where: { id: endpointId } });
    expect(endpoint.failingSince).not.toBeNull();
    expect(endpoint.failingReason).toMatch(/503/);
    expect(await prisma.auditLogEntry.count({ where: { action: "webhook.failing", targetId: endpointId } })).toBe(1);
    expect(await prisma.webhookDelivery.groupBy({ by: ["status"], where: { endpointId }, _count: true })).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ status: "Failed", _count: 1 }),
        expect.objectContaining({ status: "Pending", _count: 1 }),
      ]),
    );
    // Failing: nothing more is tried until an administrator redelivers.
    const before = receiver.received.length;
    expect(await deliverEndpoint(endpointId, FAST)).toEqual({ delivered: 0 });
    expect(receiver.received.length).toBe(before);

    // A redelivery to a receiver still down: the endpoint stays failing, the events keep waiting.
    const failingOf = async () =>
      (await prisma.webhookEndpoint.findUniqueOrThrow({ where: { id: endpointId } })).failingSince;
    const admin = await adminSession();
    const redeliverAll = () => runStaffAction(redeliverWebhooksAction, admin, { endpointId });
    expect(await redeliverAll()).toMatchObject({ ok: true, data: { count: 1 } });
    expect(await failingOf()).not.toBeNull();
    await drain(endpointId);
    expect(await failingOf()).not.toBeNull();
    expect(await prisma.webhookDelivery.count({ where: { endpointId, status: "Delivered" } })).toBe(0);

    receiver.mode = { kind: "ok" };
    expect(await redeliverAll()).toMatchObject({ ok: true, data: { count: 1 } });
    expect(await failingOf()).not.toBeNull(); // cleared by a delivery, not by the request
    await drain(endpointId);
    expect(await prisma.webhookDelivery.count({ where: { endpointId, status: "Delivered" } })).toBe(2);
    expect(await failingOf()).toBeNull();
  });

  it("redelivering a retrying delivery moves the endpoint's waiting job to now: one job, one delivery, same webhook-id", async () => {
    const endpointId = await addEndpoint([]);
    receiver.mode = { kind: "status", status: 500 };
    await queueTests(endpointId, 1);
    // The first attempt fails; the worker's handler queues the next for five minutes later.
    const { retryAt } = await deliverEndpoint(endpointId, { ...FAST, retryDelays: [5 * 60_000] });
    expect(retryAt!.getTime()).toBeGreaterThan(Date.now() + 4 * 60_000);
    await queueEndpointDelivery(prisma, endpointId, retryAt);
    const jobsOf = () =>
      prisma.$queryRaw<
        { run_at: Date }[]
      >`SELECT run_at FROM graphile_worker.jobs WHERE key = ${`webhook-deliver:${endpointId}`}`;
    expect(await jobsOf()).toEqual([{ run_at: retryAt }]);

    receiver.mode = { kind: "ok" };
    const delivery = await prisma.webhookDelivery.findFirstOrThrow({ where: { endpointId } });
    const result = await runStaffAction(redeliverWebhooksAction, await adminSession(), {
      endpointId,
      deliveryId: delivery.id,
    });
    expect(result).toMatchObject({ ok: true, data: { count: 1 } });
    const [job, ...more] = await jobsOf();
    expect(more).toEqual([]);
    expect(job!.run_at.getTime()).toBeLessThanOrEqual(Date.now());
    expect(await deliverEndpoint(endpointId, FAST)).toMatchObject({ delivered: 1 });
    expect(
      await prisma.webhookDelivery.findMany({ where: { endpointId }, select: { id: true, status: true } }),
    ).toEqual([{ id: delivery.id, status: "Delivered" }]);
    expect(receiver.received.map((sighting) => sighting.id)).toEqual([delivery.eventId, delivery.eventId]);
    expect(receiver.verified()).toHaveLength(2);
  });

  it("the sweep brings forward a job left waiting while a delivery is already due", async () => {
    const endpointId = await addEndpoint([]);
    receiver.mode = { kind: "status", status: 500 };
    await queueTests(endpointId, 1);
    const { retryAt } = await deliverEndpoint(endpointId, { ...FAST, retryDelays: [5 * 60_000] });
    // A redelivery made the delivery due just before the deliverer queued its retry for later.
    await prisma.webhookDelivery.updateMany({
      where: { endpointId },
      data: { attempts: 0, nextAttemptAt: new Date() },
    });
    await queueEndpointDelivery(prisma, endpointId, retryAt);
    await sweepWebhooksJob({}, {} as JobHelpers);
    const jobs = await prisma.$queryRaw<
      { run_at: Date }[]
    >`SELECT run_at FROM graphile_worker.jobs WHERE key = ${`webhook-deliver:${endpointId}`}`;
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!.run_at.getTime()).toBeLessThanOrEqual(Date.now());
  });

  it("a run that finds another deliverer holding the endpoint looks again within a second, not when the lease lapses", async () => {
    const endpointId = await addEndpoint([]);
    // Another worker holds the lease (mid-delivery) when the test event's run starts.
    await prisma.webhookEndpoint.update({
      where: { id: endpointId },
      data: { leaseOwner: "another-worker", leaseExpiresAt: new Date(Date.now() + 30_000) },
    });
    await queueTests(endpointId, 1);
    const outcome = await deliverEndpoint(endpointId, FAST);
    expect(outcome.delivered).toBe(0);
    expect(outcome.retryAt!.getTime() - Date.now()).toBeLessThanOrEqual(1_000);
    // The holder lets go without having seen the event: the next look delivers it.
    await prisma.webhookEndpoint.update({
      where: { id: endpointId },
      data: { leaseOwner: null, leaseExpiresAt: null },
    });
    expect(await deliverEndpoint(endpointId, FAST)).toMatchObject({ delivered: 1 });
    expect(receiver.verified()).toHaveLength(1);
  });

  it("two deliverers at once never send to one endpoint concurrently nor the same event twice", async () => {
    const endpointId = await addEndpoint([]);
    await queueTests(endpointId, 12);
    receiver.mode = { kind: "slow", ms: 40 };
    // Three deliverers (as three workers would run them) started together, again and again until
    // nothing is pending: whichever holds the endpoint's lease sends, the others stand back.
    await waitFor(
      async () => {
        const outcomes = await Promise.all([
          deliverEndpoint(endpointId, FAST),
          deliverEndpoint(endpointId, FAST),
          deliverEndpoint(endpointId, FAST),
        ]);
        expect(outcomes.filter((outcome) => outcome.delivered > 0).length).toBeLessThanOrEqual(1);
        return (await pendingOf(endpointId)) === 0;
      },
      { what: "every delivery done" },
    );
    expect(receiver.maxInFlight).toBe(1);
    const ids = receiver.received.map((delivery) => delivery.id);
    expect(ids).toHaveLength(12);
    expect(new Set(ids).size).toBe(12);
  });
});
