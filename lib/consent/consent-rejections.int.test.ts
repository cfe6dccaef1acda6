// Everything the callback must refuse, and the wrong-account path, against the
// emulator's real pages and token endpoint.
import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { explainMicrosoftError } from "@/lib/errors/explain";
import { delegatedConfigFromEnv } from "@/lib/tokens/delegated-client";
import { readGrantTokenCache } from "@/lib/tokens/vault";
import { CONSENT_ATTEMPT_LIFETIME_MS } from "./start";
import { handleConsentCallback } from "./callback";
import { IdTokenValidationError } from "@/lib/identity/id-token";
import { validateConsentIdToken } from "./id-token";
import { issueConsentLink, resolveConsentEntry } from "./links";
import { asUser, callback, driveConsent, freshFabrikamInvitee } from "./flow.test-support";

const withState = (url: URL, state: string) => {
  const copy = new URL(url);
  copy.searchParams.set("state", state);
  return copy;
};

describe("state", () => {
  it("rejects a tampered state, a missing one, and a callback replayed after success", async () => {
    const invitee = await freshFabrikamInvitee("state");
    const driven = await driveConsent({ invitationId: invitee.invitationId }, asUser(invitee.upn));
    const url = driven.callbackUrl!;
    const state = url.searchParams.get("state")!;
    const tampered = state.slice(0, -1) + (state.endsWith("A") ? "B" : "A");
    expect(await callback(withState(url, tampered), driven.started.browserBinding)).toEqual({
      kind: "problem",
      reason: "state_invalid",
    });
    const noState = new URL(url);
    noState.searchParams.delete("state");
    expect(await callback(noState, driven.started.browserBinding)).toEqual({
      kind: "problem",
      reason: "missing_state",
    });
    // the real one still works (tampering did not spend it) ...
    expect(await callback(url, driven.started.browserBinding)).toMatchObject({ outcome: { kind: "consented" } });
    // ... exactly once
    expect(await callback(url, driven.started.browserBinding)).toEqual({ kind: "problem", reason: "state_replayed" });
  });

  it("rejects a callback in another browser (no cookie, or another browser's cookie) without spending the attempt", async () => {
    const invitee = await freshFabrikamInvitee("browser");
    const driven = await driveConsent({ invitationId: invitee.invitationId }, asUser(invitee.upn));
    const otherBrowser = await driveConsent({ invitationId: invitee.invitationId }, asUser(invitee.upn));
    expect(await callback(driven.callbackUrl!, undefined)).toEqual({ kind: "problem", reason: "other_browser" });
    expect(await callback(driven.callbackUrl!, otherBrowser.started.browserBinding)).toEqual({
      kind: "problem",
      reason: "other_browser",
    });
    expect(await prisma.grant.count({ where: { invitationId: invitee.invitationId } })).toBe(0);
    expect(await callback(driven.callbackUrl!, driven.started.browserBinding)).toMatchObject({
      outcome: { kind: "consented" },
    });
  });

  it("lets two tabs of one browser share the binding cookie", async () => {
    const invitee = await freshFabrikamInvitee("tabs");
    const first = await driveConsent({ invitationId: invitee.invitationId }, asUser(invitee.upn));
    const second = await driveConsent({ invitationId: invitee.invitationId }, asUser(invitee.upn), {
      browserBinding: first.started.browserBinding,
    });
    expect(second.started.browserBinding).toBe(first.started.browserBinding);
    expect(await callback(second.callbackUrl!, first.started.browserBinding)).toMatchObject({
      outcome: { kind: "consented" },
    });
  });

  it("rejects an expired state and spends it", async () => {
    const invitee = await freshFabrikamInvitee("expired");
    const driven = await driveConsent({ invitationId: invitee.invitationId }, asUser(invitee.upn));
    const later = new Date(Date.now() + CONSENT_ATTEMPT_LIFETIME_MS + 1000);
    const input = { query: driven.callbackUrl!.searchParams, browserBinding: driven.started.browserBinding };
    expect(await handleConsentCallback({ ...input, now: later })).toEqual({ kind: "problem", reason: "state_expired" });
    expect(await handleConsentCallback(input)).toEqual({ kind: "problem", reason: "state_replayed" });
    expect(await prisma.grant.count({ where: { invitationId: invitee.invitationId } })).toBe(0);
  });
});

describe("code", () => {
  it("rejects a replayed authorization code (AADSTS54005), even under a fresh valid state", async () => {
    const invitee = await freshFabrikamInvitee("code");
    const first = await driveConsent({ invitationId: invitee.invitationId }, asUser(invitee.upn));
    expect(await callback(first.callbackUrl!, first.started.browserBinding)).toMatchObject({
      outcome: { kind: "consented" },
    });
    // an attacker holding the old code starts an attempt of their own and swaps the code in
    const invitee2 = await freshFabrikamInvitee("code2");
    const second = await driveConsent({ invitationId: invitee2.invitationId }, asUser(invitee2.upn));
    const swapped = new URL(second.callbackUrl!);
    swapped.searchParams.set("code", first.callbackUrl!.searchParams.get("code")!);
    const result = await callback(swapped, second.started.browserBinding);
    expect(result).toMatchObject({ kind: "attempt", outcome: { kind: "failed", code: "AADSTS54005" } });
    expect(await prisma.grant.count({ where: { invitationId: invitee2.invitationId } })).toBe(0);
  });

  it("rejects a code from another attempt: its PKCE verifier does not match (AADSTS501481)", async () => {
    const a = await freshFabrikamInvitee("pkce-a");
    const attemptA = await driveConsent({ invitationId: a.invitationId }, asUser(a.upn));
    const attemptB = await driveConsent({ invitationId: a.invitationId }, asUser(a.upn), {
      browserBinding: attemptA.started.browserBinding,
    });
    const crossed = withState(attemptA.callbackUrl!, attemptB.callbackUrl!.searchParams.get("state")!);
    expect(await callback(crossed, attemptA.started.browserBinding)).toMatchObject({
      outcome: { kind: "failed", code: "AADSTS501481" },
    });
  });
});

describe("redirect URI", () => {
  it("surfaces an unregistered redirect URI as AADSTS50011 with the fix for staff and a calm message for the user", async () => {
    const invitee = await freshFabrikamInvitee("redirect");
    const config = delegatedConfigFromEnv({ redirectUri: `${delegatedConfigFromEnv().redirectUri}/typo` });
    const driven = await driveConsent({ invitationId: invitee.invitationId }, asUser(invitee.upn), { config });
    expect(driven.microsoft).toMatchObject({ kind: "errorPage", code: "AADSTS50011" });
    const explained = explainMicrosoftError("AADSTS50011");
    expect(explained.fix.join(" ")).toContain("/consent/callback");
    expect(explained.invitedUserMessage).not.toMatch(/AADSTS|redirect/i);
  });

  it("reports a redirect URI that differs between authorize and the code exchange", async () => {
    const invitee = await freshFabrikamInvitee("redirect2");
    const driven = await driveConsent({ invitationId: invitee.invitationId }, asUser(invitee.upn));
    const config = delegatedConfigFromEnv({
      redirectUri: "http://localhost:3100/api/auth/callback/microsoft-entra-id",
    });
    expect(await callback(driven.callbackUrl!, driven.started.browserBinding, config)).toMatchObject({
      outcome: { kind: "failed", code: "AADSTS50011" },
    });
  });
});

describe("wrong account (policy: reject)", () => {
  it("refuses a grant from an account that does not own the invited address, keeps the link usable, then accepts the right one", async () => {
    const invitee = await freshFabrikamInvitee("invited");
    const someoneElse = await freshFabrikamInvitee("someone-else");
    const link = await issueConsentLink(invitee.invitationId);
    const token = new URL(link.url).pathname.split("/").at(-1)!;
    const wrong = await driveConsent({ token }, asUser(someoneElse.upn));
    expect(await callback(wrong.callbackUrl!, wrong.started.browserBinding)).toMatchObject({
      outcome: { kind: "wrong_account", signedInAs: someoneElse.upn, invitedAddress: invitee.upn },
    });
    expect(
      await prisma.grant.count({
        where: { OR: [{ invitationId: invitee.invitationId }, { objectId: someoneElse.userId }] },
      }),
    ).toBe(0);
    const event = await prisma.invitationEvent.findFirstOrThrow({
      where: { invitationId: invitee.invitationId, type: "consent_wrong_account" },
    });
    expect(event.detail).toMatchObject({ signedInAs: someoneElse.upn });
    expect(
      await prisma.auditLogEntry.count({
        where: { targetId: invitee.invitationId, action: "consent.grant", outcome: "Denied" },
      }),
    ).toBe(1);
    expect(await resolveConsentEntry({ token })).toMatchObject({ kind: "ready" });

    const right = await driveConsent({ token }, asUser(invitee.upn));
    expect(await callback(right.callbackUrl!, right.started.browserBinding)).toMatchObject({
      outcome: { kind: "consented" },
    });
    expect(await resolveConsentEntry({ token })).toMatchObject({ kind: "spent" });
  });
});

describe("ID token validation", () => {
  it("checks signature, audience, issuer and nonce against the authority's JWKS", async () => {
    const invitee = await freshFabrikamInvitee("idtoken");
    const driven = await driveConsent({ invitationId: invitee.invitationId }, asUser(invitee.upn));
    await callback(driven.callbackUrl!, driven.started.browserBinding);
    const grant = await prisma.grant.findFirstOrThrow({ where: { invitationId: invitee.invitationId } });
    const cache = JSON.parse((await readGrantTokenCache(grant.id))!.serialized) as {
      IdToken: Record<string, { secret: string }>;
    };
    const idToken = Object.values(cache.IdToken)[0]!.secret;
    const attempt = await prisma.consentAttempt.findUniqueOrThrow({ where: { id: driven.started.attemptId } });
    const config = delegatedConfigFromEnv();
    const reasonOf = (promise: Promise<unknown>) =>
      promise.then(
        () => "valid",
        (error: unknown) => (error instanceof IdTokenValidationError ? error.reason : String(error)),
      );

    await expect(validateConsentIdToken(idToken, { nonce: attempt.nonce }, config)).resolves.toMatchObject({
      objectId: invitee.userId,
      addresses: [invitee.upn],
    });
    expect(await reasonOf(validateConsentIdToken(idToken, { nonce: "another-nonce" }, config))).toBe("nonce");
    expect(
      await reasonOf(
        validateConsentIdToken(
          idToken,
          { nonce: attempt.nonce },
          { ...config, clientId: "00000000-0000-4000-8000-000000000000" },
        ),
      ),
    ).toBe("audience");
    // a tenant authority publishes a fixed issuer: a Fabrikam user's token is not Contoso's
    expect(
      await reasonOf(
        validateConsentIdToken(
          idToken,
          { nonce: attempt.nonce },
          { ...config, authority: "c0c05000-0000-4000-8000-000000000001" },
        ),
      ),
    ).toBe("issuer");
    const [header, payload, signature] = idToken.split(".");
    const flipped = `${header}.${payload}.${signature!.slice(0, 10)}${signature![10] === "A" ? "B" : "A"}${signature!.slice(11)}`;
    expect(await reasonOf(validateConsentIdToken(flipped, { nonce: attempt.nonce }, config))).toBe("signature");
  });
});
