// kill -9 of the worker in the middle of a send — Graph has taken the message and recorded it, its
// answer has not come back, the worker has not written anything down — then a new worker: the
// message is never sent a second time (it ends Failed, outcome_unknown, telling the product to look
// in Sent Items), and the mailbox is not left stalled behind the dead worker's locks (graphile-worker
// keeps those 4 hours): the next message to the same user goes out within seconds. The product's
// repeat of the cut-off request with the same Idempotency-Key answers the same message, and no second mail.
import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { POST as sendRoute } from "@/app/api/v1/grants/[id]/messages/route";
import { EmulatorControl } from "@/emulator/control/client";
import { callApi, createTestKey, type TestKey } from "@/lib/api/api.test-support";
import { consentFully, freshFabrikamInvitee } from "@/lib/consent/flow.test-support";
import { prisma } from "@/lib/db/client";
import { LOCK_GRACE_SECONDS, SWEEP_INTERVAL_MS } from "@/lib/jobs/pool-liveness";
import { waitFor } from "@/test/int-support";
import { killAllWorkerProcesses, killWorkerProcess, startWorkerProcess } from "@/test/worker-process";

const emulator = EmulatorControl.fromEnv();

afterEach(async () => {
  await killAllWorkerProcesses();
  await emulator.resetFaults();
});

const post = (grantId: string, key: TestKey, subject: string, idempotencyKey: string) =>
  callApi(sendRoute, {
    method: "POST",
    path: `/grants/${grantId}/messages`,
    key: key.key,
    params: { id: grantId },
    headers: { "idempotency-key": idempotencyKey },
    body: { to: ["crash@example.org"], subject, text: "t" },
  });

const send = async (grantId: string, key: TestKey, subject: string, idempotencyKey: string = randomUUID()) => {
  const answer = await post(grantId, key, subject, idempotencyKey);
  expect(answer.status).toBe(202);
  return (answer.body as { id: string }).id;
};

describe("sending across a worker crash", () => {
  it("a send cut off by kill -9 after Graph took it is never repeated, and the mailbox keeps sending", async () => {
    const invitee = await freshFabrikamInvitee("send-crash");
    const grantId = await consentFully({ invitationId: invitee.invitationId }, invitee.upn);
    const key = await createTestKey(["mail:send"], "send crash");
    const subjects = { cut: `cut off ${randomUUID()}`, next: `next ${randomUUID()}` };
    const received = async (subject: string) =>
      (await emulator.sentMail({ from: invitee.upn })).filter((mail) => mail.subject === subject).length;

    // Graph records the mail at once and holds its 202 long past the kill.
    await emulator.setFaults({ rules: [{ pathPrefix: "/v1.0/me/sendMail", holdAnswerMs: 120_000 }] });
    const first = startWorkerProcess();
    const cutKey = randomUUID();
    const cutId = await send(grantId, key, subjects.cut, cutKey);
    await waitFor(async () => (await received(subjects.cut)) === 1, {
      what: "Graph to have the message",
      timeoutMs: 60_000,
    });
    await killWorkerProcess(first);
    expect(await prisma.outgoingMessage.findUniqueOrThrow({ where: { id: cutId } })).toMatchObject({
      status: "Sending",
    });
    // The product, having lost its connection too, repeats the request with the same Idempotency-Key:
    // the same message answers again, nothing new is queued.
    const replayed = await post(grantId, key, subjects.cut, cutKey);
    expect(replayed.status).toBe(202);
    expect(replayed.body).toMatchObject({ id: cutId });
    expect(replayed.headers.get("idempotent-replayed")).toBe("true");
    expect(await prisma.outgoingMessage.count({ where: { grantId } })).toBe(1);

    await emulator.resetFaults();
    // Queued behind the cut-off one, in the same mailbox's queue.
    const nextId = await send(grantId, key, subjects.next);
    const restartedAt = Date.now();
    startWorkerProcess();
    await waitFor(
      async () => (await prisma.outgoingMessage.findUniqueOrThrow({ where: { id: nextId } })).status === "Sent",
      { what: "the next message sent by the new worker", timeoutMs: 90_000, intervalMs: 250 },
    );
    const waitedMs = Date.now() - restartedAt;
    console.info(`send-crash: the next message was sent ${waitedMs} ms after the new worker started`);

    expect(await prisma.outgoingMessage.findUniqueOrThrow({ where: { id: cutId } })).toMatchObject({
      status: "Failed",
      failureCode: "outcome_unknown",
    });
    expect(await received(subjects.cut)).toBe(1);
    expect(await received(subjects.next)).toBe(1);
    // And once more after the new worker settled it: still the one message, still the one mail.
    const late = await post(grantId, key, subjects.cut, cutKey);
    expect(late.status).toBe(202);
    expect(late.body).toMatchObject({ id: cutId, status: "Failed" });
    expect(late.headers.get("idempotent-replayed")).toBe("true");
    expect(await received(subjects.cut)).toBe(1);
    // Released by the sweep (lock grace + one interval + start-up), not by graphile-worker's 4 hours.
    expect(waitedMs).toBeLessThan((LOCK_GRACE_SECONDS + 30) * 1000 + 2 * SWEEP_INTERVAL_MS);
  }, 180_000);
});
