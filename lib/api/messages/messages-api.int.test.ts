// Sending mail as a user through the API, against the emulator's Graph and a real database with a
// real worker: 202 at once and the status by id; the same Idempotency-Key sends one mail; Outlook's
// limits per mailbox are kept (no 429 met: one send in flight, the 31st message of a minute waits
// for the budget); an attempt whose outcome is unknown is never sent again.
import { randomUUID } from "node:crypto";
import type { Runner } from "graphile-worker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as sendRoute } from "@/app/api/v1/grants/[id]/messages/route";
import { GET as grantMessagesRoute } from "@/app/api/v1/grants/[id]/messages/route";
import { GET as messageRoute } from "@/app/api/v1/messages/[id]/route";
import { EmulatorControl } from "@/emulator/control/client";
import { getApiGrant } from "@/lib/api/grants/queries";
import { consentFully, freshFabrikamInvitee } from "@/lib/consent/flow.test-support";
import { prisma } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { waitFor } from "@/test/int-support";
import { startWorker } from "@/lib/jobs/runner";
import { MAILBOX_SEND_RULE, sendOutgoingMessage } from "@/lib/mail/outgoing";
import { callApi, createTestKey, type TestKey } from "../api.test-support";

const emulator = EmulatorControl.fromEnv();
let runner: Runner;
let key: TestKey;

beforeAll(async () => {
  runner = await startWorker({ schedule: [], pollInterval: 200, concurrency: 5 });
  key = await createTestKey(["mail:send"], "sender");
});
afterAll(async () => {
  await runner.stop();
});

async function consentedGrant(
  prefix: string,
  before?: (userId: string) => Promise<unknown>,
): Promise<{ grantId: string; upn: string; userId: string }> {
  const invitee = await freshFabrikamInvitee(prefix);
  await before?.(invitee.userId);
  const grantId = await consentFully({ invitationId: invitee.invitationId }, invitee.upn);
  return { grantId, upn: invitee.upn, userId: invitee.userId };
}

const send = (grantId: string, body: unknown, idempotencyKey: string | null = randomUUID(), apiKey = key.key) =>
  callApi(sendRoute, {
    method: "POST",
    path: `/grants/${grantId}/messages`,
    key: apiKey,
    params: { id: grantId },
    body,
    headers: idempotencyKey ? { "idempotency-key": idempotencyKey } : {},
  });

interface MessageAnswer {
  id: string;
  status: string;
  failure: { code: string; title: string; meaning: string; fix: string[] } | null;
}

const statusOf = async (id: string) =>
  (await callApi(messageRoute, { path: `/messages/${id}`, key: key.key, params: { id } })).body as MessageAnswer;

/** Sends one message through the API and waits for the worker to fail it; returns it as GET /messages/{id} shows it. */
async function failedSend(grantId: string): Promise<MessageAnswer> {
  const accepted = await send(grantId, { to: ["someone@example.org"], subject: `fails ${randomUUID()}`, text: "t" });
  expect(accepted.status).toBe(202);
  const { id } = accepted.body as { id: string };
  await waitFor(async () => (await statusOf(id)).status === "Failed", { what: "the message failed" });
  return statusOf(id);
}

const wordsOf = (failure: MessageAnswer["failure"]) =>
  [failure?.title, failure?.meaning, ...(failure?.fix ?? [])].join(" ");

describe("POST /grants/{id}/messages", () => {
  it("answers 202 at once, the worker sends it once, and a repeat with the same Idempotency-Key sends nothing", async () => {
    const { grantId, upn } = await consentedGrant("api-send");
    const subject = `API send ${randomUUID()}`;
    const message = {
      to: ["someone@example.org"],
      bcc: ["audit@example.org"],
      replyTo: ["support@contoso.com"],
      subject,
      text: "Hello from the product",
      headers: { "x-product-ref": "order-42" },
      attachments: [
        { name: "note.txt", contentType: "text/plain", contentBase64: Buffer.from("attached").toString("base64") },
      ],
    };
    const idempotencyKey = randomUUID();
    const accepted = await send(grantId, message, idempotencyKey);
    expect(accepted.status).toBe(202);
    const { id } = accepted.body as { id: string };
    expect(accepted.body).toMatchObject({ id, grantId, status: expect.stringMatching(/Queued|Sending|Sent/) });
    expect(accepted.headers.get("location")).toBe(`/api/v1/messages/${id}`);

    const repeated = await send(grantId, message, idempotencyKey);
    expect(repeated).toMatchObject({ status: 202, body: { id } });
    expect(repeated.headers.get("idempotent-replayed")).toBe("true");
    expect(await send(grantId, { ...message, subject: "another" }, idempotencyKey)).toMatchObject({
      status: 422,
      body: { code: "api.idempotency_conflict" },
    });

    await waitFor(async () => (await statusOf(id)).status === "Sent", { what: "the message sent" });
    const sent = (await emulator.sentMail({ from: upn })).filter((mail) => mail.subject === subject);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      to: [{ address: "someone@example.org" }],
      bcc: [{ address: "audit@example.org" }],
      replyTo: [{ address: "support@contoso.com" }],
      internetMessageHeaders: [{ name: "x-product-ref", value: "order-42" }],
      attachments: [{ name: "note.txt", size: 8 }],
    });
    // Sent mail keeps no content in Guestpass.
    expect((await prisma.outgoingMessage.findUniqueOrThrow({ where: { id } })).payload).toBeNull();
    // Another key cannot read it.
    const other = await createTestKey(["mail:send"], "other");
    expect((await callApi(messageRoute, { path: `/messages/${id}`, key: other.key, params: { id } })).status).toBe(404);
  });

  it("refuses what Microsoft would refuse, naming the field, and a grant that cannot send", async () => {
    const { grantId } = await consentedGrant("api-refuse");
    expect(await send(grantId, { to: ["a@example.org"], subject: "s", text: "t" }, null)).toMatchObject({
      status: 400,
      body: { errors: [{ field: "header.Idempotency-Key" }] },
    });
    const fieldsOf = (answer: { body: unknown }) =>
      (answer.body as { errors: { field: string }[] }).errors.map((error) => error.field);
    const bad = await send(grantId, { to: ["not an address"], subject: "s", text: "t", headers: { Subject: "x" } });
    expect(bad.status).toBe(400);
    expect(fieldsOf(bad)).toEqual(expect.arrayContaining(["body.to.0", "body.headers.Subject"]));
    const tooBig = await send(grantId, {
      to: ["a@example.org"],
      subject: "s",
      attachments: [{ name: "big.bin", contentBase64: Buffer.alloc(3 * 1024 * 1024 + 1).toString("base64") }],
    });
    expect(fieldsOf(tooBig)).toEqual(expect.arrayContaining(["body.text", "body.attachments"]));
    await prisma.grant.update({
      where: { id: grantId },
      data: { status: "Suspended", suspendedAt: new Date(), nextRefreshAt: null },
    });
    expect(await send(grantId, { to: ["a@example.org"], subject: "s", text: "t" })).toMatchObject({
      status: 409,
      body: { code: "api.grant_unusable", detail: expect.stringMatching(/suspended/i) },
    });
    expect(await prisma.outgoingMessage.count({ where: { grantId } })).toBe(0);
  });

  it("keeps to Outlook's limits for a mailbox: no 429 met, messages past the mailbox's budget wait for it", async () => {
    const { grantId, upn } = await consentedGrant("api-burst");
    await emulator.resetCounters();
    const started = Date.now();
    const ids = await Promise.all(
      Array.from(
        { length: MAILBOX_SEND_RULE.capacity + 5 },
        async (_, i) =>
          (
            (await send(grantId, { to: ["burst@example.org"], subject: `burst ${i}`, text: "t" })).body as {
              id: string;
            }
          ).id,
      ),
    );
    expect(Date.now() - started).toBeLessThan(15_000); // accepted at once, not sent inline
    await waitFor(
      async () => (await prisma.outgoingMessage.count({ where: { id: { in: ids }, status: "Sent" } })) === ids.length,
      { what: "all sent", timeoutMs: 45_000 },
    ).catch(async (error: unknown) => {
      const rows = await prisma.outgoingMessage.groupBy({
        by: ["status", "failureCode"],
        where: { id: { in: ids } },
        _count: true,
      });
      const pending =
        await prisma.$queryRaw`SELECT task_identifier, run_at, attempts, last_error, locked_at FROM graphile_worker.jobs`;
      throw new Error(`${String(error)}: ${JSON.stringify(rows)} ${JSON.stringify(pending)}`);
    });
    const elapsed = Date.now() - started;
    // The bucket's burst at once, then one every 3 s: the last of 5 more cannot go before ~15 s.
    expect(elapsed).toBeGreaterThan((5 / MAILBOX_SEND_RULE.refillPerSecond - 2) * 1000);
    expect((await emulator.sentMail({ from: upn })).filter((mail) => mail.subject.startsWith("burst "))).toHaveLength(
      ids.length,
    );
    const counters = await emulator.getCounters();
    expect(counters.routes["POST /v1.0/me/sendMail"]?.throttled ?? 0).toBe(0);
  }, 90_000);

  it("a mailbox Graph cannot send from fails with the catalogue's advice for the configured authority", async () => {
    expect(getEnv().CONSENT_AUTHORITY).toBe("common");
    const { grantId, upn } = await consentedGrant("api-onprem", (userId) =>
      emulator.updateUser(userId, { mailbox: "onPremises" }),
    );
    const failed = await failedSend(grantId);
    expect(failed.failure).toMatchObject({
      code: "MailboxNotEnabledForRESTAPI",
      title: expect.stringMatching(/not in Exchange Online/),
    });
    // As the staff test mail says it: with common already set, the cause is the mailbox, not the authority.
    expect(wordsOf(failed.failure)).toMatch(/on-premises/);
    expect(wordsOf(failed.failure)).not.toMatch(/set CONSENT_AUTHORITY to common/i);
    // The grant's list of messages explains it the same way.
    const listed = await callApi(grantMessagesRoute, {
      path: `/grants/${grantId}/messages`,
      key: key.key,
      params: { id: grantId },
    });
    expect((listed.body as { data: MessageAnswer[] }).data.find((message) => message.id === failed.id)).toEqual(failed);
    expect(await emulator.sentMail({ from: upn })).toEqual([]);
  });

  it("a send after the user revoked their consent fails with the catalogue's explanation and the reconnect link", async () => {
    const { grantId, upn, userId } = await consentedGrant("api-revoked");
    await emulator.revokeUser(userId);
    await emulator.expireTokens({ kind: "access", userId });
    const failed = await failedSend(grantId);
    expect(failed.failure).toMatchObject({ code: "AADSTS50173", title: "The grant was revoked" });
    expect(failed.failure!.fix).toEqual(
      expect.arrayContaining([expect.stringContaining(`reconnectUrl in GET /api/v1/grants/${grantId}`)]),
    );
    // And the grant now says so, with the link the fix names.
    expect(await getApiGrant(grantId)).toMatchObject({
      status: "NeedsRenewal",
      reconnectUrl: expect.stringContaining("/consent/i/"),
    });
    expect(await emulator.sentMail({ from: upn })).toEqual([]);
  });

  it("never sends again a message whose earlier attempt may have reached Microsoft", async () => {
    const { grantId, upn } = await consentedGrant("api-unknown");
    const subject = `unknown ${randomUUID()}`;
    // As a worker killed during the Graph call leaves it: claimed, started, never finished.
    const row = await prisma.outgoingMessage.create({
      data: {
        grantId,
        apiKeyId: key.id,
        idempotencyKey: randomUUID(),
        requestHash: "x",
        status: "Sending",
        sendStartedAt: new Date(),
        attempts: 1,
        payload: { subject, body: { contentType: "Text", content: "t" }, toRecipients: ["a@example.org"] },
      },
    });
    await sendOutgoingMessage(row.id);
    expect(await statusOf(row.id)).toMatchObject({
      status: "Failed",
      failure: { code: "outcome_unknown", meaning: expect.stringMatching(/not sent again/) },
    });
    expect((await emulator.sentMail({ from: upn })).filter((mail) => mail.subject === subject)).toHaveLength(0);
  });
});
