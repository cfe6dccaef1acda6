// 200 messages sent at once through the API to 5 users' mailboxes, delivered by two worker pools
// against the emulator's Graph (each sendMail held 100–200 ms, so sends overlap): the emulator never
// sees more than Outlook's 4 requests in flight on a mailbox nor a 429, and every message is Sent,
// once — counted at the emulator's mail record, none lost, none twice. 40 messages a mailbox is over
// Exchange's 30 a minute, so the last ones wait for the mailbox's budget (about a minute and a half).
import { randomUUID } from "node:crypto";
import type { Runner } from "graphile-worker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as sendRoute } from "@/app/api/v1/grants/[id]/messages/route";
import { EmulatorControl } from "@/emulator/control/client";
import { consentFully, freshFabrikamInvitee } from "@/lib/consent/flow.test-support";
import { prisma } from "@/lib/db/client";
import { startWorker } from "@/lib/jobs/runner";
import { waitFor } from "@/test/int-support";
import { callApi, createTestKey, type TestKey } from "../api.test-support";

const MAILBOXES = 5;
const MESSAGES = 200;
const OUTLOOK_CONCURRENCY = 4;

const emulator = EmulatorControl.fromEnv();
const runners: Runner[] = [];

beforeAll(async () => {
  // Two pools, 20 jobs at once between them: more than enough to break the limit if nothing kept it.
  runners.push(await startWorker({ schedule: [], pollInterval: 200, concurrency: 10 }));
  runners.push(await startWorker({ schedule: [], pollInterval: 200, concurrency: 10 }));
});
afterAll(async () => {
  await Promise.all(runners.splice(0).map((runner) => runner.stop()));
  await emulator.resetFaults();
});

interface Mailbox {
  grantId: string;
  upn: string;
  objectId: string;
  /** One key per mailbox: 40 requests at once stay inside a key's burst of 120. */
  key: TestKey;
}

async function mailbox(n: number): Promise<Mailbox> {
  const invitee = await freshFabrikamInvitee(`limits-${n}`);
  const grantId = await consentFully({ invitationId: invitee.invitationId }, invitee.upn);
  const { objectId } = await prisma.grant.findUniqueOrThrow({ where: { id: grantId }, select: { objectId: true } });
  return { grantId, upn: invitee.upn, objectId, key: await createTestKey(["mail:send"], `limits ${n}`) };
}

describe("sending within Outlook's limits per mailbox", () => {
  it(`${MESSAGES} parallel sends to ${MAILBOXES} mailboxes: never over ${OUTLOOK_CONCURRENCY} in flight, each sent once`, async () => {
    const mailboxes = await Promise.all(Array.from({ length: MAILBOXES }, (_, n) => mailbox(n)));
    const run = randomUUID().slice(0, 8);
    await emulator.setFaults({ rules: [{ pathPrefix: "/v1.0/me/sendMail", latency: { minMs: 100, maxMs: 200 } }] });
    await emulator.resetCounters();

    const answers = await Promise.all(
      Array.from({ length: MESSAGES }, (_, i) => {
        const target = mailboxes[i % MAILBOXES]!;
        return callApi(sendRoute, {
          method: "POST",
          path: `/grants/${target.grantId}/messages`,
          key: target.key.key,
          params: { id: target.grantId },
          headers: { "idempotency-key": `${run}-${i}` },
          body: { to: ["limits@example.org"], subject: `limits ${run} #${i}`, text: `message ${i}` },
        });
      }),
    );
    expect(answers.map((answer) => answer.status).filter((status) => status !== 202)).toEqual([]);
    const ids = answers.map((answer) => (answer.body as { id: string }).id);
    expect(new Set(ids).size).toBe(MESSAGES);

    await waitFor(
      async () =>
        (await prisma.outgoingMessage.count({ where: { id: { in: ids }, status: { in: ["Sent", "Failed"] } } })) ===
        MESSAGES,
      { what: "every message settled", timeoutMs: 240_000, intervalMs: 500 },
    );
    const settled = await prisma.outgoingMessage.groupBy({ by: ["status"], where: { id: { in: ids } }, _count: true });
    expect(settled).toEqual([{ status: "Sent", _count: MESSAGES }]);

    // At the emulator: each subject exactly once, from the mailbox it was sent as.
    for (const [n, target] of mailboxes.entries()) {
      const subjects = (await emulator.sentMail({ from: target.upn }))
        .map((mail) => mail.subject)
        .filter((subject) => subject.startsWith(`limits ${run} #`));
      const expected = Array.from({ length: MESSAGES / MAILBOXES }, (_, k) => `limits ${run} #${k * MAILBOXES + n}`);
      expect(subjects.sort()).toEqual(expected.sort());
    }

    const counters = await emulator.getCounters();
    const peaks = mailboxes.map((target) => counters.mailboxes[`oid:${target.objectId}`]?.peakInFlight ?? 0);
    // Sends did reach each mailbox (a peak of 0 would mean the gauge saw nothing) and never past 4.
    expect(Math.min(...peaks)).toBeGreaterThanOrEqual(1);
    expect(Math.max(...peaks)).toBeLessThanOrEqual(OUTLOOK_CONCURRENCY);
    // No 429 met: neither the 4 in flight nor the 30 a minute was ever hit.
    expect(counters.routes["POST /v1.0/me/sendMail"]).toMatchObject({ calls: MESSAGES, throttled: 0 });
  }, 300_000);
});
