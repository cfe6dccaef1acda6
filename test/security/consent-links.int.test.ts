// Consent link tokens hold the key to someone's mailbox for 7 days, so: at least 128 bits of
// randomness, only a hash stored (looked up by hash, so timing reveals nothing about any token),
// an expiry, a single successful use, one live link per invitation (a new one replaces the older),
// and staff can withdraw one. The redemption landing page (/consent/i/{invitationId}) works only while
// its invitation awaits consent, and expires. Against the real database and the emulator.
import { describe, expect, it } from "vitest";
import { runStaffAction } from "@/lib/actions/staff-action";
import { revokeConsentLinkAction } from "@/lib/consent/link-action";
import {
  findLiveConsentLink,
  INVITATION_LANDING_LIFETIME_DAYS,
  issueConsentLink,
  resolveConsentEntry,
} from "@/lib/consent/links";
import { adminSession, supportSession } from "@/test/int-support";
import { sha256Hex } from "@/lib/consent/secrets";
import { startConsent } from "@/lib/consent/start";
import { prisma } from "@/lib/db/client";
import {
  asUser,
  callback,
  consentFully,
  createInvitation,
  driveConsent,
  freshFabrikamInvitee,
  uniqueFabrikamUpn,
} from "@/lib/consent/flow.test-support";

const tokenOf = (url: string) => decodeURIComponent(new URL(url).pathname.split("/").at(-1)!);

describe("consent link tokens", () => {
  it("carry at least 128 random bits, all different, and only their SHA-256 is stored", async () => {
    const invitation = await createInvitation(uniqueFabrikamUpn("links"));
    const tokens: string[] = [];
    for (let i = 0; i < 200; i++) tokens.push(tokenOf((await issueConsentLink(invitation.id)).url));
    expect(new Set(tokens).size).toBe(tokens.length);
    for (const token of tokens) {
      expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(Buffer.from(token, "base64url").length * 8).toBeGreaterThanOrEqual(128);
    }
    // Bits actually vary: every base64url position takes many values across 200 tokens.
    const perPosition = Array.from({ length: tokens[0]!.length - 1 }, (_, i) => new Set(tokens.map((t) => t[i])).size);
    expect(Math.min(...perPosition)).toBeGreaterThan(30);

    const rows = await prisma.consentRequest.findMany({ where: { invitationId: invitation.id } });
    // Each new link replaced the one before: only the newest still works.
    expect(rows.filter((row) => row.revokedAt === null)).toHaveLength(1);
    expect(rows.filter((row) => row.revokedReason === "replaced")).toHaveLength(199);
    expect(rows.map((r) => r.tokenHash).sort()).toEqual(tokens.map(sha256Hex).sort());
    const stored =
      JSON.stringify(rows) +
      JSON.stringify(await prisma.invitationEvent.findMany({ where: { invitationId: invitation.id } }));
    for (const token of tokens) expect(stored).not.toContain(token);
  });

  it("cannot be guessed or near-missed: a changed character, a prefix or junk is simply unknown", async () => {
    const invitation = await createInvitation(uniqueFabrikamUpn("guess"));
    const token = tokenOf((await issueConsentLink(invitation.id)).url);
    expect(await resolveConsentEntry({ token })).toMatchObject({ kind: "ready" });
    const flip = (c: string) => (c === "A" ? "B" : "A");
    const nearMisses = [
      flip(token[0]!) + token.slice(1),
      token.slice(0, -1) + flip(token.at(-1)!),
      token.slice(0, 42),
      `${token}A`,
      token.toUpperCase() === token ? token.toLowerCase() : token.toUpperCase(),
      sha256Hex(token), // the stored hash is not a key
      "",
      "../../etc/passwd",
      "' OR 1=1 --",
    ];
    for (const candidate of nearMisses)
      expect(await resolveConsentEntry({ token: candidate }), candidate).toEqual({ kind: "unknown" });
    // Lookups go through the hash's unique index; the table has no column that holds a token.
    const columns = await prisma.$queryRaw<
      { column_name: string }[]
    >`SELECT column_name FROM information_schema.columns WHERE table_name = 'ConsentRequest'`;
    expect(columns.map((c) => c.column_name).sort()).toEqual([
      "createdAt",
      "createdById",
      "expiresAt",
      "id",
      "invitationId",
      "revokedAt",
      "revokedReason",
      "spentAt",
      "tokenHash",
    ]);
  });

  it("expire after their lifetime: the page says so and consent cannot start", async () => {
    const invitation = await createInvitation(uniqueFabrikamUpn("expiry"));
    const issued = await issueConsentLink(invitation.id, { now: new Date(Date.now() - 8 * 86_400_000) });
    const token = tokenOf(issued.url);
    expect(issued.expiresAt.getTime()).toBeLessThan(Date.now());
    expect(await resolveConsentEntry({ token })).toMatchObject({ kind: "expired" });
    await expect(startConsent({ token })).rejects.toThrow(/can no longer be used/);
    const fresh = await issueConsentLink(invitation.id);
    expect(fresh.expiresAt.getTime() - Date.now()).toBeGreaterThan(7 * 86_400_000 - 60_000);
    expect(fresh.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(7 * 86_400_000);
  });

  it("are spent by a successful consent and cannot start another", async () => {
    const invitee = await freshFabrikamInvitee("single-use");
    const token = tokenOf((await issueConsentLink(invitee.invitationId)).url);
    await consentFully({ token }, invitee.upn);
    expect(await resolveConsentEntry({ token })).toMatchObject({ kind: "spent" });
    await expect(startConsent({ token })).rejects.toThrow(/can no longer be used/);
    const request = await prisma.consentRequest.findUniqueOrThrow({ where: { tokenHash: sha256Hex(token) } });
    expect(request.spentAt).not.toBeNull();
  });
});

describe("one live consent link per invitation", () => {
  it("issuing a new link retires the old one: its page says it was replaced and consent cannot start", async () => {
    const invitation = await createInvitation(uniqueFabrikamUpn("replace"));
    const old = tokenOf((await issueConsentLink(invitation.id)).url);
    const fresh = await issueConsentLink(invitation.id);
    expect(await resolveConsentEntry({ token: old })).toMatchObject({
      kind: "replaced",
      invitee: { email: invitation.email },
    });
    await expect(startConsent({ token: old })).rejects.toThrow(/can no longer be used/);
    expect(await resolveConsentEntry({ token: tokenOf(fresh.url) })).toMatchObject({ kind: "ready" });
    expect((await findLiveConsentLink(invitation.id))?.id).toBe(fresh.consentRequestId);
    const event = await prisma.invitationEvent.findFirstOrThrow({
      where: {
        invitationId: invitation.id,
        type: "consent_link_created",
        detail: { path: ["consentRequestId"], equals: fresh.consentRequestId },
      },
    });
    expect(event.detail).toMatchObject({ linksReplaced: 1 });
  });

  it("staff can withdraw one link (audited); it then says so, and a second withdrawal changes nothing", async () => {
    const invitation = await createInvitation(uniqueFabrikamUpn("withdraw"));
    const issued = await issueConsentLink(invitation.id);
    const support = await supportSession();
    expect(await runStaffAction(revokeConsentLinkAction, support, issued.consentRequestId)).toMatchObject({
      ok: true,
      data: { invitationId: invitation.id },
    });
    expect(await resolveConsentEntry({ token: tokenOf(issued.url) })).toMatchObject({ kind: "withdrawn" });
    await expect(startConsent({ token: tokenOf(issued.url) })).rejects.toThrow(/can no longer be used/);
    expect(await findLiveConsentLink(invitation.id)).toBeNull();
    expect(await runStaffAction(revokeConsentLinkAction, support, issued.consentRequestId)).toMatchObject({
      ok: false,
      code: "conflict",
    });
    expect(
      await prisma.auditLogEntry.count({
        where: { action: "consent.link_revoke", targetId: invitation.id, outcome: "Success", actorId: support.userId },
      }),
    ).toBe(1);
    expect(await runStaffAction(revokeConsentLinkAction, null, issued.consentRequestId)).toMatchObject({
      ok: false,
      code: "unauthenticated",
    });
  });

  it("a link withdrawn while its sign-in is under way stores nothing", async () => {
    const invitee = await freshFabrikamInvitee("withdraw-midway");
    const issued = await issueConsentLink(invitee.invitationId);
    const driven = await driveConsent({ token: tokenOf(issued.url) }, asUser(invitee.upn));
    await runStaffAction(revokeConsentLinkAction, await adminSession(), issued.consentRequestId);
    expect(await callback(driven.callbackUrl!, driven.started.browserBinding)).toMatchObject({
      outcome: { kind: "failed", code: "consent_link_withdrawn" },
    });
    expect(await prisma.grant.count({ where: { invitationId: invitee.invitationId } })).toBe(0);
  });
});

describe("the redemption landing page /consent/i/{invitationId}", () => {
  it("works only while the invitation awaits consent: not before it was sent, not after a grant exists, not after revoke", async () => {
    for (const status of ["Queued", "Sending", "Failed", "Consented", "ConsentExpired", "Revoked"] as const) {
      const invitation = await createInvitation(uniqueFabrikamUpn(`landing-${status.toLowerCase()}`), status);
      const entry = await resolveConsentEntry({ invitationId: invitation.id });
      expect(entry.kind, status).toBe(status === "Revoked" ? "revoked" : "landing_closed");
      await expect(startConsent({ invitationId: invitation.id }), status).rejects.toThrow(/can no longer be used/);
    }
    for (const status of ["PendingAcceptance", "Accepted"] as const) {
      const invitation = await createInvitation(uniqueFabrikamUpn(`landing-${status.toLowerCase()}`), status);
      expect(await resolveConsentEntry({ invitationId: invitation.id }), status).toMatchObject({ kind: "ready" });
    }
    const invitee = await freshFabrikamInvitee("landing-once");
    await consentFully({ invitationId: invitee.invitationId }, invitee.upn);
    expect(await resolveConsentEntry({ invitationId: invitee.invitationId })).toMatchObject({
      kind: "already_consented",
    });
    await expect(startConsent({ invitationId: invitee.invitationId })).rejects.toThrow(/can no longer be used/);
  });

  it(`expires ${INVITATION_LANDING_LIFETIME_DAYS} days after the invitation was last sent; a resend restarts it`, async () => {
    const invitation = await createInvitation(uniqueFabrikamUpn("landing-expiry"), "PendingAcceptance");
    const longAgo = new Date(Date.now() - (INVITATION_LANDING_LIFETIME_DAYS + 1) * 86_400_000);
    await prisma.invitation.update({ where: { id: invitation.id }, data: { createdAt: longAgo } });
    expect(await resolveConsentEntry({ invitationId: invitation.id })).toMatchObject({ kind: "expired" });
    await expect(startConsent({ invitationId: invitation.id })).rejects.toThrow(/can no longer be used/);
    await prisma.invitation.update({ where: { id: invitation.id }, data: { lastResentAt: new Date() } });
    expect(await resolveConsentEntry({ invitationId: invitation.id })).toMatchObject({ kind: "ready" });
  });
});
