// Consent link tokens hold the key to someone's mailbox for 30 days, so: at least 128 bits of
// randomness, only a hash stored (looked up by hash, so timing reveals nothing about any token),
// an expiry, and a single successful use. Against the real database and the emulator.
import { describe, expect, it } from "vitest";
import { issueConsentLink, resolveConsentEntry } from "@/lib/consent/links";
import { sha256Hex } from "@/lib/consent/secrets";
import { startConsent } from "@/lib/consent/start";
import { prisma } from "@/lib/db/client";
import { consentFully, createInvitation, freshFabrikamInvitee, uniqueFabrikamUpn } from "@/lib/consent/flow.test-support";

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
    expect(rows.map((r) => r.tokenHash).sort()).toEqual(tokens.map(sha256Hex).sort());
    const stored = JSON.stringify(rows) + JSON.stringify(await prisma.invitationEvent.findMany({ where: { invitationId: invitation.id } }));
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
    for (const candidate of nearMisses) expect(await resolveConsentEntry({ token: candidate }), candidate).toEqual({ kind: "unknown" });
    // Lookups go through the hash's unique index; the table has no column that holds a token.
    const columns = await prisma.$queryRaw<{ column_name: string }[]>`SELECT column_name FROM information_schema.columns WHERE table_name = 'ConsentRequest'`;
    expect(columns.map((c) => c.column_name).sort()).toEqual(["createdAt", "createdById", "expiresAt", "id", "invitationId", "spentAt", "tokenHash"]);
  });

  it("expire after their lifetime: the page says so and consent cannot start", async () => {
    const invitation = await createInvitation(uniqueFabrikamUpn("expiry"));
    const issued = await issueConsentLink(invitation.id, { now: new Date(Date.now() - 31 * 86_400_000) });
    const token = tokenOf(issued.url);
    expect(issued.expiresAt.getTime()).toBeLessThan(Date.now());
    expect(await resolveConsentEntry({ token })).toMatchObject({ kind: "expired" });
    await expect(startConsent({ token })).rejects.toThrow(/can no longer be used/);
    const fresh = await issueConsentLink(invitation.id);
    expect(fresh.expiresAt.getTime() - Date.now()).toBeGreaterThan(29 * 86_400_000);
    expect(fresh.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(30 * 86_400_000);
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
