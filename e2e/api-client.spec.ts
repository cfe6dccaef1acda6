// The REST API through the client generated from its own OpenAPI document (openapi-typescript's
// types in lib/shared/api-client/, openapi-fetch), over real HTTP against `next start` and the
// emulator: the happy path of every operation the served document lists, in the order a product
// would make them — invite a guest, connect a person, read the invitation, the person consents,
// read the grant, send mail as them and follow it to Sent, use the Graph proxy, and erase the grant
// last. A wrong path or shape in the document fails here twice: `tsc` typechecks this file against
// the types, and the calls run against the real routes. A new operation without a happy path here
// fails the last check.
import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { createGuestpassClient } from "../lib/shared/api-client/client";
import { API_SCOPES } from "../lib/shared/api-scopes";
import { storedKey } from "./support/api-keys";
import { emulatorControl } from "./support/stack";
import { consentOnMicrosoft, newFabrikamPerson } from "./support/staff";

/** Operations whose documented answer for this key is a refusal: token issue is off unless the operator enables it. */
const REFUSED_BY_DESIGN: Record<string, { status: number; code: string }> = {
  issueToken: { status: 403, code: "api.scope_disabled" },
};

interface DocumentedOperation {
  operationId: string;
  method: string;
  path: string;
}

async function servedOperations(baseURL: string): Promise<DocumentedOperation[]> {
  // The document itself is not one of its operations (it would describe itself): plain HTTP.
  const response = await fetch(new URL("/api/v1/openapi.json", baseURL));
  expect(response.status).toBe(200);
  const document = (await response.json()) as {
    openapi: string;
    paths: Record<string, Record<string, { operationId?: string }>>;
  };
  expect(document.openapi).toBe("3.1.0");
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => ["get", "post", "put", "patch", "delete"].includes(method))
      .map(([method, operation]) => ({ operationId: operation.operationId!, method: method.toUpperCase(), path })),
  );
}

test("every operation of the OpenAPI document, through the client generated from it", async ({ page, baseURL }) => {
  test.setTimeout(150_000);
  const operations = await servedOperations(baseURL!);
  const { key } = await storedKey(`typed client ${randomUUID().slice(0, 8)}`, [...API_SCOPES]);
  const guestpass = createGuestpassClient({ baseUrl: baseURL!, apiKey: key });
  // Every answer, by the document's method and path, so the last check knows what was called.
  const answered = new Map<string, number[]>();
  guestpass.use({
    onResponse({ request, schemaPath, response }) {
      const call = `${request.method} ${schemaPath}`;
      answered.set(call, [...(answered.get(call) ?? []), response.status]);
    },
  });

  // Connect a person by consent link: the invitation (Accepted, no guest account) and its link.
  const address = await newFabrikamPerson("api-client", "Ada Client");
  const created = await guestpass.POST("/connections", {
    body: { email: address, displayName: "Ada Client", messageLanguage: "en" },
  });
  expect(created.response.status, JSON.stringify(created.error)).toBe(201);
  const connection = created.data!;
  expect(connection.invitation).toMatchObject({ kind: "consent_link", email: address, status: "Accepted" });
  expect(connection.consentLink.url).toMatch(/\/consent\/[A-Za-z0-9_-]{43}$/);
  const invitationId = connection.invitation.id;

  const invitations = await guestpass.GET("/invitations", { params: { query: { email: address, limit: 10 } } });
  expect(invitations.response.status).toBe(200);
  expect(invitations.data!.data.map((invitation) => invitation.id)).toEqual([invitationId]);
  const invitation = await guestpass.GET("/invitations/{id}", { params: { path: { id: invitationId } } });
  expect(invitation.response.status).toBe(200);
  expect(invitation.data).toMatchObject({ id: invitationId, kind: "consent_link", displayName: "Ada Client" });

  // Invite a guest (Microsoft's mail off): queued at once, the same Idempotency-Key answers the same
  // invitation again, and the worker takes it to Microsoft (PendingAcceptance).
  const guest = await newFabrikamPerson("api-client-guest", "Grace Guest");
  const inviteKey = randomUUID();
  const invite = () =>
    guestpass.POST("/invitations", {
      params: { header: { "Idempotency-Key": inviteKey } },
      body: { email: guest, displayName: "Grace Guest", sendInvitationMessage: false },
    });
  const invited = await invite();
  expect(invited.response.status, JSON.stringify(invited.error)).toBe(201);
  expect(invited.data).toMatchObject({ kind: "guest_invitation", email: guest, status: "Queued" });
  const replayed = await invite();
  expect(replayed.response.status).toBe(201);
  expect(replayed.response.headers.get("idempotent-replayed")).toBe("true");
  expect(replayed.data!.id).toBe(invited.data!.id);
  await expect
    .poll(
      async () =>
        (await guestpass.GET("/invitations/{id}", { params: { path: { id: invited.data!.id } } })).data?.status,
      { timeout: 60_000 },
    )
    .toBe("PendingAcceptance");
  // Follow up on it: resend it (once per 10 minutes), and make a consent link for it.
  const guestPath = { params: { path: { id: invited.data!.id } } };
  const resent = await guestpass.POST("/invitations/{id}/resend", guestPath);
  expect(resent.response.status, JSON.stringify(resent.error)).toBe(200);
  expect(resent.data!.invitation).toMatchObject({ id: invited.data!.id, status: "PendingAcceptance" });
  expect(Date.parse(resent.data!.nextResendAt)).toBeGreaterThan(Date.now());
  const tooSoon = await guestpass.POST("/invitations/{id}/resend", guestPath);
  expect(tooSoon.response.status).toBe(429);
  expect(tooSoon.error).toMatchObject({ code: "api.resend_too_soon" });
  expect(Number(tooSoon.response.headers.get("retry-after"))).toBeGreaterThan(0);
  const guestLink = await guestpass.POST("/invitations/{id}/consent-links", guestPath);
  expect(guestLink.response.status, JSON.stringify(guestLink.error)).toBe(201);
  expect(guestLink.data!.url).toMatch(/\/consent\/[A-Za-z0-9_-]{43}$/);

  // The person opens the link and consents with their own account: a grant.
  await page.goto(connection.consentLink.url);
  await page.locator("#consent-start").click();
  await consentOnMicrosoft(page, address);
  await expect(page).toHaveURL(/\/consent\/done\/[0-9a-f-]{36}$/);

  const grants = await guestpass.GET("/grants", { params: { query: { email: address, status: "Active" } } });
  expect(grants.response.status).toBe(200);
  expect(grants.data!.data).toHaveLength(1);
  const grantId = grants.data!.data[0]!.id;
  const grant = await guestpass.GET("/grants/{id}", { params: { path: { id: grantId } } });
  expect(grant.response.status).toBe(200);
  expect(grant.data).toMatchObject({
    id: grantId,
    invitationId,
    account: { username: address },
    status: "Active",
    statusReason: null,
  });
  expect(grant.data!.scopes).toEqual(expect.arrayContaining(["User.Read", "Mail.Send"]));
  expect((await guestpass.GET("/invitations/{id}", { params: { path: { id: invitationId } } })).data?.status).toBe(
    "Consented",
  );

  // Send mail as them: 202 at once, then Queued → Sent, and Microsoft (the emulator) has it.
  const subject = `Typed client ${randomUUID()}`;
  const sent = await guestpass.POST("/grants/{id}/messages", {
    params: { path: { id: grantId }, header: { "Idempotency-Key": randomUUID() } },
    body: {
      to: ["lee@contoso.com"],
      subject,
      text: "Sent through the generated client.",
      headers: { "x-guestpass-test": "typed-client" },
      attachments: [{ name: "note.txt", contentBase64: Buffer.from("hello").toString("base64") }],
    },
  });
  expect(sent.response.status, JSON.stringify(sent.error)).toBe(202);
  const messageId = sent.data!.id;
  expect(sent.data).toMatchObject({ grantId, status: expect.stringMatching(/^(Queued|Sending|Sent)$/) });
  await expect
    .poll(
      async () => {
        const message = await guestpass.GET("/messages/{id}", { params: { path: { id: messageId } } });
        expect(message.response.status).toBe(200);
        expect(message.data!.failure).toBeNull();
        return message.data!.status;
      },
      { timeout: 60_000 },
    )
    .toBe("Sent");
  const listed = await guestpass.GET("/grants/{id}/messages", { params: { path: { id: grantId } } });
  expect(listed.response.status).toBe(200);
  expect(listed.data!.data).toEqual([expect.objectContaining({ id: messageId, status: "Sent" })]);
  const delivered = await emulatorControl().sentMail({ from: address });
  expect(delivered.map((mail) => mail.subject)).toContain(subject);

  // The Graph proxy, with the user's token that never leaves Guestpass: read the profile, send by Graph.
  const me = await guestpass.GET("/grants/{id}/graph/{path}", { params: { path: { id: grantId, path: "me" } } });
  expect(me.response.status, JSON.stringify(me.error)).toBe(200);
  expect(me.data).toMatchObject({ userPrincipalName: address, displayName: "Ada Client" });
  const graphSubject = `Typed client by Graph ${randomUUID()}`;
  const byGraph = await guestpass.POST("/grants/{id}/graph/{path}", {
    params: { path: { id: grantId, path: "me/sendMail" } },
    body: {
      message: {
        subject: graphSubject,
        body: { contentType: "Text", content: "Sent through the Graph proxy." },
        toRecipients: [{ emailAddress: { address: "lee@contoso.com" } }],
      },
    },
  });
  expect(byGraph.response.status, JSON.stringify(byGraph.error)).toBe(202);
  expect((await emulatorControl().sentMail({ from: address })).map((mail) => mail.subject)).toContain(graphSubject);

  // Token issue is off by default: the key's scope is not enough, and the refusal is a typed problem.
  const token = await guestpass.GET("/grants/{id}/token", { params: { path: { id: grantId } } });
  expect(token.response.status).toBe(403);
  expect(token.data).toBeUndefined();
  expect(token.error).toMatchObject({ code: "api.scope_disabled", status: 403 });

  // A validation problem names the field, typed as the document says.
  const invalid = await guestpass.POST("/grants/{id}/messages", {
    params: { path: { id: grantId }, header: { "Idempotency-Key": randomUUID() } },
    body: { to: ["not an address"], subject: "Never sent", text: "Never sent." },
  });
  expect(invalid.response.status).toBe(400);
  expect(invalid.response.headers.get("content-type")).toBe("application/problem+json");
  expect(invalid.error).toMatchObject({ code: "api.invalid_request", status: 400 });
  expect(invalid.error!.errors).toEqual([expect.objectContaining({ field: "body.to.0" })]);

  // Erase the grant last: its tokens are gone, the grant stays as Erased.
  const erased = await guestpass.DELETE("/grants/{id}", { params: { path: { id: grantId } } });
  expect(erased.response.status).toBe(200);
  expect(erased.data).toEqual({ id: grantId, status: "Erased" });
  expect((await guestpass.GET("/grants/{id}", { params: { path: { id: grantId } } })).data?.status).toBe("Erased");

  // Every operation the served document lists was called here, and answered as documented.
  const missing = operations.flatMap(({ operationId, method, path }) => {
    const statuses = answered.get(`${method} ${path}`) ?? [];
    const refused = REFUSED_BY_DESIGN[operationId];
    const happy = refused ? statuses.includes(refused.status) : statuses.some((status) => status < 300);
    return happy ? [] : [`${operationId} (${method} ${path}): ${statuses.join(", ") || "never called"}`];
  });
  expect(missing, "operations of the document without a happy path in this spec").toEqual([]);
  expect(operations.length).toBeGreaterThanOrEqual(12);
});
