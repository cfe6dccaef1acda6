// POST /api/v1/invitations/{id}/resend and /consent-links through their route handlers, against a
// real database, the worker and the emulator: a resend re-posts to Graph once per 10 minutes (429 and
// Retry-After inside that), a consent link replaces the earlier ones, and both keep the portal's
// rules on which invitations they apply to. Every call audited with the key, no link in the audit.
import { randomUUID } from "node:crypto";
import type { Runner } from "graphile-worker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as createRoute } from "@/app/api/v1/invitations/route";
import { POST as resendRoute } from "@/app/api/v1/invitations/[id]/resend/route";
import { POST as linkRoute } from "@/app/api/v1/invitations/[id]/consent-links/route";
import { POST as connectRoute } from "@/app/api/v1/connections/route";
import { EmulatorControl } from "@/emulator/control/client";
import { sha256Hex } from "@/lib/consent/secrets";
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
  key = await createTestKey(["invitations:write"], "resend and links");
});
afterAll(async () => {
  await worker.stop();
});

const post = (handler: typeof resendRoute, action: "resend" | "consent-links", id: string, apiKey: string = key.key) =>
  callApi(handler, { method: "POST", path: `/invitations/${id}/${action}`, key: apiKey, params: { id }, body: {} });
const resend = (id: string, apiKey?: string) => post(resendRoute, "resend", id, apiKey);
const newLink = (id: string, apiKey?: string) => post(linkRoute, "consent-links", id, apiKey);

/** An invitation created through the API and sent by the worker. */
async function sentInvitation(prefix: string): Promise<{ id: string; email: string }> {
  const email = uniqueEmail(prefix);
  const created = await callApi(createRoute, { method: "POST", path: "/invitations", key: key.key, body: { email } });
  expect(created.status, created.text).toBe(201);
  const id = (created.body as { id: string }).id;
  await waitFor(
    async () => (await prisma.invitation.findUniqueOrThrow({ where: { id } })).status === "PendingAcceptance",
    { what: "the invitation sent", timeoutMs: 60_000 },
  );
  return { id, email };
}

const postsFor = async (email: string) =>
  (await emulator.listInvitations()).filter((invitation) => invitation.invitedUserEmailAddress === email).length;

const auditOf = (action: string, targetId: string) =>
  prisma.auditLogEntry.findMany({ where: { action, targetId, actorId: key.id }, orderBy: { createdAt: "asc" } });

describe("invitations API: resend", () => {
  it("re-posts the invitation to Graph, then refuses another within 10 minutes with Retry-After", async () => {
    const { id, email } = await sentInvitation("api-resend");
    expect(await postsFor(email)).toBe(1);

    const resent = await resend(id);
    expect(resent.status, resent.text).toBe(200);
    const body = resent.body as { invitation: { id: string; status: string }; nextResendAt: string };
    expect(body.invitation).toMatchObject({ id, status: "PendingAcceptance" });
    const waitMs = Date.parse(body.nextResendAt) - Date.now();
    expect(waitMs).toBeGreaterThan(9 * 60_000);
    expect(waitMs).toBeLessThanOrEqual(10 * 60_000);
    expect(await postsFor(email)).toBe(2);
    expect(resent.text).not.toContain("redeem");

    const again = await resend(id);
    expect(again).toMatchObject({ status: 429, body: { code: "api.resend_too_soon" } });
    const retryAfter = Number(again.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(9 * 60);
    expect(retryAfter).toBeLessThanOrEqual(10 * 60);
    expect(await postsFor(email)).toBe(2);

    const events = await prisma.invitationEvent.findMany({
      where: { invitationId: id },
      orderBy: { createdAt: "asc" },
    });
    expect(events.map((event) => event.type)).toContain("resent");
    expect((await auditOf("invitation.resend", id)).map((entry) => [entry.actorType, entry.outcome])).toEqual([
      ["ApiKey", "Success"],
      ["ApiKey", "Failed"],
    ]);
  });

  it("refuses what the portal refuses: unknown, still being sent, revoked, connected by link alone", async () => {
    expect(await resend(randomUUID())).toMatchObject({ status: 404, body: { code: "api.not_found" } });

    const queued = await prisma.invitation.create({
      data: { email: uniqueEmail("api-resend-queued"), status: "Queued" },
      select: { id: true },
    });
    const stillSending = await resend(queued.id);
    expect(stillSending).toMatchObject({ status: 409, body: { code: "api.conflict" } });
    expect((stillSending.body as { detail: string }).detail).toMatch(/still being sent/);

    const revoked = await prisma.invitation.create({
      data: { email: uniqueEmail("api-resend-revoked"), status: "Revoked", graphUserId: randomUUID() },
      select: { id: true },
    });
    expect(await resend(revoked.id)).toMatchObject({ status: 409, body: { code: "api.conflict" } });

    const connected = await callApi(connectRoute, {
      method: "POST",
      path: "/connections",
      key: key.key,
      body: { email: uniqueEmail("api-resend-link") },
    });
    expect(connected.status, connected.text).toBe(201);
    const connectionId = (connected.body as { invitation: { id: string } }).invitation.id;
    const linkOnly = await resend(connectionId);
    expect(linkOnly).toMatchObject({ status: 409, body: { code: "api.conflict" } });
    expect((linkOnly.body as { detail: string }).detail).toMatch(/consent link/);
  });
});

describe("invitations API: consent links", () => {
  it("makes a working link, shown once, and a second one replaces it", async () => {
    const { id } = await sentInvitation("api-link");
    const first = await newLink(id);
    expect(first.status, first.text).toBe(201);
    const link = first.body as { url: string; expiresAt: string };
    const prefix = `${getEnv().APP_URL}/consent/`;
    expect(link.url.startsWith(prefix)).toBe(true);
    const token = link.url.slice(prefix.length);
    expect(Date.parse(link.expiresAt)).toBeGreaterThan(Date.now() + 6 * 86_400_000);

    const stored = await prisma.consentRequest.findUniqueOrThrow({ where: { tokenHash: sha256Hex(token) } });
    expect(stored).toMatchObject({ invitationId: id, spentAt: null, revokedAt: null });
    expect(JSON.stringify(stored)).not.toContain(token);

    const second = await newLink(id);
    expect(second.status, second.text).toBe(201);
    expect((second.body as { url: string }).url).not.toBe(link.url);
    expect(await prisma.consentRequest.findUniqueOrThrow({ where: { id: stored.id } })).toMatchObject({
      revokedReason: "replaced",
    });

    const audit = await auditOf("consent.link_issue", id);
    expect(audit.map((entry) => [entry.actorType, entry.outcome])).toEqual([
      ["ApiKey", "Success"],
      ["ApiKey", "Success"],
    ]);
    expect(JSON.stringify(audit)).not.toContain(token);
  });

  it("refuses an unknown invitation and one not sent yet, failed or revoked", async () => {
    expect(await newLink(randomUUID())).toMatchObject({ status: 404, body: { code: "api.not_found" } });
    for (const status of ["Queued", "Sending", "Failed", "Revoked"] as const) {
      const row = await prisma.invitation.create({
        data: { email: uniqueEmail(`api-link-${status.toLowerCase()}`), status },
        select: { id: true },
      });
      const refused = await newLink(row.id);
      expect(refused, status).toMatchObject({ status: 409, body: { code: "api.conflict" } });
      expect(await prisma.consentRequest.count({ where: { invitationId: row.id } })).toBe(0);
    }
  });

  it("refuses both to a key without invitations:write, audited", async () => {
    const reader = await createTestKey(["invitations:read"], "reader");
    const { id } = await sentInvitation("api-link-scope");
    expect(await resend(id, reader.key)).toMatchObject({ status: 403, body: { code: "api.scope_missing" } });
    expect(await newLink(id, reader.key)).toMatchObject({ status: 403, body: { code: "api.scope_missing" } });
    await expectScopeRefusalsAudited(reader.id, "invitations:write", [
      ["POST", "/invitations/{id}/resend"],
      ["POST", "/invitations/{id}/consent-links"],
    ]);
    expect(await prisma.consentRequest.count({ where: { invitationId: id } })).toBe(0);
  });
});
