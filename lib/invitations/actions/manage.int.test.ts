import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Runner } from "graphile-worker";
import { EmulatorControl } from "@/emulator/control/client";
import { runStaffAction } from "@/lib/actions/staff-action";
import { prisma } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { appOnlyTokenProviderFromEnv } from "@/lib/identity/app-only-from-env";
import { enqueueJob } from "@/lib/jobs/enqueue";
import { startWorker } from "@/lib/jobs/runner";
import { checkInvitationNowAction } from "./check-now";
import { inviteUserAction } from "./invite";
import { adminSession, inviteForm, supportSession, uniqueEmail, waitFor } from "@/test/int-support";
import { resendInvitationAction } from "./resend";
import { revokeInvitationAction } from "./revoke";
import { INVITATION_CHANGED_CHANNEL, RESEND_COOLDOWN_MS, type InvitationChangedNotice } from "@/lib/shared/invitations";

const emulator = EmulatorControl.fromEnv();
let worker: Runner;

beforeAll(async () => {
  worker = await startWorker({ schedule: [], pollInterval: 100, concurrency: 4 });
});
afterAll(async () => {
  await worker.stop();
});

/** An invitation that reached Microsoft and waits for the user (PendingAcceptance). */
async function pendingInvitation() {
  const admin = await adminSession();
  const email = uniqueEmail();
  const result = await runStaffAction(inviteUserAction, admin, inviteForm({ email, sendInvitationMessage: "on" }));
  if (!result.ok || result.data.kind !== "queued") throw new Error("invite failed");
  const id = result.data.invitationId;
  const invitation = await waitFor(
    async () => {
      const row = await prisma.invitation.findUniqueOrThrow({ where: { id } });
      return row.status === "PendingAcceptance" ? row : undefined;
    },
    { what: "PendingAcceptance" },
  );
  return { admin, email, invitation, graphUserId: invitation.graphUserId as string };
}

/** The invited person's own account in their home tenant (Fabrikam in the demo scenario), so they can redeem. */
const FABRIKAM_TENANT_ID = "fab00000-0000-4000-8000-000000000002";
async function redeem(email: string, graphUserId: string) {
  const home = await emulator.createUser({
    tenantId: FABRIKAM_TENANT_ID,
    userPrincipalName: email,
    mail: email,
    displayName: "Home account",
  });
  await emulator.redeemInvitedUser(graphUserId, home.id);
}

const postsFor = async (email: string) =>
  (await emulator.listInvitations()).filter((i) => i.invitedUserEmailAddress === email).length;

/** Grants the app extra application permissions in the emulator for the duration of `work`. */
async function withAppPermissions<T>(extra: string[], work: () => Promise<T>): Promise<T> {
  const env = getEnv();
  const tokens = appOnlyTokenProviderFromEnv();
  const original = [...(await tokens.getToken()).roles];
  await emulator.setApplicationPermissions(env.AZURE_CLIENT_ID, env.AZURE_TENANT_ID, [...original, ...extra]);
  await tokens.getToken({ forceRefresh: true });
  try {
    return await work();
  } finally {
    await emulator.setApplicationPermissions(env.AZURE_CLIENT_ID, env.AZURE_TENANT_ID, original);
    await tokens.getToken({ forceRefresh: true });
  }
}

describe("status sync", () => {
  it("moves PendingAcceptance → Accepted after the user redeems, and notifies listeners on commit", async () => {
    const { invitation, graphUserId, email } = await pendingInvitation();
    const { invitation: waiting } = await pendingInvitation(); // not redeemed: recorded by the page's one set-based update
    const listener = new pg.Client({ connectionString: getEnv().DATABASE_URL });
    await listener.connect();
    const notices: InvitationChangedNotice[] = [];
    listener.on("notification", (message) => {
      if (message.channel === INVITATION_CHANGED_CHANNEL && message.payload)
        notices.push(JSON.parse(message.payload) as InvitationChangedNotice);
    });
    await listener.query(`LISTEN ${INVITATION_CHANGED_CHANNEL}`);
    try {
      await redeem(email, graphUserId);
      const since = (await emulator.requests({ area: "graph" })).at(-1)?.id ?? 0;
      const syncRequestedAt = new Date();
      await enqueueJob("invitations.syncStatus", {});
      const accepted = await waitFor(
        async () => {
          const row = await prisma.invitation.findUniqueOrThrow({ where: { id: invitation.id } });
          return row.status === "Accepted" ? row : undefined;
        },
        { what: "Accepted" },
      );
      expect(accepted.externalUserState).toBe("Accepted");
      expect(accepted.externalUserStateChangedAt).toBeInstanceOf(Date);
      const event = await prisma.invitationEvent.findFirst({
        where: { invitationId: invitation.id, type: "status_synced" },
      });
      expect(event).toMatchObject({ fromStatus: "PendingAcceptance", toStatus: "Accepted", actorType: "Worker" });
      await waitFor(async () => notices.some((n) => n.id === invitation.id && n.status === "Accepted"), {
        what: "the NOTIFY",
      });
      // The guest who did not redeem: synced (at the right time, in UTC like every Prisma write), no status change, no event, no notice.
      const synced = await waitFor(
        async () => {
          const row = await prisma.invitation.findUniqueOrThrow({ where: { id: waiting.id } });
          return row.lastSyncedAt && row.lastSyncedAt >= syncRequestedAt ? row : undefined;
        },
        { what: "the waiting guest's lastSyncedAt" },
      );
      expect(Math.abs((synced.lastSyncedAt as Date).getTime() - Date.now())).toBeLessThan(60_000);
      expect(synced).toMatchObject({
        status: "PendingAcceptance",
        externalUserState: "PendingAcceptance",
        version: waiting.version,
      });
      expect(await prisma.invitationEvent.count({ where: { invitationId: waiting.id, type: "status_synced" } })).toBe(
        0,
      );
      expect(notices.some((n) => n.id === waiting.id)).toBe(false);
      // Few Graph calls: guest list pages with $select, never one GET per invitation.
      const calls = (await emulator.requests({ area: "graph", sinceId: since })).filter((r) =>
        r.url.includes("/users"),
      );
      expect(calls.length).toBeGreaterThan(0);
      expect(calls.every((r) => r.url.includes("%24select=") || r.url.includes("$select="))).toBe(true);
      expect(calls.some((r) => r.url.includes(graphUserId))).toBe(false);
    } finally {
      await listener.end();
    }
  });

  it("checks one invitation now (support), GET /users/{id}", async () => {
    const { invitation, graphUserId, email } = await pendingInvitation();
    const support = await supportSession();
    const before = await runStaffAction(checkInvitationNowAction, support, invitation.id);
    expect(before).toMatchObject({ ok: true, data: { status: "PendingAcceptance", changed: false } });
    await redeem(email, graphUserId);
    const after = await runStaffAction(checkInvitationNowAction, support, invitation.id);
    expect(after).toMatchObject({
      ok: true,
      data: { status: "Accepted", externalUserState: "Accepted", changed: true },
    });
    expect(await runStaffAction(checkInvitationNowAction, null, invitation.id)).toMatchObject({
      ok: false,
      code: "unauthenticated",
    });
  });
});

describe("resend", () => {
  it("re-posts with the mail on once per 10 minutes, and says when it is available again", async () => {
    const { invitation, email } = await pendingInvitation();
    const support = await supportSession();
    expect(await postsFor(email)).toBe(1);
    const first = await runStaffAction(resendInvitationAction, support, {
      invitationId: invitation.id,
      resetRedemption: false,
    });
    expect(first).toMatchObject({ ok: true });
    if (!first.ok) throw new Error(first.message);
    expect(new Date(first.data.nextResendAt).getTime()).toBeGreaterThan(Date.now() + RESEND_COOLDOWN_MS - 60_000);
    expect(await postsFor(email)).toBe(2);
    const lastPost = (await emulator.listInvitations()).filter((i) => i.invitedUserEmailAddress === email).at(-1);
    expect(lastPost?.sendInvitationMessage).toBe(true);

    const second = await runStaffAction(resendInvitationAction, support, {
      invitationId: invitation.id,
      resetRedemption: false,
    });
    expect(second).toMatchObject({ ok: false, code: "rate_limited", retryAt: first.data.nextResendAt });
    expect(await postsFor(email)).toBe(2);
    // Even an admin waits: the limit protects the invited person's inbox, not a role.
    const admin = await adminSession();
    expect(
      await runStaffAction(resendInvitationAction, admin, { invitationId: invitation.id, resetRedemption: false }),
    ).toMatchObject({ ok: false, code: "rate_limited" });

    const events = await prisma.invitationEvent.findMany({ where: { invitationId: invitation.id, type: "resent" } });
    expect(events).toHaveLength(1);
    expect(await prisma.auditLogEntry.count({ where: { targetId: invitation.id, action: "invitation.resend" } })).toBe(
      3,
    );
  });

  it("keeps resetRedemption for admins, and explains the permission it needs", async () => {
    const { invitation } = await pendingInvitation();
    const support = await supportSession();
    expect(
      await runStaffAction(resendInvitationAction, support, { invitationId: invitation.id, resetRedemption: true }),
    ).toMatchObject({ ok: false, code: "forbidden" });
    const admin = await adminSession();
    const refused = await runStaffAction(resendInvitationAction, admin, {
      invitationId: invitation.id,
      resetRedemption: true,
    });
    expect(refused).toMatchObject({ ok: false, code: "conflict" });
    if (refused.ok) throw new Error("unexpected");
    expect(refused.message).toMatch(/User\.ReadWrite\.All/);
    expect(await runStaffAction(resendInvitationAction, null, { invitationId: invitation.id })).toMatchObject({
      ok: false,
      code: "unauthenticated",
    });
  });
});

describe("reset redemption", () => {
  it("with User.ReadWrite.All, an admin sends the accepted guest back to PendingAcceptance to redeem again", async () => {
    const { invitation, graphUserId, email, admin } = await pendingInvitation();
    await redeem(email, graphUserId);
    expect(await runStaffAction(checkInvitationNowAction, admin, invitation.id)).toMatchObject({
      ok: true,
      data: { status: "Accepted" },
    });
    const reset = await withAppPermissions(["User.ReadWrite.All"], () =>
      runStaffAction(resendInvitationAction, admin, { invitationId: invitation.id, resetRedemption: true }),
    );
    expect(reset).toMatchObject({ ok: true, data: { invitationId: invitation.id } });
    const after = await prisma.invitation.findUniqueOrThrow({ where: { id: invitation.id } });
    expect(after).toMatchObject({ status: "PendingAcceptance", externalUserState: "PendingAcceptance" });
    expect((await emulator.getUser(graphUserId)).externalUserState).toBe("PendingAcceptance");
    const lastPost = (await emulator.listInvitations()).filter((i) => i.invitedUserEmailAddress === email).at(-1);
    expect(lastPost).toMatchObject({ resetRedemption: true, invitedUserId: graphUserId, sendInvitationMessage: true });
    expect(
      await prisma.invitationEvent.findFirst({ where: { invitationId: invitation.id, type: "redemption_reset" } }),
    ).toMatchObject({ fromStatus: "Accepted", toStatus: "PendingAcceptance" });
  });

  it("refuses a reset for an invitation nobody redeemed yet, on the server, before calling Microsoft", async () => {
    const { invitation, email, admin } = await pendingInvitation();
    const posts = await postsFor(email);
    const refused = await withAppPermissions(["User.ReadWrite.All"], () =>
      runStaffAction(resendInvitationAction, admin, { invitationId: invitation.id, resetRedemption: true }),
    );
    expect(refused).toMatchObject({ ok: false, code: "conflict", message: expect.stringMatching(/not redeemed/) });
    expect(await postsFor(email)).toBe(posts);
    expect(
      await prisma.invitationEvent.count({
        where: { invitationId: invitation.id, type: { in: ["resent", "redemption_reset"] } },
      }),
    ).toBe(0);
    // The refusal took no resend slot: a plain resend still goes out at once.
    expect(
      await runStaffAction(resendInvitationAction, admin, { invitationId: invitation.id, resetRedemption: false }),
    ).toMatchObject({ ok: true });
  });
});

describe("revoke", () => {
  it("is admin only; removes the guest from the tenant and marks the invitation and grant revoked", async () => {
    const { invitation, graphUserId, admin } = await pendingInvitation();
    const support = await supportSession();
    expect(await runStaffAction(revokeInvitationAction, support, invitation.id)).toMatchObject({
      ok: false,
      code: "forbidden",
    });
    expect(await runStaffAction(revokeInvitationAction, null, invitation.id)).toMatchObject({
      ok: false,
      code: "unauthenticated",
    });

    // Without User.ReadWrite.All Microsoft refuses; the admin is told what to grant and nothing changes.
    const refused = await runStaffAction(revokeInvitationAction, admin, invitation.id);
    expect(refused).toMatchObject({ ok: false, code: "microsoft_error" });
    expect((await prisma.invitation.findUniqueOrThrow({ where: { id: invitation.id } })).status).toBe(
      "PendingAcceptance",
    );

    await prisma.grant.create({
      data: {
        invitationId: invitation.id,
        homeAccountId: `${graphUserId}.home`,
        homeTenantId: "home",
        objectId: graphUserId,
        username: invitation.email,
        scopes: ["Mail.Send"],
        tokenCacheCipher: Buffer.from("x"),
        tokenCacheKeyId: "test",
      },
    });
    const revoked = await withAppPermissions(["User.ReadWrite.All"], () =>
      runStaffAction(revokeInvitationAction, admin, invitation.id),
    );
    expect(revoked).toMatchObject({
      ok: true,
      data: { invitationId: invitation.id, guestDeleted: true, grantRevoked: true },
    });
    expect((await prisma.invitation.findUniqueOrThrow({ where: { id: invitation.id } })).status).toBe("Revoked");
    expect((await prisma.grant.findUniqueOrThrow({ where: { invitationId: invitation.id } })).status).toBe("Revoked");
    expect((await emulator.listUsers()).some((u) => u.id === graphUserId)).toBe(false);
    expect(
      await prisma.auditLogEntry.findFirst({
        where: { targetId: invitation.id, action: "invitation.revoke", outcome: "Success" },
      }),
    ).toBeTruthy();
    // A revoked invitation cannot be resent.
    expect(await runStaffAction(resendInvitationAction, admin, { invitationId: invitation.id })).toMatchObject({
      ok: false,
      code: "forbidden",
    });
  });
});
