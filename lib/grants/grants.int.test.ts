// Keeping grants alive and sending as the user, against the emulator and a real PostgreSQL.
import { afterEach, describe, expect, it } from "vitest";
import { EmulatorControl } from "@/emulator/control/client";
import { DEMO_APP } from "@/emulator/state/default-scenario";
import { consentFully, freshFabrikamInvitee } from "@/lib/consent/flow.test-support";
import { issueConsentLink } from "@/lib/consent/links";
import { prisma } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { appGraphClientFromEnv } from "@/lib/graph/from-env";
import { createInvitation } from "@/lib/graph/invitations";
import { delegatedConfigFromEnv } from "@/lib/tokens/delegated-client";
import { readGrantTokenCache } from "@/lib/tokens/vault";
import { refreshDueGrants, refreshGrant } from "./refresh";
import { SendAsError, sendMailAs } from "./send-mail";

const emulator = EmulatorControl.fromEnv();
afterEach(async () => {
  await emulator.setRefreshRotation("entra");
  await emulator.resetFaults();
});

type Cache = { RefreshToken: Record<string, { secret: string }>; AccessToken: Record<string, { secret: string }> };
const cacheOf = async (grantId: string) => JSON.parse((await readGrantTokenCache(grantId))!.serialized) as Cache;
const refreshTokenOf = async (grantId: string) => Object.values((await cacheOf(grantId)).RefreshToken)[0]!.secret;
const message = (subject: string) => ({
  subject,
  body: { contentType: "Text" as const, content: "Hello from the grants test." },
  toRecipients: ["someone@example.org"],
});

describe("refresh", () => {
  it("renews a due grant before its tokens lapse: new refresh token saved, next refresh scheduled", async () => {
    const invitee = await freshFabrikamInvitee("refresh");
    const grantId = await consentFully({ invitationId: invitee.invitationId }, invitee.upn);
    const before = await prisma.grant.findUniqueOrThrow({ where: { id: grantId } });
    const oldRefreshToken = await refreshTokenOf(grantId);
    // not due yet: the job leaves it alone
    expect(await refreshGrant(grantId)).toBe("not_due");
    await prisma.grant.update({ where: { id: grantId }, data: { nextRefreshAt: new Date(Date.now() - 1000) } });

    const summary = await refreshDueGrants({ limit: 1000 });
    expect(summary.results.refreshed).toBeGreaterThanOrEqual(1);
    const after = await prisma.grant.findUniqueOrThrow({ where: { id: grantId } });
    expect(after.version).toBe(before.version + 1);
    expect(after.nextRefreshAt!.getTime()).toBeGreaterThan(Date.now() + 60 * 60_000);
    expect(after.lastRefreshedAt!.getTime()).toBeGreaterThan(before.lastRefreshedAt!.getTime());
    expect(await refreshTokenOf(grantId)).not.toBe(oldRefreshToken);
  });

  it("two concurrent refreshers lose nothing, even with strict refresh-token rotation", async () => {
    const invitee = await freshFabrikamInvitee("race");
    const grantId = await consentFully({ invitationId: invitee.invitationId }, invitee.upn);
    await emulator.setRefreshRotation("strict");
    const version = (await prisma.grant.findUniqueOrThrow({ where: { id: grantId } })).version;
    // forced: both really redeem a refresh token, one after the other under the grant's lock
    const results = await Promise.all([
      refreshGrant(grantId, { force: true }),
      refreshGrant(grantId, { force: true }),
      refreshGrant(grantId, { force: true }),
    ]);
    expect(results).toEqual(["refreshed", "refreshed", "refreshed"]);
    const grant = await prisma.grant.findUniqueOrThrow({ where: { id: grantId } });
    expect(grant).toMatchObject({ status: "Active", version: version + 3, refreshFailures: 0 });
    // the stored refresh token is the newest: it still works under strict rotation
    expect(await refreshGrant(grantId, { force: true })).toBe("refreshed");

    // due, not forced: the first refresher renews, the others find it no longer due
    await prisma.grant.update({ where: { id: grantId }, data: { nextRefreshAt: new Date(Date.now() - 1000) } });
    const due = await Promise.all([refreshGrant(grantId), refreshGrant(grantId), refreshGrant(grantId)]);
    expect(due.sort()).toEqual(["not_due", "not_due", "refreshed"]);
    expect(await refreshGrant(grantId, { force: true })).toBe("refreshed");
  });

  it("a revoked grant becomes ConsentExpired with the reason; a fresh link brings it back", async () => {
    const invitee = await freshFabrikamInvitee("revoked");
    const grantId = await consentFully({ invitationId: invitee.invitationId }, invitee.upn);
    await emulator.revokeUser(invitee.userId, DEMO_APP.clientId);

    expect(await refreshGrant(grantId, { force: true })).toBe("consent_expired");
    const grant = await prisma.grant.findUniqueOrThrow({ where: { id: grantId } });
    expect(grant).toMatchObject({ status: "NeedsRenewal", failureCode: expect.stringMatching(/^AADSTS/) });
    const invitation = await prisma.invitation.findUniqueOrThrow({
      where: { id: invitee.invitationId },
      include: { events: { orderBy: { createdAt: "desc" }, take: 1 } },
    });
    expect(invitation.status).toBe("ConsentExpired");
    expect(invitation.events[0]).toMatchObject({
      type: "consent_expired",
      detail: expect.objectContaining({ code: grant.failureCode }),
    });
    await expect(sendMailAs(grantId, message("after revoke"))).rejects.toMatchObject({ kind: "grant_unusable" });

    const link = await issueConsentLink(invitee.invitationId);
    const again = await consentFully({ token: new URL(link.url).pathname.split("/").at(-1)! }, invitee.upn);
    expect(again).toBe(grantId);
    expect(await prisma.grant.findUniqueOrThrow({ where: { id: grantId } })).toMatchObject({
      status: "Active",
      failureCode: null,
    });
    expect((await prisma.invitation.findUniqueOrThrow({ where: { id: invitee.invitationId } })).status).toBe(
      "Consented",
    );
    await sendMailAs(grantId, message("after re-consent"));
  });

  it("retries transient failures (token endpoint 503, unreachable host) later with backoff, without expiring the grant", async () => {
    const invitee = await freshFabrikamInvitee("transient");
    const grantId = await consentFully({ invitationId: invitee.invitationId }, invitee.upn);
    await emulator.setFaults({
      includeIdentity: true,
      rules: [{ pathPrefix: "/common/oauth2/v2.0/token", serverErrorRate: 1, serverErrorStatus: 503, remaining: 10 }],
    });
    expect(await refreshGrant(grantId, { force: true })).toBe("retry_later");
    const first = await prisma.grant.findUniqueOrThrow({ where: { id: grantId } });
    expect(first).toMatchObject({ status: "Active", refreshFailures: 1 });
    await emulator.resetFaults();
    // unreachable authority host: a second failure in a row waits longer
    const unreachable = delegatedConfigFromEnv({ authorityHost: "https://localhost:59999" });
    expect(await refreshGrant(grantId, { force: true, config: unreachable })).toBe("retry_later");
    const second = await prisma.grant.findUniqueOrThrow({ where: { id: grantId } });
    expect(second).toMatchObject({ status: "Active", refreshFailures: 2 });
    expect(second.nextRefreshAt!.getTime() - Date.now()).toBeGreaterThan(
      first.nextRefreshAt!.getTime() - first.updatedAt.getTime(),
    );
    expect((await prisma.invitation.findUniqueOrThrow({ where: { id: invitee.invitationId } })).status).toBe(
      "Consented",
    );
    expect(await refreshGrant(grantId, { force: true })).toBe("refreshed");
    expect(await prisma.grant.findUniqueOrThrow({ where: { id: grantId } })).toMatchObject({
      refreshFailures: 0,
      failureCode: null,
    });
  });
});

describe("sendMailAs", () => {
  it("sends as the user through their delegated token; the emulator shows the mail from their address", async () => {
    const invitee = await freshFabrikamInvitee("sender");
    const grantId = await consentFully({ invitationId: invitee.invitationId }, invitee.upn);
    const subject = `grants test ${grantId}`;
    await sendMailAs(grantId, message(subject));
    const sent = await emulator.sentMail({ from: invitee.upn });
    expect(sent.some((mail) => mail.subject === subject)).toBe(true);
  });

  it("gets a new token and sends once more when Graph rejects a token revoked mid-life (401)", async () => {
    const invitee = await freshFabrikamInvitee("expired-at");
    const grantId = await consentFully({ invitationId: invitee.invitationId }, invitee.upn);
    await emulator.expireTokens({ kind: "access", userId: invitee.userId });
    const before = await prisma.grant.findUniqueOrThrow({ where: { id: grantId } });
    const since = Math.max(0, ...(await emulator.requests({ area: "graph" })).map((entry) => entry.id));
    await sendMailAs(grantId, message("after expiry"));
    expect((await prisma.grant.findUniqueOrThrow({ where: { id: grantId } })).version).toBeGreaterThan(before.version);
    // The refused call, then one with the fresh token: never the expired token a second time.
    const sends = (await emulator.requests({ area: "graph", sinceId: since })).filter(
      (entry) => entry.method === "POST" && entry.url.includes("/me/sendMail"),
    );
    expect(sends.map((entry) => entry.status)).toEqual([401, 202]);
  });

  it("reproduces MailboxNotEnabledForRESTAPI with a tenant authority (CONSENT_AUTHORITY = our tenant) and explains the fix", async () => {
    const invitee = await freshFabrikamInvitee("tenant-authority");
    // make the user a redeemed guest of our tenant, as a real invitation would
    const invitation = await createInvitation(appGraphClientFromEnv(), {
      invitedUserEmailAddress: invitee.upn,
      inviteRedirectUrl: `${getEnv().APP_URL}/consent/i/${invitee.invitationId}`,
      sendInvitationMessage: false,
    });
    await emulator.redeemInvitedUser(invitation.invitedUser!.id, invitee.userId);
    const tenantAuthority = delegatedConfigFromEnv({ authority: getEnv().AZURE_TENANT_ID });
    const grantId = await consentFully({ invitationId: invitee.invitationId }, invitee.upn, tenantAuthority);

    const error = await sendMailAs(grantId, message("tenant authority"), { config: tenantAuthority }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SendAsError);
    const failure = error as SendAsError;
    expect(failure).toMatchObject({ kind: "graph", code: "MailboxNotEnabledForRESTAPI" });
    expect(failure.explained!.fix.join(" ")).toMatch(/common/);
    expect(failure.message + JSON.stringify(failure.explained)).not.toMatch(/eyJ/);
  });
});
