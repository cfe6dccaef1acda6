// The consent flow against the emulator over HTTPS and a real PostgreSQL: the real /authorize sign-in
// and consent pages (scripted), MSAL Node's code exchange with PKCE, ID token validation, the vault.
import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { readGrantTokenCache } from "@/lib/tokens/vault";
import { issueConsentLink, resolveConsentEntry } from "./links";
import { asUser, callback, createInvitation, driveConsent, freshFabrikamInvitee } from "./flow.test-support";

const tokenOf = (url: string) => new URL(url).pathname.split("/").at(-1)!;

describe("full consent", () => {
  it("runs the code flow with PKCE S256, state, nonce and login_hint, and stores the grant encrypted", async () => {
    const invitee = await freshFabrikamInvitee("alice");
    const link = await issueConsentLink(invitee.invitationId);
    const token = tokenOf(link.url);
    const driven = await driveConsent({ token }, asUser(invitee.upn));

    const authorize = new URL(driven.started.authorizeUrl);
    expect(authorize.pathname).toMatch(/\/common\/oauth2\/v2\.0\/authorize$/);
    expect(authorize.searchParams.get("code_challenge_method")).toBe("S256");
    expect(authorize.searchParams.get("code_challenge")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(authorize.searchParams.get("login_hint")).toBe(invitee.upn);
    expect(authorize.searchParams.get("state")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(authorize.searchParams.get("nonce")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(authorize.searchParams.get("scope")?.split(" ")).toEqual(
      expect.arrayContaining(["openid", "offline_access", "Mail.Send"]),
    );

    expect(driven.callbackUrl?.pathname).toBe("/consent/callback");
    const result = await callback(driven.callbackUrl!, driven.started.browserBinding);
    expect(result).toEqual({
      kind: "attempt",
      attemptId: driven.started.attemptId,
      outcome: { kind: "consented", account: invitee.upn },
    });

    const invitation = await prisma.invitation.findUniqueOrThrow({
      where: { id: invitee.invitationId },
      include: { grant: true, events: true },
    });
    expect(invitation.status).toBe("Consented");
    expect(invitation.events.map((e) => e.type)).toEqual(expect.arrayContaining(["consent_link_created", "consented"]));
    const grant = invitation.grant!;
    expect(grant).toMatchObject({
      status: "Active",
      objectId: invitee.userId,
      username: invitee.upn,
      tokenCacheKeyId: "test",
    });
    expect(grant.nextRefreshAt!.getTime()).toBeGreaterThan(Date.now());
    // The cache opens only through the vault and holds a refresh token
    const cache = JSON.parse((await readGrantTokenCache(grant.id))!.serialized) as {
      RefreshToken: Record<string, unknown>;
    };
    expect(Object.keys(cache.RefreshToken)).toHaveLength(1);
    expect(Buffer.from(grant.tokenCacheCipher!).toString("latin1")).not.toContain("secret");

    // The link is spent
    expect(await resolveConsentEntry({ token })).toMatchObject({ kind: "spent" });
  });

  it("lands from redemption on /consent/i/{invitationId}, which stops working once a grant exists", async () => {
    const invitee = await freshFabrikamInvitee("landing");
    expect(await resolveConsentEntry({ invitationId: invitee.invitationId })).toMatchObject({
      kind: "ready",
      consentRequestId: null,
    });
    const driven = await driveConsent({ invitationId: invitee.invitationId }, asUser(invitee.upn));
    expect(await callback(driven.callbackUrl!, driven.started.browserBinding)).toMatchObject({
      outcome: { kind: "consented" },
    });
    expect(await resolveConsentEntry({ invitationId: invitee.invitationId })).toMatchObject({
      kind: "already_consented",
    });
  });

  it("records a declined consent without storing anything", async () => {
    const invitee = await freshFabrikamInvitee("decliner");
    const driven = await driveConsent(
      { invitationId: invitee.invitationId },
      asUser(invitee.upn, { consent: "cancel" }),
    );
    expect(await callback(driven.callbackUrl!, driven.started.browserBinding)).toMatchObject({
      outcome: { kind: "declined" },
    });
    expect(await prisma.grant.count({ where: { invitationId: invitee.invitationId } })).toBe(0);
    expect(await prisma.consentAttempt.findUnique({ where: { id: driven.started.attemptId } })).toMatchObject({
      failureCode: "declined",
    });
  });
});

describe("links", () => {
  it("uses 256-bit tokens stored only as hashes, and refuses expired and unknown ones", async () => {
    const invitation = await createInvitation("links-check@fabrikam.com");
    const link = await issueConsentLink(invitation.id, { now: new Date(Date.now() - 31 * 86_400_000) });
    const token = tokenOf(link.url);
    expect(Buffer.from(token, "base64url")).toHaveLength(32);
    const stored = await prisma.consentRequest.findUniqueOrThrow({ where: { id: link.consentRequestId } });
    expect(stored.tokenHash).not.toContain(token);
    expect(await resolveConsentEntry({ token })).toMatchObject({ kind: "expired" });
    expect(await resolveConsentEntry({ token: token.replace(/^./, (c) => (c === "A" ? "B" : "A")) })).toEqual({
      kind: "unknown",
    });
    expect(await resolveConsentEntry({ token: "short" })).toEqual({ kind: "unknown" });
  });
});
