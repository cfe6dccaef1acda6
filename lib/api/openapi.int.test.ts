// The OpenAPI document against the route handlers: every method exported under app/api/v1 is an
// operation of the document and every operation has its handler; each operation documents its
// scope, its problems and its schemas, and the document route serves exactly what is generated.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import * as catchAll from "@/app/api/v1/[[...rest]]/route";
import { GET as openApiRoute } from "@/app/api/v1/openapi.json/route";
import { buildOpenApiDocument } from "./openapi";
import { WEBHOOK_EVENT_TYPES } from "@/lib/shared/webhook-events";
import { API_OPERATIONS } from "./operations";

const API_DIR = path.resolve(import.meta.dirname, "../../app/api/v1");
/** The catch-all's methods: each answers a problem+json 404 for a path no operation serves. */
const CATCH_ALL = ["GET", "POST", "PUT", "PATCH", "DELETE"].map((method) => `${method} /{rest}`);
/** Routes of the API that are not operations of it: the document itself and the catch-all 404. */
const NOT_OPERATIONS = new Set(["GET /openapi.json", ...CATCH_ALL]);

function routeFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? routeFiles(full) : entry.name === "route.ts" ? [full] : [];
  });
}

/** "grants/[id]/graph/[...path]" → "/grants/{id}/graph/{path}"; "[[...rest]]" → "/{rest}". */
const openApiPathOf = (file: string) =>
  `/${path.relative(API_DIR, path.dirname(file))}`.replace(/\/$/, "").replace(/\[\[?(?:\.\.\.)?(\w+)\]\]?/g, "{$1}") ||
  "/";

function handledRoutes(): string[] {
  return routeFiles(API_DIR).flatMap((file) => {
    const source = fs.readFileSync(file, "utf8");
    const methods = [
      ...source.matchAll(/export\s+(?:const|async function|function)\s+(GET|POST|PUT|PATCH|DELETE)\b/g),
    ].map((match) => match[1]!);
    return methods.map((method) => `${method} ${openApiPathOf(file)}`);
  });
}

describe("a path no operation serves", () => {
  it("is a problem+json 404 whatever the method, not Next's HTML page", async () => {
    for (const [method, handler] of Object.entries(catchAll)) {
      const answer = await handler();
      expect(answer.status, method).toBe(404);
      expect(answer.headers.get("content-type"), method).toBe("application/problem+json");
      expect(await answer.json(), method).toMatchObject({ status: 404, code: "api.no_such_operation" });
    }
    expect(Object.keys(catchAll).sort()).toEqual(["DELETE", "GET", "PATCH", "POST", "PUT"]);
  });
});

describe("OpenAPI document", () => {
  it("lists exactly the operations the route handlers under app/api/v1 serve", () => {
    const document = buildOpenApiDocument();
    const documented = Object.entries(document.paths ?? {}).flatMap(([route, item]) =>
      Object.keys(item ?? {})
        .filter((key) => ["get", "post", "put", "patch", "delete"].includes(key))
        .map((method) => `${method.toUpperCase()} ${route}`),
    );
    const routes = handledRoutes();
    // The catch-all is there with every method, and is no operation of the document.
    expect(routes).toEqual(expect.arrayContaining(CATCH_ALL));
    const handled = routes.filter((route) => !NOT_OPERATIONS.has(route));
    expect(handled.length).toBeGreaterThan(0);
    expect([...documented].sort()).toEqual([...handled].sort());
    expect(API_OPERATIONS.map((operation) => `${operation.method} ${operation.path}`).sort()).toEqual(
      [...handled].sort(),
    );
  });

  it("is OpenAPI 3.1 with a scope, problems and schemas on every operation", async () => {
    const document = buildOpenApiDocument();
    expect(document.openapi).toBe("3.1.0");
    expect(document.components?.securitySchemes?.apiKey).toMatchObject({ type: "http", scheme: "bearer" });
    for (const [route, item] of Object.entries(document.paths ?? {})) {
      for (const [method, operation] of Object.entries(item ?? {}) as [string, Record<string, unknown>][]) {
        const what = `${method} ${route}`;
        expect(operation.operationId, what).toEqual(expect.any(String));
        expect(operation["x-guestpass-scope"], what).toEqual(expect.any(String));
        const responses = operation.responses as Record<string, { content?: Record<string, unknown> }>;
        expect(Object.keys(responses), what).toEqual(expect.arrayContaining(["400", "401", "403", "429"]));
        expect(responses["401"]!.content?.["application/problem+json"], what).toBeDefined();
        const params = (operation.parameters ?? []) as { name: string; in: string }[];
        for (const name of route.match(/\{(\w+)\}/g) ?? [])
          expect(
            params.some((p) => p.in === "path" && `{${p.name}}` === name),
            `${what} ${name}`,
          ).toBe(true);
      }
    }
    expect(Object.keys(document.components?.schemas ?? {})).toEqual(
      expect.arrayContaining(["Grant", "GrantList", "Problem"]),
    );
    // Every event type is a webhook of the document, its body the envelope around the API's schema.
    const webhooks = (document as { webhooks?: Record<string, { post?: { requestBody?: unknown } }> }).webhooks ?? {};
    expect(Object.keys(webhooks).sort()).toEqual([...WEBHOOK_EVENT_TYPES, "webhook.test"].sort());
    expect(JSON.stringify(webhooks["grant.erased"]?.post?.requestBody)).toContain("#/components/schemas/Grant");
    expect(JSON.stringify(webhooks["message.failed"]?.post?.requestBody)).toContain("#/components/schemas/Message");
    const served = await openApiRoute();
    expect(served.status).toBe(200);
    expect(await served.json()).toEqual(JSON.parse(JSON.stringify(document)));
  });
});
