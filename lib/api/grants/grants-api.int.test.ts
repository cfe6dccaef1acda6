// The grants endpoints through their route handlers, against a real database and the emulator:
// list with filters and cursor pages, get one with its explained status, erase one (audited with
// the key); and the key checks every operation shares: missing, unknown, revoked, expired, wrong
// scope, rate limit — each an RFC 9457 problem, the refusals of a real key audited.
import { randomBytes, randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { GET as listRoute } from "@/app/api/v1/grants/route";
import { DELETE as deleteRoute, GET as getRoute } from "@/app/api/v1/grants/[id]/route";
import { consentFully, freshFabrikamInvitee } from "@/lib/consent/flow.test-support";
import { prisma } from "@/lib/db/client";
import { callApi, createTestKey } from "../api.test-support";
import { API_KEY_RULE } from "../rate-limit";

async function erasedGrant(tenantId: string, username: string): Promise<string> {
  const grant = await prisma.grant.create({
    data: {
      homeAccountId: `${randomUUID()}.${tenantId}`,
      homeTenantId: tenantId,
      objectId: randomUUID(),
      username,
      scopes: ["Mail.Send"],
      status: "Erased",
      erasedAt: new Date(),
      erasedReason: "api_request",
    },
  });
  return grant.id;
}

describe("grants API", () => {
  it("lists by account, status and tenant in cursor pages, newest first", async () => {
    const { key } = await createTestKey(["grants:read"]);
    const tenantId = randomUUID();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++)
      ids.push(await erasedGrant(tenantId, `page-${i}-${randomBytes(3).toString("hex")}@tailspin.com`));

    const pages: string[][] = [];
    let cursor: string | null = null;
    do {
      const answer = await callApi(listRoute, {
        path: `/grants?tenantId=${tenantId}&limit=2${cursor ? `&cursor=${cursor}` : ""}`,
        key,
      });
      expect(answer.status).toBe(200);
      const body = answer.body as {
        data: { id: string; tenantId: string; status: string }[];
        nextCursor: string | null;
      };
      expect(body.data.every((grant) => grant.tenantId === tenantId && grant.status === "Erased")).toBe(true);
      pages.push(body.data.map((grant) => grant.id));
      cursor = body.nextCursor;
    } while (cursor);
    expect(pages.map((page) => page.length)).toEqual([2, 2, 1]);
    expect(pages.flat()).toEqual([...ids].reverse());

    const username = (await prisma.grant.findUniqueOrThrow({ where: { id: ids[2]! } })).username;
    const byEmail = await callApi(listRoute, {
      path: `/grants?email=${encodeURIComponent(username.toUpperCase())}`,
      key,
    });
    expect((byEmail.body as { data: { id: string }[] }).data.map((grant) => grant.id)).toEqual([ids[2]]);
    const active = await callApi(listRoute, { path: `/grants?tenantId=${tenantId}&status=Active`, key });
    expect(active.body).toMatchObject({ data: [], nextCursor: null });
  });

  it("names the field of a bad query in a problem document", async () => {
    const { key } = await createTestKey(["grants:read"]);
    const answer = await callApi(listRoute, { path: "/grants?status=Happy&limit=500", key });
    expect(answer.status).toBe(400);
    expect(answer.headers.get("content-type")).toBe("application/problem+json");
    expect(answer.body).toMatchObject({
      status: 400,
      code: "api.invalid_request",
      title: expect.any(String),
      fix: expect.arrayContaining([expect.any(String)]),
      errors: expect.arrayContaining([
        { field: "query.status", message: expect.stringContaining("Active") },
        { field: "query.limit", message: "Must be at most 100." },
      ]),
      instance: expect.stringMatching(/^urn:uuid:/),
    });
  });

  it("reads one grant with its reconnect link, and erases its tokens once, audited with the key", async () => {
    const invitee = await freshFabrikamInvitee("api-grant");
    const grantId = await consentFully({ invitationId: invitee.invitationId }, invitee.upn);
    const reader = await createTestKey(["grants:read"]);
    const eraser = await createTestKey(["grants:delete"], "eraser");

    const read = await callApi(getRoute, { path: `/grants/${grantId}`, key: reader.key, params: { id: grantId } });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({
      id: grantId,
      invitationId: invitee.invitationId,
      account: { username: invitee.upn },
      status: "Active",
      statusReason: null,
      reconnectUrl: null,
    });
    expect(read.text).not.toMatch(/eyJ|refresh_token|secret/i);

    const refused = await callApi(deleteRoute, {
      method: "DELETE",
      path: `/grants/${grantId}`,
      key: reader.key,
      params: { id: grantId },
    });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: "api.scope_missing", detail: expect.stringContaining("grants:delete") });

    const erased = await callApi(deleteRoute, {
      method: "DELETE",
      path: `/grants/${grantId}`,
      key: eraser.key,
      params: { id: grantId },
    });
    expect(erased).toMatchObject({ status: 200, body: { id: grantId, status: "Erased" } });
    const row = await prisma.grant.findUniqueOrThrow({ where: { id: grantId } });
    expect(row).toMatchObject({ status: "Erased", tokenCacheCipher: null });
    const again = await callApi(deleteRoute, {
      method: "DELETE",
      path: `/grants/${grantId}`,
      key: eraser.key,
      params: { id: grantId },
    });
    expect(again).toMatchObject({ status: 409, body: { code: "api.conflict" } });

    const after = await callApi(getRoute, { path: `/grants/${grantId}`, key: reader.key, params: { id: grantId } });
    expect(after.body).toMatchObject({
      status: "Erased",
      statusReason: { code: "grant_Erased" },
      reconnectUrl: expect.stringContaining(`/consent/i/${invitee.invitationId}`),
    });

    const audit = await prisma.auditLogEntry.findMany({
      where: { targetId: { in: [grantId, reader.id] }, action: { in: ["api.refused", "grant.erase"] } },
      orderBy: { createdAt: "asc" },
    });
    expect(audit.map((entry) => [entry.action, entry.actorType, entry.actorId, entry.outcome])).toEqual([
      ["api.refused", "ApiKey", reader.id, "Denied"],
      ["grant.erase", "ApiKey", eraser.id, "Success"],
    ]);
    expect(audit[0]!.detail).toMatchObject({
      reason: "scope_missing",
      scope: "grants:delete",
      operation: "/grants/{id}",
      method: "DELETE",
    });
    const unknown = randomUUID();
    expect(
      await callApi(getRoute, { path: `/grants/${unknown}`, key: reader.key, params: { id: unknown } }),
    ).toMatchObject({ status: 404, body: { code: "api.not_found" } });
  });
});

describe("API keys at the door", () => {
  it("refuse a missing, malformed, unknown, revoked or expired key, auditing those of a real key", async () => {
    const missing = await callApi(listRoute, { path: "/grants", key: null });
    expect(missing).toMatchObject({ status: 401, body: { code: "api.unauthenticated" } });
    expect(missing.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect(await callApi(listRoute, { path: "/grants", key: "not-a-key" })).toMatchObject({
      status: 401,
      body: { code: "api.unauthenticated" },
    });

    const real = await createTestKey(["grants:read"]);
    const wrongSecret = `${real.prefix}_${randomBytes(32).toString("base64url")}`;
    expect(await callApi(listRoute, { path: "/grants", key: wrongSecret })).toMatchObject({
      status: 401,
      body: { code: "api.unauthenticated" },
    });

    await prisma.apiKey.update({ where: { id: real.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await callApi(listRoute, { path: "/grants", key: real.key })).toMatchObject({
      status: 401,
      body: { code: "api.key_expired" },
    });
    await prisma.apiKey.update({ where: { id: real.id }, data: { expiresAt: null, revokedAt: new Date() } });
    const revoked = await callApi(listRoute, { path: "/grants", key: real.key });
    expect(revoked).toMatchObject({
      status: 401,
      body: { code: "api.key_revoked", title: "This API key was revoked" },
    });
    for (const answer of [missing, revoked]) expect(answer.text).not.toContain(real.key);

    const audit = await prisma.auditLogEntry.findMany({
      where: { action: "api.refused", actorId: real.id },
      orderBy: { createdAt: "asc" },
    });
    expect(audit.map((entry) => (entry.detail as { reason: string }).reason)).toEqual([
      "wrong_secret",
      "expired",
      "revoked",
    ]);
    expect(JSON.stringify(audit)).not.toContain(real.key.slice(real.prefix.length + 1));
  });

  it("record the last use and keep to the key's request budget: 429 with Retry-After and RateLimit headers, audited once", async () => {
    const { id, key, prefix } = await createTestKey(["grants:read"]);
    const first = await callApi(listRoute, { path: "/grants?limit=1", key });
    expect(first.status).toBe(200);
    expect(first.headers.get("ratelimit-policy")).toMatch(/q=120/);
    expect(first.headers.get("ratelimit")).toMatch(/r=\d+/);
    expect((await prisma.apiKey.findUniqueOrThrow({ where: { id } })).lastUsedAt).not.toBeNull();

    const started = Date.now();
    const answers = await Promise.all(
      Array.from({ length: API_KEY_RULE.capacity * 2 }, () => callApi(listRoute, { path: "/grants?limit=1", key })),
    );
    const seconds = (Date.now() - started) / 1000;
    const limited = answers.filter((answer) => answer.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    // The burst, plus what the bucket refilled while the calls ran (the first call above took one token).
    expect(answers.filter((answer) => answer.status === 200).length).toBeLessThanOrEqual(
      API_KEY_RULE.capacity + Math.ceil(seconds * API_KEY_RULE.refillPerSecond),
    );
    expect(limited[0]!.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(limited[0]!.body).toMatchObject({ code: "api.rate_limited", retryAfterSeconds: expect.any(Number) });
    // Only the first refusal of the minute is audited: a flood does not fill the audit log.
    const audited = await prisma.auditLogEntry.findMany({ where: { action: "api.refused", actorId: id } });
    expect(audited.map((entry) => [entry.outcome, entry.detail])).toEqual([
      [
        "Denied",
        expect.objectContaining({
          reason: "rate_limited",
          method: "GET",
          operation: "/grants",
          retryAfterSeconds: expect.stringMatching(/^\d+$/),
        }),
      ],
    ]);
    expect(JSON.stringify(audited)).not.toContain(key.slice(prefix.length + 1));
    // Another key has its own budget.
    const other = await createTestKey(["grants:read"]);
    expect((await callApi(listRoute, { path: "/grants?limit=1", key: other.key })).status).toBe(200);
  });
});
