// The hooks on a real socket: a bare Fastify app with stand-in routes, so the layer is tested
// apart from the Graph handlers (those are covered with the Graph client in emulator/graph).
import Fastify, { type FastifyInstance } from "fastify";
import { SignJWT } from "jose";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { FaultLayer } from "./layer";
import { faultsPlugin } from "./plugin";

let app: FastifyInstance;
let base: string;
const layer = new FaultLayer();

async function token(claims: Record<string, unknown>): Promise<string> {
  // The layer only reads claims to key its limits; signature checks belong to the Graph routes.
  return new SignJWT(claims).setProtectedHeader({ alg: "HS256" }).sign(new TextEncoder().encode("k".repeat(32)));
}

beforeAll(async () => {
  app = Fastify();
  await app.register(faultsPlugin, { layer, graphPrefix: "/graph" });
  app.get("/graph/v1.0/users", async () => ({ value: [] }));
  app.post("/graph/v1.0/invitations", async (_request, reply) => reply.code(201).send({ id: "i" }));
  app.post("/graph/v1.0/me/sendMail", async (_request, reply) => reply.code(202).send());
  app.post("/common/oauth2/v2.0/token", async () => ({ access_token: "x" }));
  app.get("/control/health", async () => ({ ok: true }));
  base = await app.listen({ host: "127.0.0.1", port: 0 });
});

afterAll(async () => {
  await app.close();
});

beforeEach(() => layer.reset());

describe("faultsPlugin", () => {
  it("answers over-limit invitations with 429, Retry-After and Graph's error body", async () => {
    layer.setLimits({ invitationsPerTenant: { requests: 2, windowSeconds: 5 } });
    const authorization = `Bearer ${await token({ tid: "t1", appid: "a1", roles: ["User.Invite.All"] })}`;
    const post = () =>
      fetch(`${base}/graph/v1.0/invitations`, {
        method: "POST",
        headers: { authorization, "client-request-id": "c-1" },
      });
    expect((await post()).status).toBe(201);
    expect((await post()).status).toBe(201);
    const refused = await post();
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(refused.headers.get("client-request-id")).toBe("c-1");
    const body = (await refused.json()) as { error: { code: string; innerError: Record<string, string> } };
    expect(body.error.code).toBe("TooManyRequests");
    expect(body.error.innerError["request-id"]).toBe(refused.headers.get("request-id"));
    expect(body.error.innerError["client-request-id"]).toBe("c-1");
    expect(body.error.innerError.date).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
    expect(layer.readCounters().routes["POST /v1.0/invitations"]).toMatchObject({ calls: 3, throttled: 1 });
  });

  it("holds a mailbox slot for the whole call: a fifth concurrent sendMail gets ApplicationThrottled", async () => {
    layer.setFaults({ rules: [{ pathPrefix: "/v1.0/me/sendMail", latency: { minMs: 300, maxMs: 300 } }] });
    const authorization = `Bearer ${await token({ tid: "t1", appid: "a1", oid: "user-1", scp: "Mail.Send" })}`;
    const statuses = await Promise.all(
      Array.from({ length: 5 }, () =>
        fetch(`${base}/graph/v1.0/me/sendMail`, { method: "POST", headers: { authorization } }).then(
          (response) => response.status,
        ),
      ),
    );
    expect(statuses.sort()).toEqual([202, 202, 202, 202, 429]);
    // all slots are free again once the calls are done
    const again = await Promise.all(
      Array.from({ length: 4 }, () =>
        fetch(`${base}/graph/v1.0/me/sendMail`, { method: "POST", headers: { authorization } }).then(
          (response) => response.status,
        ),
      ),
    );
    expect(again).toEqual([202, 202, 202, 202]);
  });

  it("injects latency, 503 with Retry-After, and connection resets", async () => {
    layer.setFaults({
      rules: [
        {
          pathPrefix: "/v1.0/users",
          serverErrorRate: 1,
          serverErrorStatus: 503,
          serverErrorRetryAfterSeconds: 2,
          remaining: 1,
        },
        { pathPrefix: "/v1.0/users", connectionResetRate: 1, remaining: 1 },
        { pathPrefix: "/v1.0/users", latency: { minMs: 150, maxMs: 200 } },
      ],
    });
    const failed = await fetch(`${base}/graph/v1.0/users`);
    expect(failed.status).toBe(503);
    expect(failed.headers.get("retry-after")).toBe("2");
    expect(((await failed.json()) as { error: { code: string } }).error.code).toBe("serviceNotAvailable");
    await expect(fetch(`${base}/graph/v1.0/users`)).rejects.toThrow();
    const started = performance.now();
    const slow = await fetch(`${base}/graph/v1.0/users`);
    expect(slow.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(145);
    expect(layer.readCounters().routes["GET /v1.0/users"]).toMatchObject({
      calls: 3,
      serverErrors: 1,
      connectionResets: 1,
    });
  });

  it("leaves identity calls alone unless told, and never touches other paths", async () => {
    layer.setFaults({ rules: [{ serverErrorRate: 1, serverErrorStatus: 500 }] });
    expect((await fetch(`${base}/common/oauth2/v2.0/token`, { method: "POST" })).status).toBe(200);
    expect((await fetch(`${base}/control/health`)).status).toBe(200);
    layer.setFaults({ includeIdentity: true, rules: [{ serverErrorRate: 1, serverErrorStatus: 503 }] });
    const identity = await fetch(`${base}/common/oauth2/v2.0/token`, { method: "POST" });
    expect(identity.status).toBe(503);
    expect(((await identity.json()) as { error: string }).error).toBe("temporarily_unavailable");
    expect((await fetch(`${base}/control/health`)).status).toBe(200);
  });
});
