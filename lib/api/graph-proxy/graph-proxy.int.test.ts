// The Graph proxy and token issue through their route handlers, against the emulator's Graph:
// the user's own profile and sendMail go through with their token; scopes the grant lacks, other
// users and path tricks are refused before Graph is called; Graph's 429 and Retry-After come back
// as Graph sent them; token issue is off by default and audited when on.
import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { GET as proxyGet, POST as proxyPost } from "@/app/api/v1/grants/[id]/graph/[...path]/route";
import { GET as tokenRoute } from "@/app/api/v1/grants/[id]/token/route";
import { EmulatorControl } from "@/emulator/control/client";
import { consentFully, freshFabrikamInvitee } from "@/lib/consent/flow.test-support";
import { prisma } from "@/lib/db/client";
import { resetEnvForTests } from "@/lib/env";
import { callApi, createTestKey } from "../api.test-support";
import { generateApiKeySecret } from "../keys/secret";

const emulator = EmulatorControl.fromEnv();

afterEach(async () => {
  delete process.env.API_TOKEN_ISSUE_ENABLED;
  resetEnvForTests();
  await emulator.resetFaults();
});

async function consented(prefix: string) {
  const invitee = await freshFabrikamInvitee(prefix);
  return { grantId: await consentFully({ invitationId: invitee.invitationId }, invitee.upn), upn: invitee.upn };
}

const proxied = (
  handler: typeof proxyGet,
  grantId: string,
  rawPath: string,
  key: string,
  init: { method?: string; body?: unknown } = {},
) =>
  callApi(handler, {
    ...init,
    path: `/grants/${grantId}/graph/${rawPath}`,
    key,
    params: {
      id: grantId,
      path: rawPath
        .split("?")[0]!
        .split("/")
        .map((segment) => decodeURIComponent(segment)),
    },
  });

describe("Graph proxy", () => {
  it("forwards the user's own calls with their token and refuses what the grant or the rules do not allow", async () => {
    const { grantId, upn } = await consented("proxy");
    const { id: keyId, key, prefix } = await createTestKey(["graph:proxy"]);

    const me = await proxied(proxyGet, grantId, "me?$select=userPrincipalName", key);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ userPrincipalName: upn });
    expect(me.text).not.toMatch(/eyJ/);

    const subject = `proxied ${randomUUID()}`;
    const sent = await proxied(proxyPost, grantId, "me/sendMail", key, {
      method: "POST",
      body: {
        message: {
          subject,
          body: { contentType: "Text", content: "hi" },
          toRecipients: [{ emailAddress: { address: "x@example.org" } }],
        },
      },
    });
    expect(sent.status).toBe(202);
    expect((await emulator.sentMail({ from: upn })).filter((mail) => mail.subject === subject)).toHaveLength(1);

    // The demo consent has no Mail.Read: reading mail is refused, as is anyone else's mailbox.
    expect(await proxied(proxyGet, grantId, "me/messages", key)).toMatchObject({
      status: 403,
      body: { detail: expect.stringContaining("Mail.Read") },
    });
    expect((await proxied(proxyGet, grantId, "users/admin@contoso.com", key)).status).toBe(403);
    for (const trick of [
      "me%2F..%2Finvitations",
      "me/%2e%2e/invitations",
      "https:%2F%2Fevil.example%2Fme",
      "me%5c..%5cinvitations",
    ]) {
      expect((await proxied(proxyGet, grantId, trick, key)).status, trick).toBe(403);
    }
    const noScope = await createTestKey(["grants:read"]);
    expect((await proxied(proxyGet, grantId, "me", noScope.key)).status).toBe(403);

    // Every refusal is audited with the key, why, and the path as sent; never the key or a token.
    const refusals = await prisma.auditLogEntry.findMany({
      where: { action: "api.refused", actorId: { in: [keyId, noScope.id] } },
      orderBy: { createdAt: "asc" },
    });
    expect(refusals.map((entry) => [entry.actorId, entry.outcome, entry.detail])).toEqual([
      [keyId, "Denied", expect.objectContaining({ reason: "proxy_scope", method: "GET", graphPath: "me/messages" })],
      [keyId, "Denied", expect.objectContaining({ reason: "proxy_not_allowed", graphPath: "users/admin@contoso.com" })],
      // (A Request folds %2e%2e as a dot segment, as Next does: that one's path is what was left.)
      ...["me%2F..%2Finvitations", expect.any(String), "https:%2F%2Fevil.example%2Fme", "me%5c..%5cinvitations"].map(
        (graphPath) => [
          keyId,
          "Denied",
          expect.objectContaining({ reason: "proxy_path", operation: "/grants/{id}/graph/{path}", grantId, graphPath }),
        ],
      ),
      [noScope.id, "Denied", expect.objectContaining({ reason: "scope_missing", scope: "graph:proxy" })],
    ]);
    const stored = JSON.stringify(refusals);
    expect(stored).not.toContain(key.slice(prefix.length + 1));
    expect(stored).not.toContain(noScope.key.slice(noScope.prefix.length + 1));
    expect(stored).not.toMatch(/eyJ/);
  });

  it("passes Graph's 429 and Retry-After back", async () => {
    const { grantId } = await consented("proxy-429");
    const { key } = await createTestKey(["graph:proxy"]);
    await emulator.setFaults({ rules: [{ pathPrefix: "/v1.0/me", throttleRate: 1, throttleRetryAfterSeconds: 7 }] });
    const throttled = await proxied(proxyGet, grantId, "me", key);
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get("retry-after")).toBe("7");
    expect(throttled.body).toMatchObject({ error: { code: "TooManyRequests" } });
  });
});

describe("token issue", () => {
  it("is refused unless the operator enabled it, then hands out a token and audits it", async () => {
    const { grantId } = await consented("token");
    // A key that holds tokens:issue (made while the operator allowed it).
    const secret = generateApiKeySecret();
    const keyRow = await prisma.apiKey.create({
      data: { name: "tokens", prefix: secret.prefix, secretHash: secret.secretHash, scopes: ["tokens:issue"] },
    });
    const ask = () =>
      callApi(tokenRoute, { path: `/grants/${grantId}/token`, key: secret.key, params: { id: grantId } });

    expect(await ask()).toMatchObject({ status: 403, body: { code: "api.scope_disabled" } });
    process.env.API_TOKEN_ISSUE_ENABLED = "true";
    resetEnvForTests();
    const issued = await ask();
    expect(issued.status).toBe(200);
    const { accessToken } = issued.body as { accessToken: string };
    expect(accessToken).toMatch(/^eyJ/);
    const audit = await prisma.auditLogEntry.findMany({ where: { actorId: keyRow.id }, orderBy: { createdAt: "asc" } });
    expect(audit.map((entry) => [entry.action, entry.outcome])).toEqual([
      ["api.refused", "Denied"],
      ["api.token_issue", "Success"],
    ]);
    expect(JSON.stringify(audit)).not.toContain(accessToken);
  });
});
