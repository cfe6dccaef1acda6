// Settings → API keys against a real database: a created key is returned once and stored only as a
// hash; support cannot create or revoke; tokens:issue is refused unless the operator enabled it;
// create and revoke are audited with the key's prefix, never the key.
import { afterEach, describe, expect, it } from "vitest";
import { runStaffAction } from "@/lib/actions/staff-action";
import { prisma } from "@/lib/db/client";
import { resetEnvForTests } from "@/lib/env";
import { adminSession, supportSession } from "@/test/int-support";
import { createApiKeyAction, revokeApiKeyAction } from "./actions";
import { listApiKeys } from "./queries";
import { hashApiKey } from "./secret";

function keyForm(fields: { name: string; scopes: string[]; lifetime?: string }): FormData {
  const form = new FormData();
  form.set("name", fields.name);
  for (const scope of fields.scopes) form.append("scopes", scope);
  form.set("lifetime", fields.lifetime ?? "90");
  return form;
}

afterEach(() => {
  delete process.env.API_TOKEN_ISSUE_ENABLED;
  resetEnvForTests();
});

describe("API keys", () => {
  it("are shown once, stored as a hash, listed by prefix, revoked and audited without the key", async () => {
    const admin = await adminSession();
    const created = await runStaffAction(
      createApiKeyAction,
      admin,
      keyForm({ name: "CRM", scopes: ["grants:read", "mail:send"], lifetime: "30" }),
    );
    expect(created.ok).toBe(true);
    if (!created.ok) return;
    const { id, key, prefix } = created.data;
    expect(key.startsWith(`${prefix}_`)).toBe(true);

    const row = await prisma.apiKey.findUniqueOrThrow({ where: { id } });
    expect(row.secretHash).toBe(hashApiKey(key));
    expect(JSON.stringify(row)).not.toContain(key.slice(prefix.length + 1));
    expect(row).toMatchObject({
      name: "CRM",
      prefix,
      scopes: ["grants:read", "mail:send"],
      createdById: admin.userId,
      revokedAt: null,
    });
    expect(row.expiresAt!.getTime() - Date.now()).toBeGreaterThan(29 * 24 * 3600_000);

    const listed = (await listApiKeys()).find((summary) => summary.id === id);
    expect(listed).toMatchObject({ prefix, createdBy: admin.email, lastUsedAt: null });
    expect(JSON.stringify(listed)).not.toContain(key.slice(prefix.length + 1));

    expect(await runStaffAction(revokeApiKeyAction, await supportSession(), id)).toMatchObject({
      ok: false,
      code: "forbidden",
    });
    expect(await runStaffAction(revokeApiKeyAction, admin, id)).toMatchObject({ ok: true, data: { id, name: "CRM" } });
    expect(await runStaffAction(revokeApiKeyAction, admin, id)).toMatchObject({ ok: false, code: "conflict" });
    expect((await prisma.apiKey.findUniqueOrThrow({ where: { id } })).revokedById).toBe(admin.userId);

    const audit = await prisma.auditLogEntry.findMany({
      where: { targetType: "api_key", targetId: id },
      orderBy: { createdAt: "asc" },
    });
    expect(audit.map((entry) => [entry.action, entry.outcome])).toEqual([
      ["api_key.create", "Success"],
      ["api_key.revoke", "Success"],
      ["api_key.revoke", "Failed"],
    ]);
    expect(audit[0]!.detail).toMatchObject({ name: "CRM", prefix, scopes: ["grants:read", "mail:send"] });
    expect(JSON.stringify(audit)).not.toContain(key.slice(prefix.length + 1));
  });

  it("need a name and a scope, and are for administrators only", async () => {
    expect(
      await runStaffAction(createApiKeyAction, await adminSession(), keyForm({ name: " ", scopes: [] })),
    ).toMatchObject({
      ok: false,
      code: "invalid",
      fieldErrors: { name: [expect.any(String)], scopes: [expect.any(String)] },
    });
    expect(
      await runStaffAction(createApiKeyAction, await adminSession(), keyForm({ name: "x", scopes: ["mail:delete"] })),
    ).toMatchObject({
      ok: false,
      fieldErrors: { scopes: [expect.any(String)] },
    });
    const support = await supportSession();
    expect(
      await runStaffAction(createApiKeyAction, support, keyForm({ name: "x", scopes: ["grants:read"] })),
    ).toMatchObject({ ok: false, code: "forbidden" });
    expect(
      await prisma.auditLogEntry.count({
        where: { actorId: support.userId, action: "api_key.create", outcome: "Denied" },
      }),
    ).toBe(1);
  });

  it("cannot hand out tokens unless the operator enabled it", async () => {
    const admin = await adminSession();
    const refused = await runStaffAction(
      createApiKeyAction,
      admin,
      keyForm({ name: "tokens", scopes: ["tokens:issue"] }),
    );
    expect(refused).toMatchObject({
      ok: false,
      fieldErrors: { scopes: [expect.stringMatching(/API_TOKEN_ISSUE_ENABLED/)] },
    });
    process.env.API_TOKEN_ISSUE_ENABLED = "true";
    resetEnvForTests();
    expect(
      await runStaffAction(createApiKeyAction, admin, keyForm({ name: "tokens", scopes: ["tokens:issue"] })),
    ).toMatchObject({ ok: true });
  });
});
