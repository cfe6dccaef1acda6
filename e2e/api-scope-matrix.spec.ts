// The REST API's scope × operation matrix over real HTTP against `next start`: for every operation
// the OpenAPI document lists, a key holding only another scope is refused with 403 api.scope_missing
// and the refusal is audited with the key and the operation; the key holding the operation's own
// scope gets past the door. Revoked and expired keys are refused (401) on every operation, and the
// token issue is off by default even for a key with its scope. Every other method of each route is
// refused (405) before anything runs. No audit entry holds a key's secret or a token.
import { randomBytes, randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { storedKey, type StoredApiKey } from "./support/api-keys";
import { withDatabase } from "./support/stack";

interface Operation {
  method: string;
  path: string;
  scope: string;
}

async function operationsOf(baseURL: string): Promise<Operation[]> {
  const document = (await (await fetch(new URL("/api/v1/openapi.json", baseURL))).json()) as {
    paths: Record<string, Record<string, { "x-guestpass-scope"?: string }>>;
  };
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([, operation]) => typeof operation?.["x-guestpass-scope"] === "string")
      .map(([method, operation]) => ({ method: method.toUpperCase(), path, scope: operation["x-guestpass-scope"]! })),
  );
}

/** One call of the operation with `key`: ids are fresh (nothing exists), the body is an empty object. */
async function call(baseURL: string, operation: Operation, key: string): Promise<{ status: number; code?: string }> {
  const path = operation.path.replace(/\{path\}/g, "me").replace(/\{\w+\}/g, () => randomUUID());
  const withBody = operation.method !== "GET" && operation.method !== "DELETE";
  const response = await fetch(new URL(`/api/v1${path}`, baseURL), {
    method: operation.method,
    headers: {
      authorization: `Bearer ${key}`,
      "idempotency-key": randomUUID(),
      ...(withBody ? { "content-type": "application/json" } : {}),
    },
    body: withBody ? "{}" : undefined,
  });
  const text = await response.text();
  let code: string | undefined;
  try {
    code = (JSON.parse(text) as { code?: string }).code;
  } catch {
    code = undefined;
  }
  return { status: response.status, code };
}

test("every operation refuses a key without its scope (audited) and lets its own scope through", async ({
  baseURL,
}) => {
  test.setTimeout(120_000);
  const operations = await operationsOf(baseURL!);
  expect(operations.length).toBeGreaterThanOrEqual(9);
  const scopes = [...new Set(operations.map((operation) => operation.scope))].sort();
  const tag = randomBytes(3).toString("hex");
  const keys = new Map<string, StoredApiKey>();
  for (const scope of scopes) keys.set(scope, await storedKey(`matrix ${tag} ${scope}`, [scope]));

  const wrong: string[] = [];
  for (const operation of operations) {
    for (const [scope, key] of keys) {
      const answer = await call(baseURL!, operation, key.key);
      const what = `${operation.method} ${operation.path} with ${scope}`;
      if (scope !== operation.scope) {
        if (answer.status !== 403 || answer.code !== "api.scope_missing")
          wrong.push(`${what}: ${answer.status} ${answer.code}`);
      } else if (operation.scope === "tokens:issue") {
        // Off unless the operator turned it on: its own scope is not enough.
        if (answer.status !== 403 || answer.code !== "api.scope_disabled")
          wrong.push(`${what}: ${answer.status} ${answer.code}`);
      } else if ([401, 403, 429].includes(answer.status)) wrong.push(`${what}: ${answer.status} ${answer.code}`);
    }
  }
  expect(wrong).toEqual([]);

  // Each refusal is in the audit log with the key, the operation and the scope it lacked.
  const refusals = await withDatabase(
    async (db) =>
      (
        await db.query<{ actorId: string; operation: string; method: string; scope: string; reason: string }>(
          `SELECT "actorId", detail->>'operation' AS operation, detail->>'method' AS method, detail->>'scope' AS scope, detail->>'reason' AS reason
           FROM "AuditLogEntry" WHERE action = 'api.refused' AND "actorType" = 'ApiKey' AND "actorId" = ANY($1::text[])`,
          [[...keys.values()].map((key) => key.id)],
        )
      ).rows,
  );
  const rows = await withDatabase(
    async (db) =>
      (
        await db.query<{ row: string }>(
          `SELECT row_to_json(a)::text AS row FROM "AuditLogEntry" a WHERE "actorId" = ANY($1::text[])`,
          [[...keys.values()].map((key) => key.id)],
        )
      ).rows,
  );
  const stored = rows.map((entry) => entry.row).join("\n");
  for (const key of keys.values()) expect(stored).not.toContain(key.key.slice(17));
  expect(stored).not.toMatch(/eyJ[\w-]+\.[\w-]+\./);
  for (const operation of operations) {
    for (const [scope, key] of keys) {
      if (scope === operation.scope) continue;
      const audited = refusals.filter(
        (entry) => entry.actorId === key.id && entry.operation === operation.path && entry.method === operation.method,
      );
      expect(audited, `${operation.method} ${operation.path} refused for ${scope}`).toEqual([
        expect.objectContaining({ reason: "scope_missing", scope: operation.scope }),
      ]);
    }
  }
});

test("revoked and expired keys are refused on every operation, whatever their scopes", async ({ baseURL }) => {
  const operations = await operationsOf(baseURL!);
  const scopes = [...new Set(operations.map((operation) => operation.scope))];
  const revoked = await storedKey("matrix revoked", scopes, { revoked: true });
  const expired = await storedKey("matrix expired", scopes, { expired: true });
  for (const operation of operations) {
    expect(await call(baseURL!, operation, revoked.key), `${operation.method} ${operation.path}`).toEqual({
      status: 401,
      code: "api.key_revoked",
    });
    expect(await call(baseURL!, operation, expired.key), `${operation.method} ${operation.path}`).toEqual({
      status: 401,
      code: "api.key_expired",
    });
  }
});

test("every method a route does not serve is refused (405) for every key, and runs nothing", async ({ baseURL }) => {
  const operations = await operationsOf(baseURL!);
  const scopes = [...new Set(operations.map((operation) => operation.scope))];
  const key = await storedKey(`matrix methods ${randomBytes(3).toString("hex")}`, scopes);
  const served = new Set(operations.map((operation) => `${operation.method} ${operation.path}`));
  const wrong: string[] = [];
  let probed = 0;
  for (const path of new Set(operations.map((operation) => operation.path))) {
    for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE"]) {
      if (served.has(`${method} ${path}`)) continue;
      probed += 1;
      const answer = await call(baseURL!, { method, path, scope: "" }, key.key);
      if (answer.status !== 405) wrong.push(`${method} ${path}: ${answer.status} ${answer.code}`);
    }
  }
  expect(wrong).toEqual([]);
  expect(probed).toBeGreaterThanOrEqual(40);
  // Nothing ran: the key was never even looked at.
  const touched = await withDatabase(
    async (db) =>
      (await db.query<{ n: string }>(`SELECT count(*) AS n FROM "AuditLogEntry" WHERE "actorId" = $1`, [key.id]))
        .rows[0]!.n,
  );
  expect(Number(touched)).toBe(0);
});
