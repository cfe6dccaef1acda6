// The Graph proxy's door over real HTTP against `next start`: path tricks sent byte for byte on the
// request line (fetch would fold `..` and re-encode escapes before they left), other hosts, other
// users and scopes the grant lacks are each answered with a 4xx problem, and not one of them reaches
// Microsoft Graph (the emulator's request log). A call carrying the caller's own Authorization is
// forwarded with the grant's token instead: Graph answers as the consented user.
import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { createGuestpassClient } from "../lib/shared/api-client/client";
import { storedKey } from "./support/api-keys";
import { rawHttpClient } from "./security/raw-http";
import { emulatorControl, stackEnv, withDatabase } from "./support/stack";
import { consentOnMicrosoft, newFabrikamPerson } from "./support/staff";

/** Each as it goes after /api/v1/grants/{id}/graph/ on the request line. */
const REFUSED = [
  // Dot segments, plain and encoded, single and double.
  "me/../users/admin@contoso.com",
  "me/./messages",
  "me/../../../invitations",
  "..%2Fusers%2Fadmin@contoso.com",
  "me/%2e%2e/invitations",
  "me/%2E%2E/%2e%2e/invitations",
  "me/%252e%252e/invitations",
  "me/.%2e/invitations",
  // Encoded slashes and backslashes.
  "me%2F..%2F..%2Finvitations",
  "me%2fmessages",
  "me%5c..%5cinvitations",
  "me\\..\\invitations",
  "me%255c..%255cinvitations",
  // Empty segments, NUL.
  "me//messages",
  "me/messages%00",
  // Absolute URLs and other hosts.
  "https://evil.example/v1.0/me",
  "https:%2F%2Fevil.example%2Fme",
  "//evil.example/v1.0/me",
  "http:/evil.example/me",
  // Other users and other resources.
  "users/admin@contoso.com",
  "users/admin@contoso.com/messages",
  "invitations",
  // Scopes the grant lacks: the demo consent has User.Read and Mail.Send, no Mail.Read or calendar.
  "me/messages",
  "me/mailFolders/inbox/messages",
  "me/events",
  "me/contacts",
];

test("the proxy refuses path tricks, other hosts and missing scopes before Graph, and sends the grant's token", async ({
  page,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const emulator = emulatorControl();
  const tag = randomUUID().slice(0, 8);
  const { id: keyId, key } = await storedKey(`proxy tricks ${tag}`, ["graph:proxy"]);
  const setup = await storedKey(`proxy tricks setup ${tag}`, ["invitations:write", "grants:read"]);
  const guestpass = createGuestpassClient({ baseUrl: baseURL!, apiKey: setup.key });
  const address = await newFabrikamPerson("proxy-tricks", "Pat Proxy");
  const connection = await guestpass.POST("/connections", {
    body: { email: address, displayName: "Pat Proxy", messageLanguage: "en" },
  });
  expect(connection.response.status, JSON.stringify(connection.error)).toBe(201);
  await page.goto(connection.data!.consentLink.url);
  await page.locator("#consent-start").click();
  await consentOnMicrosoft(page, address);
  await expect(page).toHaveURL(/\/consent\/done\/[0-9a-f-]{36}$/);
  const grants = await guestpass.GET("/grants", { params: { query: { email: address, status: "Active" } } });
  const grantId = grants.data!.data[0]!.id;

  const raw = rawHttpClient(baseURL!, 2);
  const auth = { authorization: `Bearer ${key}` };
  try {
    const before = Math.max(0, ...(await emulator.requests()).map((entry) => entry.id));
    const wrong: string[] = [];
    const proxyPrefix = `/api/v1/grants/${grantId}/graph/`;
    for (const trick of REFUSED) {
      let answer = await raw.send({ method: "GET", target: `${proxyPrefix}${trick}`, headers: auth });
      // Next itself answers a path with a backslash or an empty segment with a 308 to the collapsed
      // path, before any route runs: it must stay on this grant's proxy, where it is judged afresh.
      if (answer.status === 308) {
        const location = String(answer.headers.location);
        if (!location.startsWith(proxyPrefix)) wrong.push(`${trick}: 308 to ${location}`);
        answer = await raw.send({ method: "GET", target: location, headers: auth });
      }
      // A dot segment that climbs above the proxy lands on a path the API does not serve: a
      // problem+json 404 too (app/api/v1/[[...rest]]), never Next's HTML page.
      const isProblem = String(answer.headers["content-type"]).startsWith("application/problem+json");
      if (answer.status < 400 || answer.status >= 500 || !isProblem)
        wrong.push(`${trick}: ${answer.status} ${answer.headers["content-type"]} ${answer.body.slice(0, 120)}`);
    }
    // A POST only the write rules would allow, and a method the proxy never forwards.
    for (const [method, trick] of [
      ["POST", "me/messages"],
      ["POST", "me/..%2Fevents"],
      ["DELETE", "me"],
    ] as const) {
      const answer = await raw.send({
        method,
        target: `/api/v1/grants/${grantId}/graph/${trick}`,
        headers: { ...auth, "content-type": "application/json" },
        body: Buffer.from("{}"),
      });
      if (answer.status < 400 || answer.status >= 500) wrong.push(`${method} ${trick}: ${answer.status}`);
    }
    expect(wrong).toEqual([]);
    const reachedGraph = (await emulator.requests({ sinceId: before, area: "graph" })).map(
      (entry) => `${entry.method} ${entry.url}`,
    );
    expect(reachedGraph).toEqual([]);

    // Each refusal the proxy itself made is audited with the key, the guard's reason and the path
    // as it came on the request line; the key's secret is in none of them.
    const audited = await withDatabase(
      async (db) =>
        (
          await db.query<{ reason: string; graphPath: string; row: string }>(
            `SELECT detail->>'reason' AS reason, detail->>'graphPath' AS "graphPath", row_to_json(a)::text AS row
             FROM "AuditLogEntry" a WHERE action = 'api.refused' AND "actorId" = $1`,
            [keyId],
          )
        ).rows,
    );
    const reasonOf = (graphPath: string) => audited.find((entry) => entry.graphPath === graphPath)?.reason;
    expect({
      encodedSlash: reasonOf("me%2fmessages"),
      otherUser: reasonOf("users/admin@contoso.com"),
      missingScope: reasonOf("me/messages"),
      absoluteUrl: reasonOf("https:%2F%2Fevil.example%2Fme"),
    }).toEqual({
      encodedSlash: "proxy_path",
      otherUser: "proxy_not_allowed",
      missingScope: "proxy_scope",
      absoluteUrl: "proxy_path",
    });
    // (A dot segment that climbs out of the proxy is judged, and audited, as the path it lands on.)
    expect(audited.filter((entry) => !/^proxy_|^scope_missing$/.test(entry.reason))).toEqual([]);
    expect(audited.map((entry) => entry.row).join("\n")).not.toContain(key.slice(17));

    // The caller's Authorization (its API key) is not what Graph sees: Guestpass calls Graph with the
    // grant's token, so the emulator, which validates the bearer, answers as the user who consented.
    const asUser = await raw.send({
      method: "GET",
      target: `/api/v1/grants/${grantId}/graph/me?$select=userPrincipalName`,
      headers: auth,
    });
    expect(asUser.status, asUser.body).toBe(200);
    expect(JSON.parse(asUser.body)).toMatchObject({ userPrincipalName: address });
    expect(asUser.body).not.toContain(key);
    // Someone else's bearer is no key: refused at the door, and Graph is never called with it.
    const other = await raw.send({
      method: "GET",
      target: `/api/v1/grants/${grantId}/graph/me`,
      headers: { authorization: "Bearer other" },
    });
    expect(other.status).toBe(401);
    const graphCalls = await emulator.requests({ sinceId: before, area: "graph" });
    expect(graphCalls.map((entry) => [entry.method, entry.url.split("?")[0], entry.status])).toEqual([
      ["GET", "/v1.0/me", 200],
    ]);
    expect(graphCalls[0]!.appId).toBe(stackEnv().AZURE_CLIENT_ID);
  } finally {
    raw.close();
  }
});
