// POST /api/v1/invitations through its route handler, against a real database, the worker and the
// emulator: the invite form's validation and look-up, one invitation per Idempotency-Key (a replay
// answers the first invitation, another body with the same key is refused, requests racing with one
// key make one invitation and one Graph POST), and each refusal an RFC 9457 problem naming the field.
import { randomUUID } from "node:crypto";
import type { Runner } from "graphile-worker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as createRoute } from "@/app/api/v1/invitations/route";
import { EmulatorControl } from "@/emulator/control/client";
import { prisma } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { startWorker } from "@/lib/jobs/runner";
import { uniqueEmail, waitFor } from "@/test/int-support";
import { callApi, createTestKey, expectScopeRefusalsAudited, type TestKey } from "../api.test-support";

const emulator = EmulatorControl.fromEnv();
let worker: Runner;
let key: TestKey;

beforeAll(async () => {
  worker = await startWorker({ schedule: [], pollInterval: 100, concurrency: 4 });
  key = await createTestKey(["invitations:write", "invitations:read"], "create invitations");
});
afterAll(async () => {
  await worker.stop();
});

const create = (body: unknown, idempotencyKey: string | null = null, apiKey = key.key) =>
  callApi(createRoute, {
    method: "POST",
    path: "/invitations",
    key: apiKey,
    body,
    headers: idempotencyKey ? { "idempotency-key": idempotencyKey } : {},
  });

const postsFor = async (email: string) =>
  (await emulator.listInvitations()).filter((invitation) => invitation.invitedUserEmailAddress === email).length;

const sentStatus = (id: string) =>
  waitFor(
    async () => {
      const row = await prisma.invitation.findUniqueOrThrow({ where: { id } });
      return row.status === "PendingAcceptance" ? row : undefined;
    },
    { what: "the invitation sent", timeoutMs: 60_000 },
  );

describe("invitations API: creating", () => {
  it("queues the invitation, the worker sends it, and the call is audited with the key", async () => {
    const email = uniqueEmail("api-invite");
    const answer = await create({ email, displayName: "Grace Hopper", customMessage: "Welcome" });
    expect(answer.status, answer.text).toBe(201);
    const created = answer.body as { id: string; email: string; status: string };
    expect(created).toMatchObject({ email, status: "Queued" });
    expect(answer.headers.get("location")).toBe(`/api/v1/invitations/${created.id}`);
    expect(answer.headers.get("idempotent-replayed")).toBeNull();

    const sent = await sentStatus(created.id);
    expect(sent.graphUserId).toBeTruthy();
    const posted = (await emulator.listInvitations()).filter((i) => i.invitedUserEmailAddress === email);
    expect(posted).toHaveLength(1);
    expect(posted[0]).toMatchObject({
      inviteRedirectUrl: `${getEnv().APP_URL}/consent/i/${created.id}`,
      invitedUserDisplayName: "Grace Hopper",
    });
    expect(posted[0]?.invitedUserMessageInfo.customizedMessageBody).toBe("Welcome");

    const audit = await prisma.auditLogEntry.findMany({ where: { action: "invitation.create", actorId: key.id } });
    expect(audit.filter((entry) => entry.targetId === created.id)).toMatchObject([
      { actorType: "ApiKey", outcome: "Success", targetType: "invitation" },
    ]);
    expect(JSON.stringify(audit)).not.toContain(key.key);
  });

  it("answers a repeat with the same Idempotency-Key with the first invitation and refuses another body", async () => {
    const email = uniqueEmail("api-replay");
    const idempotencyKey = randomUUID();
    const first = await create({ email }, idempotencyKey);
    expect(first.status, first.text).toBe(201);
    const id = (first.body as { id: string }).id;
    await sentStatus(id);

    const repeated = await create({ email }, idempotencyKey);
    expect(repeated.status, repeated.text).toBe(201);
    expect(repeated.headers.get("idempotent-replayed")).toBe("true");
    expect(repeated.body).toMatchObject({ id, email, status: "PendingAcceptance" });

    const other = await create({ email: uniqueEmail("api-replay-other") }, idempotencyKey);
    expect(other).toMatchObject({
      status: 422,
      body: { code: "api.idempotency_conflict", errors: [{ field: "header.Idempotency-Key" }] },
    });
    expect(other.headers.get("content-type")).toMatch(/^application\/problem\+json/);

    // Another key may use the same Idempotency-Key for its own request: keys do not share them.
    const otherKey = await createTestKey(["invitations:write"], "another product");
    const theirs = await create({ email: uniqueEmail("api-replay-theirs") }, idempotencyKey, otherKey.key);
    expect(theirs.status, theirs.text).toBe(201);
    expect((theirs.body as { id: string }).id).not.toBe(id);

    expect(await prisma.invitation.count({ where: { email } })).toBe(1);
    expect(await postsFor(email)).toBe(1);
  });

  it("makes one invitation and one Graph POST for requests racing with one Idempotency-Key", async () => {
    const email = uniqueEmail("api-race");
    const idempotencyKey = randomUUID();
    const answers = await Promise.all(Array.from({ length: 8 }, () => create({ email }, idempotencyKey)));
    expect(answers.map((answer) => answer.status)).toEqual(answers.map(() => 201));
    const ids = new Set(answers.map((answer) => (answer.body as { id: string }).id));
    expect(ids.size).toBe(1);
    expect(answers.filter((answer) => answer.headers.get("idempotent-replayed") === "true")).toHaveLength(7);
    await sentStatus([...ids][0]!);
    expect(await prisma.invitation.count({ where: { email } })).toBe(1);
    expect(await postsFor(email)).toBe(1);
  });

  it("refuses, without sending anything, an address Guestpass has or the tenant's own user", async () => {
    const email = uniqueEmail("api-twice");
    const first = await create({ email });
    expect(first.status, first.text).toBe(201);
    const id = (first.body as { id: string }).id;
    // Without an Idempotency-Key a second request is a second invitation of the address: refused.
    const again = await create({ email: email.toUpperCase() });
    expect(again).toMatchObject({ status: 409, body: { code: "api.conflict" } });
    expect((again.body as { detail: string }).detail).toContain(id);

    const memberEmail = uniqueEmail("api-member");
    const user = await emulator.createUser({
      tenantId: getEnv().AZURE_TENANT_ID,
      userPrincipalName: memberEmail.replace("@fabrikam.com", "@contoso.com"),
      mail: memberEmail,
      displayName: "Existing Member",
    });
    const member = await create({ email: memberEmail }, randomUUID());
    expect(member).toMatchObject({ status: 409, body: { code: "api.conflict" } });
    expect((member.body as { detail: string }).detail).toContain(user.id);
    expect(await prisma.invitation.findUnique({ where: { email: memberEmail } })).toBeNull();
    expect(await postsFor(memberEmail)).toBe(0);
  });

  it("names the field of a bad request, and a bad Idempotency-Key, with nothing created", async () => {
    const emails = [uniqueEmail("api-bad"), uniqueEmail("api-bad"), uniqueEmail("api-bad")];
    expect(await create({ email: "not an address" })).toMatchObject({
      status: 400,
      body: { code: "api.invalid_request", errors: [{ field: "body.email" }] },
    });
    expect(await create({ email: emails[0], ccRecipients: ["a@x.org", "b@x.org"] })).toMatchObject({
      status: 400,
      body: { code: "api.invalid_request", errors: [{ field: "body.ccRecipients" }] },
    });
    expect(await create({ email: emails[1], userType: "Owner" })).toMatchObject({
      status: 400,
      body: { code: "api.invalid_request", errors: [{ field: "body.userType" }] },
    });
    expect(await create("{not json")).toMatchObject({ status: 400, body: { code: "api.invalid_request" } });
    expect(await create({ email: emails[2] }, "has spaces in it")).toMatchObject({
      status: 400,
      body: { code: "api.invalid_request", errors: [{ field: "header.Idempotency-Key" }] },
    });
    expect(await prisma.invitation.count({ where: { email: { in: emails } } })).toBe(0);
  });

  it("refuses a key without invitations:write, audited", async () => {
    const reader = await createTestKey(["invitations:read"], "reader");
    const email = uniqueEmail("api-no-scope");
    expect(await create({ email }, null, reader.key)).toMatchObject({
      status: 403,
      body: { code: "api.scope_missing" },
    });
    expect(await prisma.invitation.findUnique({ where: { email } })).toBeNull();
    await expectScopeRefusalsAudited(reader.id, "invitations:write", [["POST", "/invitations"]]);
  });
});
