// Sending mail as a user while Graph's /me/sendMail misbehaves (the emulator's fault rules), with a
// real worker: a connection reset and a 5xx leave the outcome unknown, so the message ends Failed
// (outcome_unknown) and is never sent again; a 429 is waited out for its Retry-After and the message
// goes exactly once. Each time the product's repeat with the same Idempotency-Key answers the same
// message and queues nothing more.
import { randomUUID } from "node:crypto";
import type { Runner } from "graphile-worker";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { POST as sendRoute } from "@/app/api/v1/grants/[id]/messages/route";
import { GET as messageRoute } from "@/app/api/v1/messages/[id]/route";
import { EmulatorControl } from "@/emulator/control/client";
import type { FaultRule } from "@/emulator/faults/settings";
import { callApi, createTestKey, type TestKey } from "@/lib/api/api.test-support";
import { consentFully, freshFabrikamInvitee } from "@/lib/consent/flow.test-support";
import { prisma } from "@/lib/db/client";
import { startWorker } from "@/lib/jobs/runner";
import { waitFor } from "@/test/int-support";

const emulator = EmulatorControl.fromEnv();
const SEND_MAIL = "/v1.0/me/sendMail";
let runner: Runner;
let key: TestKey;

beforeAll(async () => {
  runner = await startWorker({ schedule: [], pollInterval: 200, concurrency: 2 });
  key = await createTestKey(["mail:send"], "send faults");
});
afterAll(async () => {
  await runner.stop();
});
afterEach(async () => {
  await emulator.resetFaults();
});

interface MessageAnswer {
  id: string;
  status: string;
  failure: { code: string; meaning: string; fix: string[] } | null;
}

/** Sends one message under `fault` (once) and waits for it to settle; repeats it with the same Idempotency-Key. */
async function sendUnder(prefix: string, fault: Omit<FaultRule, "pathPrefix" | "remaining">) {
  const invitee = await freshFabrikamInvitee(prefix);
  const grantId = await consentFully({ invitationId: invitee.invitationId }, invitee.upn);
  const subject = `${prefix} ${randomUUID()}`;
  const idempotencyKey = randomUUID();
  const post = () =>
    callApi(sendRoute, {
      method: "POST",
      path: `/grants/${grantId}/messages`,
      key: key.key,
      params: { id: grantId },
      headers: { "idempotency-key": idempotencyKey },
      body: { to: ["faults@example.org"], subject, text: "t" },
    });
  const logFrom = Math.max(0, ...(await emulator.requests({ area: "graph" })).map((entry) => entry.id));
  await emulator.resetCounters();
  await emulator.setFaults({ rules: [{ pathPrefix: SEND_MAIL, remaining: 1, ...fault }] });
  const accepted = await post();
  expect(accepted.status).toBe(202);
  const { id } = accepted.body as MessageAnswer;
  const read = async () =>
    (await callApi(messageRoute, { path: `/messages/${id}`, key: key.key, params: { id } })).body as MessageAnswer;
  await waitFor(async () => ["Sent", "Failed"].includes((await read()).status), {
    what: "the message settled",
    timeoutMs: 60_000,
  });
  const replayed = await post();
  expect(replayed.status).toBe(202);
  expect(replayed.body).toMatchObject({ id });
  expect(replayed.headers.get("idempotent-replayed")).toBe("true");
  expect(await prisma.outgoingMessage.count({ where: { grantId } })).toBe(1);
  const mails = (await emulator.sentMail({ from: invitee.upn })).filter((mail) => mail.subject === subject);
  const sendCalls = (await emulator.requests({ sinceId: logFrom, area: "graph" })).filter(
    (entry) => entry.method === "POST" && entry.url.startsWith(SEND_MAIL),
  );
  const counted = (await emulator.getCounters()).routes[`POST ${SEND_MAIL}`];
  return { message: await read(), mails, sendCalls, counted };
}

describe("sending under Graph faults on /me/sendMail", () => {
  it("a connection reset mid-send: outcome unknown, never sent again, at most one mail", async () => {
    const { message, mails, sendCalls, counted } = await sendUnder("send-reset", { connectionResetRate: 1 });
    expect(message).toMatchObject({ status: "Failed", failure: { code: "outcome_unknown" } });
    expect(message.failure!.meaning).toMatch(/not sent again/);
    expect(mails.length).toBeLessThanOrEqual(1);
    // The one try only (reset, so never answered): a POST whose answer was lost is not repeated.
    expect(counted).toMatchObject({ calls: 1, connectionResets: 1 });
    expect(sendCalls).toEqual([]);
  });

  it("a 5xx from Graph: outcome unknown, never sent again, at most one mail", async () => {
    const { message, mails, sendCalls } = await sendUnder("send-5xx", {
      serverErrorRate: 1,
      serverErrorStatus: 503,
      serverErrorRetryAfterSeconds: 1,
    });
    expect(message).toMatchObject({ status: "Failed", failure: { code: "outcome_unknown" } });
    expect(mails.length).toBeLessThanOrEqual(1);
    expect(sendCalls.map((entry) => entry.status)).toEqual([503]);
  });

  it("a 429 with Retry-After: the worker waits it out and sends exactly once", async () => {
    const retryAfterSeconds = 3;
    const { message, mails, sendCalls } = await sendUnder("send-429", {
      throttleRate: 1,
      throttleRetryAfterSeconds: retryAfterSeconds,
    });
    expect(message).toMatchObject({ status: "Sent", failure: null });
    expect(mails).toHaveLength(1);
    expect(sendCalls.map((entry) => entry.status)).toEqual([429, 202]);
    const [throttled, sent] = sendCalls;
    // Logged when answered: the second call was answered at least Retry-After after the 429.
    const waitedMs = Date.parse(sent!.time) - Date.parse(throttled!.time);
    console.info(`send-faults: waited ${waitedMs} ms after a 429 with Retry-After: ${retryAfterSeconds}`);
    expect(waitedMs).toBeGreaterThanOrEqual(retryAfterSeconds * 1000);
  });
});
