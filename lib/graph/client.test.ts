import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { batchGetUsers } from "./batch";
import { createGraphClient, type GraphClient } from "./client";
import { AmbiguousWriteError, GraphRequestError } from "./errors";
import { createInvitation } from "./invitations";
import { findUserByEmail, listGuests } from "./users";

// A scripted stand-in for Graph on a real local socket, so timeouts, resets and refused
// connections are the real thing; the client under test runs unchanged.
type Handler = (req: IncomingMessage & { body: string }, res: ServerResponse) => void;
let server: Server;
let baseUrl: string;
let script: Handler[] = [];
let seen: { method: string; url: string; body: string; clientRequestId?: string; authorization?: string }[] = [];
let sleeps: number[] = [];

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { "content-type": "application/json", "request-id": `req-${seen.length}`, ...headers });
  res.end(JSON.stringify(body));
};
const graphError = (code: string, message: string) => ({
  error: { code, message, innerError: { "request-id": "inner-req", date: "2026-11-24T14:00:00" } },
});

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      seen.push({
        method: req.method ?? "",
        url: req.url ?? "",
        body,
        clientRequestId: req.headers["client-request-id"] as string | undefined,
        authorization: req.headers.authorization,
      });
      const handler = script.shift() ?? ((_q, r) => json(r, 500, graphError("NoScript", "no scripted answer")));
      handler(Object.assign(req, { body }), res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  script = [];
  seen = [];
  sleeps = [];
});

const client = (overrides: Partial<Parameters<typeof createGraphClient>[0]> = {}): GraphClient =>
  createGraphClient({
    baseUrl,
    getAccessToken: async () => "test-token",
    sleep: async (ms) => void sleeps.push(ms),
    random: () => 0.5,
    ...overrides,
  });

describe("createGraphClient", () => {
  it("retries a GET on 5xx and a dropped connection, with one client-request-id", async () => {
    script = [
      (_q, r) => json(r, 503, graphError("serviceNotAvailable", "try later")),
      (_q, r) => r.socket?.destroy(),
      (_q, r) => json(r, 200, { id: "u1" }),
    ];
    expect(await client().get("/users/u1")).toEqual({ id: "u1" });
    expect(seen).toHaveLength(3);
    expect(new Set(seen.map((s) => s.clientRequestId)).size).toBe(1);
    expect(sleeps).toHaveLength(2);
  });

  it("honours Retry-After on a 429 for an invitation POST, then succeeds", async () => {
    script = [
      (_q, r) => json(r, 429, graphError("TooManyRequests", "slow down"), { "retry-after": "3" }),
      (_q, r) => json(r, 201, { id: "inv1", inviteRedeemUrl: "https://redeem", status: "PendingAcceptance" }),
    ];
    const invitation = await createInvitation(client(), {
      invitedUserEmailAddress: "ada@contoso.com",
      inviteRedirectUrl: "https://app/consent/1",
    });
    expect(invitation.id).toBe("inv1");
    expect(seen.map((s) => s.method)).toEqual(["POST", "POST"]);
    expect(sleeps[0]).toBeGreaterThanOrEqual(3000);
    expect(JSON.parse(seen[0]?.body ?? "{}")).toMatchObject({ invitedUserEmailAddress: "ada@contoso.com" });
  });

  it("does not re-post an invitation after a 5xx: AmbiguousWriteError", async () => {
    script = [(_q, r) => json(r, 500, graphError("UnknownError", "boom"))];
    const error = await createInvitation(client(), {
      invitedUserEmailAddress: "a@contoso.com",
      inviteRedirectUrl: "https://x",
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AmbiguousWriteError);
    expect((error as AmbiguousWriteError).response?.status).toBe(500);
    expect((error as AmbiguousWriteError).explained.transient).toBe(true);
    expect(seen).toHaveLength(1);
  });

  it("does not re-post after a connection reset or a timeout", async () => {
    script = [(_q, r) => r.socket?.destroy()];
    await expect(
      createInvitation(client(), { invitedUserEmailAddress: "a@contoso.com", inviteRedirectUrl: "https://x" }),
    ).rejects.toBeInstanceOf(AmbiguousWriteError);
    script = [() => undefined]; // never answers
    await expect(
      createInvitation(client({ timeoutMs: 200 }), {
        invitedUserEmailAddress: "a@contoso.com",
        inviteRedirectUrl: "https://x",
      }),
    ).rejects.toBeInstanceOf(AmbiguousWriteError);
    expect(seen).toHaveLength(2);
  });

  it("retries a write whose connection was refused (it never left), then reports a NetworkError", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const error = await createInvitation(client({ baseUrl: `http://127.0.0.1:${port}`, retry: { maxAttempts: 3 } }), {
      invitedUserEmailAddress: "a@contoso.com",
      inviteRedirectUrl: "https://x",
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphRequestError);
    expect((error as GraphRequestError).code).toBe("NetworkError");
    expect(sleeps).toHaveLength(2);
  });

  it("turns Graph errors into GraphRequestError explained by the catalogue, without retrying", async () => {
    script = [
      (_q, r) =>
        json(r, 403, graphError("Authorization_RequestDenied", "Insufficient privileges to complete the operation.")),
    ];
    const error = (await client()
      .get("/users")
      .catch((e: unknown) => e)) as GraphRequestError;
    expect(error).toBeInstanceOf(GraphRequestError);
    expect(error).toMatchObject({ status: 403, code: "Authorization_RequestDenied", method: "GET", path: "/users" });
    expect(error.requestId).toBe("req-1");
    expect(error.explained.catalogueKey).toBe("Authorization_RequestDenied");
    expect(seen).toHaveLength(1);
  });

  it("retries once with a fresh token after a 401, even for a POST", async () => {
    script = [
      (_q, r) =>
        json(r, 401, graphError("InvalidAuthenticationToken", "Access token has expired or is not yet valid.")),
      (_q, r) => json(r, 201, { id: "inv2", status: "PendingAcceptance" }),
    ];
    const asked: (boolean | undefined)[] = [];
    const graph = client({ getAccessToken: async (o) => (asked.push(o?.forceRefresh), `token-${asked.length}`) });
    await createInvitation(graph, { invitedUserEmailAddress: "a@contoso.com", inviteRedirectUrl: "https://x" });
    expect(asked).toEqual([undefined, true]);
    expect(seen.map((s) => s.authorization)).toEqual(["Bearer token-1", "Bearer token-2"]);
    script = [0, 1].map(
      () => (_q: IncomingMessage, r: ServerResponse) =>
        json(r, 401, graphError("InvalidAuthenticationToken", "expired")),
    );
    const error = (await graph.get("/users").catch((e: unknown) => e)) as GraphRequestError;
    expect(error.status).toBe(401);
    expect(seen).toHaveLength(4);
  });

  it("does not send a refused token a second time when the source cannot renew it", async () => {
    script = [
      (_q, r) =>
        json(r, 401, graphError("InvalidAuthenticationToken", "Access token has expired or is not yet valid.")),
    ];
    const graph = client({ getAccessToken: async () => "fixed-delegated-token" });
    const error = (await graph
      .request("POST", "/me/sendMail", { body: {}, idempotent: false })
      .catch((e: unknown) => e)) as GraphRequestError;
    expect(error).toMatchObject({ status: 401, code: "InvalidAuthenticationToken" });
    expect(seen).toHaveLength(1);
  });

  it("gives up at once when Retry-After is longer than it will wait, keeping the delay for the caller", async () => {
    script = [(_q, r) => json(r, 429, graphError("TooManyRequests", "later"), { "retry-after": "3600" })];
    const error = (await client()
      .get("/users")
      .catch((e: unknown) => e)) as GraphRequestError;
    expect(error.retryAfterSeconds).toBe(3600);
    expect(sleeps).toHaveLength(0);
  });

  it("pages through guests, pinning nextLinks to the configured origin", async () => {
    script = [
      (q, r) =>
        json(r, 200, {
          value: [{ id: "g1" }, { id: "g2" }],
          "@odata.nextLink": `https://graph.elsewhere.example/v1.0/users?$skiptoken=abc&from=${encodeURIComponent(q.url ?? "")}`,
        }),
      (_q, r) => json(r, 200, { value: [{ id: "g3" }] }),
    ];
    const pages: string[][] = [];
    for await (const page of listGuests(client(), { pageSize: 2, select: ["id"] })) pages.push(page.map((u) => u.id));
    expect(pages).toEqual([["g1", "g2"], ["g3"]]);
    const first = new URL(seen[0]?.url ?? "", baseUrl);
    expect(first.searchParams.get("$filter")).toBe("userType eq 'Guest'");
    expect(first.searchParams.get("$top")).toBe("2");
    expect(seen[1]?.url).toMatch(/^\/v1\.0\/users\?\$skiptoken=abc/);
  });

  it("finds a user by address with one escaped $filter request", async () => {
    script = [
      (_q, r) =>
        json(r, 200, {
          value: [
            { id: "m", userPrincipalName: "o'neil@contoso.com" },
            { id: "g", mail: "O'Neil@contoso.com" },
          ],
        }),
    ];
    const user = await findUserByEmail(client(), "o'neil@contoso.com");
    expect(user?.id).toBe("g");
    const filter = new URL(seen[0]?.url ?? "", baseUrl).searchParams.get("$filter");
    expect(filter).toBe(
      "mail eq 'o''neil@contoso.com' or otherMails/any(m:m eq 'o''neil@contoso.com') or userPrincipalName eq 'o''neil@contoso.com'",
    );
  });

  it("falls back to simple filters when Graph refuses the combined one", async () => {
    script = [
      (_q, r) => json(r, 400, graphError("Request_UnsupportedQuery", "Unsupported query.")),
      (_q, r) => json(r, 200, { value: [] }),
      (_q, r) => json(r, 200, { value: [{ id: "g", otherMails: ["ada@contoso.com"] }] }),
      (_q, r) => json(r, 200, { value: [] }),
    ];
    expect((await findUserByEmail(client(), "ada@contoso.com"))?.id).toBe("g");
    expect(seen.map((s) => new URL(s.url, baseUrl).searchParams.get("$filter"))).toEqual([
      "mail eq 'ada@contoso.com' or otherMails/any(m:m eq 'ada@contoso.com') or userPrincipalName eq 'ada@contoso.com'",
      "mail eq 'ada@contoso.com'",
      "otherMails/any(m:m eq 'ada@contoso.com')",
      "userPrincipalName eq 'ada@contoso.com'",
    ]);
  });

  it("reads users 20 per $batch, retrying throttled items and mapping 404 to null", async () => {
    const ids = Array.from({ length: 25 }, (_, i) => `u${i}`);
    const answer =
      (throttleFirst: boolean): Handler =>
      (q, r) => {
        const { requests } = JSON.parse(q.body) as { requests: { id: string; url: string }[] };
        json(r, 200, {
          responses: requests.map((item, i) => {
            const id = decodeURIComponent(item.url.split("/")[2]?.split("?")[0] ?? "");
            if (throttleFirst && i === 0)
              return {
                id: item.id,
                status: 429,
                headers: { "Retry-After": "2" },
                body: graphError("TooManyRequests", "x"),
              };
            if (id === "u7") return { id: item.id, status: 404, body: graphError("Request_ResourceNotFound", "gone") };
            return { id: item.id, status: 200, body: { id, externalUserState: "Accepted" } };
          }),
        });
      };
    script = [answer(true), answer(false), answer(false)];
    const users = await batchGetUsers(client(), ids);
    expect(users.size).toBe(25);
    expect(users.get("u7")).toBeNull();
    expect(users.get("u0")?.externalUserState).toBe("Accepted");
    expect(seen.map((s) => s.url)).toEqual(["/v1.0/$batch", "/v1.0/$batch", "/v1.0/$batch"]);
    expect(JSON.parse(seen[0]?.body ?? "{}").requests).toHaveLength(20);
    expect(JSON.parse(seen[1]?.body ?? "{}").requests).toHaveLength(1);
    expect(sleeps[0]).toBeGreaterThanOrEqual(2000);
  });
});
