// The invited person disconnects their own grant, against the emulator's real sign-in, consent and
// token endpoints and a real database: only the browser that ran the consent (its binding cookie)
// may erase it; the erase is the usual one (tokens gone, tombstone, grant.erased with the reason
// user_request) and is audited; anyone else holding the address is refused and audited Denied.
import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { randomSecret } from "./secrets";
import { readGrantTokenCache } from "@/lib/tokens/vault";
import { disconnectGrant, loadDisconnectView } from "./disconnect";
import { asUser, callback, driveConsent, freshFabrikamInvitee } from "./flow.test-support";

async function consented(prefix: string) {
  const invitee = await freshFabrikamInvitee(prefix);
  const driven = await driveConsent({ invitationId: invitee.invitationId }, asUser(invitee.upn));
  const result = await callback(driven.callbackUrl!, driven.started.browserBinding);
  expect(result).toMatchObject({ kind: "attempt", outcome: { kind: "consented" } });
  const grant = await prisma.grant.findUniqueOrThrow({ where: { invitationId: invitee.invitationId } });
  return { ...invitee, attemptId: driven.started.attemptId, binding: driven.started.browserBinding, grantId: grant.id };
}

describe("the invited person disconnects", () => {
  it("erases their grant from the browser that consented, audited, with grant.erased (user_request)", async () => {
    const person = await consented("disconnect");
    expect(await loadDisconnectView(person.attemptId, person.binding)).toMatchObject({
      kind: "ready",
      account: person.upn,
      personal: false,
      connected: true,
      mayErase: true,
    });

    expect(await disconnectGrant(person.attemptId, person.binding)).toBe("erased");
    const grant = await prisma.grant.findUniqueOrThrow({ where: { id: person.grantId } });
    expect(grant).toMatchObject({ status: "Erased", erasedReason: "user_request", tokenCacheCipher: null });
    expect(await readGrantTokenCache(person.grantId)).toBeNull();
    const events = await prisma.outboxEvent.findMany({ where: { type: "grant.erased", subjectId: person.grantId } });
    expect(events.map((event) => event.payload)).toEqual([
      expect.objectContaining({ id: person.grantId, status: "Erased", erasureReason: "user_request" }),
    ]);
    expect(
      await prisma.auditLogEntry.findFirst({
        where: { action: "grant.disconnect", targetId: person.grantId },
        select: { actorType: true, actorId: true, outcome: true },
      }),
    ).toEqual({ actorType: "InvitedUser", actorId: person.invitationId, outcome: "Success" });
    expect(
      await prisma.invitationEvent.findFirst({
        where: { invitationId: person.invitationId, type: "grant_erased" },
        select: { actorType: true, detail: true },
      }),
    ).toEqual({ actorType: "InvitedUser", detail: { grantId: person.grantId, reason: "user_request" } });

    // The page now says so; pressing again changes nothing.
    expect(await loadDisconnectView(person.attemptId, person.binding)).toMatchObject({ connected: false });
    expect(await disconnectGrant(person.attemptId, person.binding)).toBe("already_erased");
    expect(await prisma.outboxEvent.count({ where: { type: "grant.erased", subjectId: person.grantId } })).toBe(1);
  });

  it("refuses anyone else who has the address: no cookie, another browser's cookie, an unknown attempt", async () => {
    const person = await consented("disconnect-refused");
    for (const binding of [undefined, randomSecret()]) {
      expect(await loadDisconnectView(person.attemptId, binding)).toMatchObject({ connected: true, mayErase: false });
      expect(await disconnectGrant(person.attemptId, binding)).toBe("not_allowed");
    }
    const unknown = "00000000-0000-4000-8000-000000000000";
    expect(await loadDisconnectView(unknown, person.binding)).toEqual({ kind: "unknown" });
    expect(await disconnectGrant(unknown, person.binding)).toBe("not_allowed");
    expect(await disconnectGrant("../../etc", person.binding)).toBe("not_allowed");

    expect(await prisma.grant.findUniqueOrThrow({ where: { id: person.grantId } })).toMatchObject({
      status: "Active",
      erasedAt: null,
    });
    expect(await readGrantTokenCache(person.grantId)).not.toBeNull();
    expect(
      await prisma.auditLogEntry.count({
        where: { action: "grant.disconnect", targetId: person.grantId, outcome: "Denied" },
      }),
    ).toBe(2);
  });
});
