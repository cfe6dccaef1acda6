// Connecting a person by consent link through the API, against a real database and the emulator:
// the connection and its link in one answer, consent at `common` with the address's own account,
// the same address refused with its invitation id, each refusal a problem naming the field, audited.
import { describe, expect, it } from "vitest";
import { POST as connectRoute } from "@/app/api/v1/connections/route";
import { asUser, callback, driveConsent, freshHomeAccount } from "@/lib/consent/flow.test-support";
import { resolveConsentEntry } from "@/lib/consent/links";
import { prisma } from "@/lib/db/client";
import { callApi, createTestKey, expectScopeRefusalsAudited } from "../api.test-support";

type Connection = {
  invitation: { id: string; kind: string; status: string; email: string; guestUserId: string | null };
  consentLink: { url: string; expiresAt: string };
};
const tokenOf = (url: string) => new URL(url).pathname.split("/").at(-1)!;

describe("connections API", () => {
  it("connects an address by consent link, which the address's own account completes", async () => {
    const { id: keyId, key } = await createTestKey(["invitations:write"]);
    const { upn } = await freshHomeAccount("api-link");
    const answer = await callApi(connectRoute, {
      method: "POST",
      path: "/connections",
      key,
      body: { email: upn.toUpperCase(), displayName: "Api Link", messageLanguage: "zh-CN" },
    });
    expect(answer.status, answer.text).toBe(201);
    const connection = answer.body as Connection;
    expect(connection.invitation).toMatchObject({
      kind: "consent_link",
      status: "Accepted",
      email: upn,
      guestUserId: null,
    });
    expect(connection.consentLink.url).toMatch(/\/consent\/[A-Za-z0-9_-]{43}$/);
    expect(await resolveConsentEntry({ token: tokenOf(connection.consentLink.url) })).toMatchObject({
      kind: "ready",
      invitee: { email: upn, language: "zh-CN" },
    });
    // Who did it: the key, on the timeline and in the audit log; the link itself in neither.
    const events = await prisma.invitationEvent.findMany({ where: { invitationId: connection.invitation.id } });
    expect(events.map((event) => [event.type, event.actorType, event.actorId])).toEqual(
      expect.arrayContaining([
        ["created", "ApiKey", keyId],
        ["consent_link_created", "ApiKey", keyId],
      ]),
    );
    const audit = await prisma.auditLogEntry.findFirstOrThrow({
      where: { action: "invitation.connect", targetId: connection.invitation.id },
    });
    expect(audit).toMatchObject({ actorType: "ApiKey", actorId: keyId, outcome: "Success" });
    expect(JSON.stringify([events, audit])).not.toContain(tokenOf(connection.consentLink.url));

    const driven = await driveConsent({ token: tokenOf(connection.consentLink.url) }, asUser(upn));
    expect(await callback(driven.callbackUrl!, driven.started.browserBinding)).toMatchObject({
      outcome: { kind: "consented", account: upn },
    });
    expect(
      await prisma.invitation.findUniqueOrThrow({ where: { id: connection.invitation.id }, select: { status: true } }),
    ).toEqual({ status: "Consented" });

    const again = await callApi(connectRoute, { method: "POST", path: "/connections", key, body: { email: upn } });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({
      code: "api.conflict",
      detail: expect.stringContaining(connection.invitation.id),
    });
  });

  it("names the field of a bad request, and refuses a key without invitations:write", async () => {
    const { key } = await createTestKey(["invitations:write"]);
    const bad = await callApi(connectRoute, {
      method: "POST",
      path: "/connections",
      key,
      body: { email: "not an address", messageLanguage: "fr" },
    });
    expect(bad.status).toBe(400);
    expect((bad.body as { errors: { field: string }[] }).errors.map((error) => error.field)).toEqual([
      "body.messageLanguage",
    ]);
    const badAddress = await callApi(connectRoute, {
      method: "POST",
      path: "/connections",
      key,
      body: { email: "a b@c" },
    });
    expect(badAddress.status).toBe(400);
    expect(badAddress.body).toMatchObject({ code: "api.invalid_request", errors: [{ field: "body.email" }] });

    const reader = await createTestKey(["invitations:read"]);
    const refused = await callApi(connectRoute, {
      method: "POST",
      path: "/connections",
      key: reader.key,
      body: { email: "someone@fabrikam.com" },
    });
    expect(refused.status).toBe(403);
    await expectScopeRefusalsAudited(reader.id, "invitations:write", [["POST", "/connections"]]);
    expect(await prisma.invitation.count({ where: { email: "someone@fabrikam.com" } })).toBe(0);
  });
});
