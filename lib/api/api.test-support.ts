// Shared by the REST API's integration tests: keys made the way an admin makes them (the staff
// action), and calls through the real route handlers with a Request as Next passes it. Test-only.
import { expect } from "vitest";
import { runStaffAction } from "@/lib/actions/staff-action";
import { prisma } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { adminSession } from "@/test/int-support";
import type { ApiScope } from "@/lib/shared/api-scopes";
import { createApiKeyAction } from "./keys/actions";

export interface TestKey {
  id: string;
  key: string;
  prefix: string;
}

export async function createTestKey(scopes: ApiScope[], name = "test key"): Promise<TestKey> {
  const form = new FormData();
  form.set("name", name);
  for (const scope of scopes) form.append("scopes", scope);
  form.set("lifetime", "30");
  const created = await runStaffAction(createApiKeyAction, await adminSession(), form);
  expect(created.ok, JSON.stringify(created)).toBe(true);
  if (!created.ok) throw new Error("key not created");
  return { id: created.data.id, key: created.data.key, prefix: created.data.prefix };
}

type RouteHandler = (
  request: Request,
  context: { params: Promise<Record<string, string | string[] | undefined>> },
) => Promise<Response>;

export interface ApiAnswer {
  status: number;
  headers: Headers;
  body: unknown;
  text: string;
}

/** Calls a route handler as Next would for `method path` under /api/v1, with `key` as the bearer. */
export async function callApi(
  handler: RouteHandler,
  request: {
    method?: string;
    path: string;
    key?: string | null;
    body?: unknown;
    params?: Record<string, string | string[]>;
    headers?: Record<string, string>;
  },
): Promise<ApiAnswer> {
  const headers: Record<string, string> = { ...request.headers };
  if (request.key) headers.authorization = `Bearer ${request.key}`;
  if (request.body !== undefined) headers["content-type"] = "application/json";
  const response = await handler(
    new Request(`${getEnv().APP_URL}/api/v1${request.path}`, {
      method: request.method ?? "GET",
      headers,
      body:
        request.body === undefined
          ? undefined
          : typeof request.body === "string"
            ? request.body
            : JSON.stringify(request.body),
    }),
    { params: Promise.resolve(request.params ?? {}) },
  );
  const text = await response.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = text;
  }
  return { status: response.status, headers: response.headers, body, text };
}

/** The key's refusals in the audit log, oldest first, are exactly these operations, each for lacking `scope`. */
export async function expectScopeRefusalsAudited(
  keyId: string,
  scope: ApiScope,
  operations: [method: string, operation: string][],
): Promise<void> {
  const audit = await prisma.auditLogEntry.findMany({
    where: { action: "api.refused", actorId: keyId },
    orderBy: { createdAt: "asc" },
  });
  expect(audit.map((entry) => [entry.actorType, entry.outcome, entry.targetId, entry.detail])).toEqual(
    operations.map(([method, operation]) => [
      "ApiKey",
      "Denied",
      keyId,
      expect.objectContaining({ reason: "scope_missing", scope, method, operation }),
    ]),
  );
}
