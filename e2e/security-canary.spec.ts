// Canary: run the whole story (invite → redeem → consent → refresh → test mail → the REST API with a
// key: read the grant, send as the user, the Graph proxy, invite, resend and make a consent link),
// then look for the client secret, the portal's keys and every issued token everywhere they must
// not be: the client bundles in .next/static, every HTML/RSC/JSON response of the story, the
// portal's and worker's logs, the audit log and a dump of the whole database.
import { createHash, randomBytes, randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { expect, test, type BrowserContext } from "@playwright/test";
import { CanaryScanner, dumpDatabase, filesUnder, type Leak } from "./security/canary";
import { PROJECT_ROOT } from "./security/route-inventory";
import { emulatorControl, queueJob, stackEnv, withDatabase } from "./support/stack";
import { consentOnMicrosoft, DEMO_PASSWORD, redeemInvitation, signInAs, STAFF } from "./support/staff";

test.setTimeout(240_000);

/** Keeps the text of every response the portal sent to this context. */
function recordPortalResponses(
  context: BrowserContext,
  baseURL: string,
  into: { url: string; body: Promise<string> }[],
): void {
  context.on("response", (response) => {
    const type = response.headers()["content-type"] ?? "";
    if (!response.url().startsWith(baseURL) || !/text\/|json|x-component/.test(type) || type.includes("event-stream"))
      return;
    into.push({ url: response.url(), body: response.text().catch(() => "") });
  });
}

test("no secret or token appears in bundles, responses, logs, audit entries or the database", async ({
  page,
  browser,
  baseURL,
}) => {
  const env = stackEnv();
  const responses: { url: string; body: Promise<string> }[] = [];
  recordPortalResponses(page.context(), baseURL!, responses);
  page.on("console", (message) => {
    if (message.type() === "error") console.log(`[browser] ${message.text()}`);
  });
  const invitee = `canary-${randomBytes(4).toString("hex")}@fabrikam.com`;

  // The invited person's own Microsoft 365 account, in their home tenant (Fabrikam).
  await emulatorControl().createUser({
    tenantId: "fab00000-0000-4000-8000-000000000002",
    userPrincipalName: invitee,
    mail: invitee,
    displayName: "Canary Invitee",
    password: DEMO_PASSWORD,
    mailbox: "exchangeOnline",
  });

  // The story, as people do it.
  await signInAs(page, STAFF.admin);
  await page.locator("header").getByRole("link", { name: "Invite user" }).click();
  await page.getByLabel("Email address").fill(invitee);
  // The form is controlled by React: retry until it has hydrated and the box really unchecks.
  await expect(async () => {
    await page.getByLabel("Send Microsoft's invitation mail").uncheck({ timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await page.getByRole("button", { name: "Invite", exact: true }).click();
  await expect(page).toHaveURL(/\/invitations\/[0-9a-f-]{36}$/);
  const invitationId = page.url().split("/").at(-1)!;
  await expect(page.getByTestId("invitation-status")).toHaveAttribute("data-status", "PendingAcceptance", {
    timeout: 30_000,
  });
  const redeemUrl = (await page.getByTestId("redeem-url").textContent())!;

  const inviteeContext = await browser.newContext({ ignoreHTTPSErrors: true });
  recordPortalResponses(inviteeContext, baseURL!, responses);
  const inviteePage = await inviteeContext.newPage();
  await redeemInvitation(inviteePage, redeemUrl, invitee);
  await inviteePage.locator("#consent-start").click();
  await consentOnMicrosoft(inviteePage, invitee);
  await expect(inviteePage).toHaveURL(/\/consent\/done\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("invitation-status")).toHaveAttribute("data-status", "Consented", { timeout: 30_000 });

  // Refresh: make the grant due and run the refresher now, as its 5-minute slot would.
  const before = await withDatabase(async (db) => {
    const { rows } = await db.query(
      `UPDATE "Grant" SET "nextRefreshAt" = now() - interval '1 minute' WHERE "invitationId" = $1 RETURNING "lastRefreshedAt", version`,
      [invitationId],
    );
    return rows[0] as { lastRefreshedAt: Date | null; version: number };
  });
  await queueJob("grants.refreshDue");
  await expect
    .poll(
      async () =>
        withDatabase(
          async (db) =>
            (await db.query(`SELECT version FROM "Grant" WHERE "invitationId" = $1`, [invitationId])).rows[0]?.version,
        ),
      { timeout: 60_000 },
    )
    .toBeGreaterThan(before.version);

  await page.reload();
  await page.getByRole("button", { name: "Send test mail as the user" }).click();
  await expect(page.getByTestId("test-mail-sent")).toContainText(invitee);
  expect((await emulatorControl().sentMail({ from: invitee })).map((m) => m.subject)).toContain(
    `Guestpass connection test for ${invitee}`,
  );
  await inviteeContext.close();

  // The product's side: an API key (stored by hash only) reads the grant, sends a mail as the user
  // and calls Graph through the proxy. Its answers are scanned like the pages', the key everywhere.
  const apiKey = `gpk_${"c".repeat(12)}_${randomBytes(32).toString("base64url")}`;
  const apiKeyId = randomUUID();
  await withDatabase((db) =>
    db.query(`INSERT INTO "ApiKey" (id, name, prefix, "secretHash", scopes) VALUES ($1, 'canary', $2, $3, $4)`, [
      apiKeyId,
      apiKey.slice(0, 16),
      createHash("sha256").update(apiKey).digest("hex"),
      ["grants:read", "grants:delete", "mail:send", "graph:proxy", "invitations:read", "invitations:write"],
    ]),
  );
  const api = async (apiPath: string, init: RequestInit = {}) => {
    const response = await fetch(new URL(`/api/v1${apiPath}`, baseURL), {
      ...init,
      headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json", ...init.headers },
    });
    const text = await response.text();
    responses.push({ url: response.url, body: Promise.resolve(text) });
    return { status: response.status, json: () => JSON.parse(text) as Record<string, unknown> };
  };
  const grants = await api(`/grants?email=${encodeURIComponent(invitee)}`);
  const grantId = (grants.json().data as { id: string }[])[0]!.id;
  expect((await api(`/grants/${grantId}`)).status).toBe(200);
  const accepted = await api(`/grants/${grantId}/messages`, {
    method: "POST",
    headers: { "idempotency-key": randomUUID() },
    body: JSON.stringify({ to: [invitee], subject: "Canary via the API", text: "canary" }),
  });
  expect(accepted.status).toBe(202);
  await expect
    .poll(async () => (await api(`/messages/${accepted.json().id as string}`)).json().status, { timeout: 30_000 })
    .toBe("Sent");
  expect((await api(`/grants/${grantId}/graph/me`)).status).toBe(200);
  expect((await api(`/grants/${grantId}/graph/me/messages`)).status).toBe(403);
  // And the invitation writes: invite (sent by the worker), resend, a consent link, read it back.
  const apiGuest = `canary-api-${randomUUID().slice(0, 8)}@fabrikam.com`;
  const invited = await api("/invitations", {
    method: "POST",
    headers: { "idempotency-key": randomUUID() },
    body: JSON.stringify({ email: apiGuest, displayName: "Canary API Guest" }),
  });
  expect(invited.status).toBe(201);
  const apiInvitationId = invited.json().id as string;
  await expect
    .poll(async () => (await api(`/invitations/${apiInvitationId}`)).json().status, { timeout: 60_000 })
    .toBe("PendingAcceptance");
  expect((await api(`/invitations/${apiInvitationId}/resend`, { method: "POST", body: "{}" })).status).toBe(200);
  expect((await api(`/invitations/${apiInvitationId}/consent-links`, { method: "POST", body: "{}" })).status).toBe(201);
  expect((await api(`/invitations?email=${encodeURIComponent(apiGuest)}`)).status).toBe(200);
  // A connection by consent link alone: its answer holds the link, never a token.
  const connected = await api("/connections", {
    method: "POST",
    body: JSON.stringify({ email: `canary-link-${randomUUID().slice(0, 8)}@fabrikam.com`, displayName: "Canary Link" }),
  });
  expect(connected.status).toBe(201);
  // A write through the Graph proxy, the grant's messages, and refusals: a scope the key lacks (403),
  // one the grant lacks (403), the key's prefix with a wrong secret (401, audited) and no key (401).
  const proxiedSubject = `Canary through the proxy ${randomUUID()}`;
  const proxiedSend = await api(`/grants/${grantId}/graph/me/sendMail`, {
    method: "POST",
    body: JSON.stringify({
      message: {
        subject: proxiedSubject,
        body: { contentType: "Text", content: "canary" },
        toRecipients: [{ emailAddress: { address: invitee } }],
      },
    }),
  });
  expect(proxiedSend.status).toBe(202);
  expect((await emulatorControl().sentMail({ from: invitee })).map((m) => m.subject)).toContain(proxiedSubject);
  const listed = await api(`/grants/${grantId}/messages`);
  expect(listed.status).toBe(200);
  expect((listed.json().data as { id: string }[]).map((message) => message.id)).toContain(accepted.json().id);
  expect((await api(`/grants/${grantId}/token`)).status).toBe(403);
  expect((await api(`/grants/${grantId}/graph/me/events`)).status).toBe(403);
  const wrongSecret = `${apiKey.slice(0, 17)}${randomBytes(32).toString("base64url")}`;
  expect((await api("/grants", { headers: { authorization: `Bearer ${wrongSecret}` } })).status).toBe(401);
  expect((await api("/grants", { headers: { authorization: "" } })).status).toBe(401);
  const refusedInAudit = await withDatabase(async (db) =>
    (
      await db.query<{ reason: string }>(
        `SELECT detail->>'reason' AS reason FROM "AuditLogEntry" WHERE action = 'api.refused' AND "actorId" = $1`,
        [apiKeyId],
      )
    ).rows.map((row) => row.reason),
  );
  expect(refusedInAudit.sort()).toEqual(["proxy_scope", "proxy_scope", "scope_missing", "wrong_secret"]);
  // Last, erase the grant's tokens through the API.
  expect((await api(`/grants/${grantId}`, { method: "DELETE" })).status).toBe(200);

  const scanner = new CanaryScanner({
    "an API key": apiKey,
    "a wrong secret presented with the key's prefix": wrongSecret.slice(17),
    "the client secret": env.AZURE_CLIENT_SECRET,
    "the token encryption key": env.TOKEN_ENCRYPTION_KEY?.split(":").at(-1),
    "the Auth.js secret": env.AUTH_SECRET,
    "the emulator control token": env.EMULATOR_CONTROL_TOKEN,
    "the e2e database control token": env.E2E_DATABASE_CONTROL_TOKEN,
  });
  // Positive control: the detectors find a real token and the real secret when they are there.
  const issued = await fetch(`${env.MICROSOFT_AUTHORITY_HOST}/${env.AZURE_TENANT_ID}/oauth2/v2.0/token`, {
    method: "POST",
    body: new URLSearchParams({
      grant_type: "client_credentials",
      client_id: env.AZURE_CLIENT_ID!,
      client_secret: env.AZURE_CLIENT_SECRET!,
      scope: "https://graph.microsoft.com/.default",
    }),
  }).then((r) => r.json() as Promise<{ access_token: string }>);
  expect(
    scanner
      .scan("control", `x ${issued.access_token} ${env.AZURE_CLIENT_SECRET} 1.Emu${"A".repeat(64)}`)
      .map((l) => l.what)
      .sort(),
  ).toEqual(["a JWT (access or ID token)", "a refresh token", "the client secret"]);

  const leaks: Leak[] = [];
  const counts: Record<string, number> = {};
  const scan = (kind: string, where: string, text: string) => {
    counts[kind] = (counts[kind] ?? 0) + 1;
    leaks.push(...scanner.scan(where, text));
  };

  for (const file of filesUnder(path.join(PROJECT_ROOT, ".next", "static")))
    scan("static files", path.relative(PROJECT_ROOT, file), fs.readFileSync(file, "latin1"));
  for (const response of responses) scan("responses", response.url, await response.body);
  const log = fs.readFileSync(
    path.join(PROJECT_ROOT, "test-results", `e2e-stack-${process.env.E2E_PORT ?? 3100}.log`),
    "utf8",
  );
  // Only the product's processes: the emulator (the other side of the wire) may know its own tokens.
  scan(
    "log lines",
    "portal and worker logs",
    log
      .split("\n")
      .filter((line) => /^\[(portal|worker)\]/.test(line))
      .join("\n"),
  );
  const audit = await withDatabase(async (db) =>
    (await db.query(`SELECT row_to_json(a)::text AS row FROM "AuditLogEntry" a`)).rows.map((r) => r.row as string),
  );
  scan("audit entries", "AuditLogEntry", audit.join("\n"));
  const dump = await dumpDatabase(env.DATABASE_URL!);
  scan("database dump", `database (${dump.method})`, dump.text);

  // The story really stored a grant, and the dump holds it (encrypted).
  expect(dump.text).toMatch(/tokenCacheCipher/);
  expect(counts["static files"]).toBeGreaterThan(5);
  expect(counts.responses).toBeGreaterThan(10);
  expect(audit.length).toBeGreaterThan(3);
  const summary = `${counts["static files"]} static files, ${counts.responses} responses, ${log.length} log bytes, ${audit.length} audit entries, ${dump.text.length} dump bytes (${dump.method}): ${leaks.length} leaks`;
  test.info().annotations.push({ type: "canary", description: summary });
  console.log(`[canary] ${summary}`);
  expect(leaks).toEqual([]);
});
