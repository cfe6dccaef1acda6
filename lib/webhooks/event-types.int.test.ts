// Each event type through its real code path (the invite action and the send job, Microsoft
// refusing the send, the status sync, the refresher, the consent callback, the mail sender, the
// daily registration check) against the emulator, and each delivered to a real receiver that
// verifies it with the `standardwebhooks` library.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EmulatorControl } from "@/emulator/control/client";
import { DEMO_APP } from "@/emulator/state/default-scenario";
import { runStaffAction } from "@/lib/actions/staff-action";
import { createTestKey } from "@/lib/api/api.test-support";
import { asUser, callback, consentFully, driveConsent, freshFabrikamInvitee } from "@/lib/consent/flow.test-support";
import { prisma } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { refreshGrant } from "@/lib/grants/refresh";
import { confirmBulkInviteAction, startBulkInviteAction } from "@/lib/invitations/actions/bulk-upload";
import { inviteUserAction } from "@/lib/invitations/actions/invite";
import { revokeInvitationAction } from "@/lib/invitations/actions/revoke";
import { syncGuestStates } from "@/lib/invitations/status-sync";
import { processBulkRun } from "@/lib/invitations/worker/bulk-run";
import { checkRegistrationJob } from "@/lib/jobs/handlers/registration";
import { sendInvitation } from "@/lib/invitations/worker/send";
import { requestHashOf } from "@/lib/api/idempotency";
import { queueOutgoingMessage, sendOutgoingMessage } from "@/lib/mail/outgoing";
import type { WebhookEventType } from "@/lib/shared/webhook-events";
import { adminSession, inviteForm, uniqueEmail } from "@/test/int-support";
import { startReceiverEndpoint, type ReceiverEndpoint } from "@/test/webhook-endpoint";

const emulator = EmulatorControl.fromEnv();
const FABRIKAM_TENANT_ID = "fab00000-0000-4000-8000-000000000002";
let hooks: ReceiverEndpoint;

beforeAll(async () => {
  hooks = await startReceiverEndpoint();
});
afterAll(() => hooks.close());

/** Delivers what is pending and returns the verified bodies of `type` about `subjectId`. */
async function delivered(type: WebhookEventType, subjectId: string): Promise<{ type: string; data: unknown }[]> {
  await hooks.deliver();
  const ids = new Set(
    (await prisma.outboxEvent.findMany({ where: { type, subjectId }, select: { id: true } })).map((event) => event.id),
  );
  expect(hooks.receiver.received.every((delivery) => delivery.verified)).toBe(true);
  return hooks.receiver
    .verified()
    .filter((delivery) => ids.has(delivery.id))
    .map((delivery) => JSON.parse(delivery.body) as { type: string; data: unknown });
}

/** Queues a message as the API does, for the mail sender to send. */
async function queueMessage(
  grantId: string,
  apiKeyId: string,
  message: Parameters<typeof queueOutgoingMessage>[0]["message"],
) {
  const queued = await queueOutgoingMessage({
    grantId,
    apiKeyId,
    idempotencyKey: randomUUID(),
    message,
    requestHash: requestHashOf({ grantId, message }),
  });
  if (queued.kind !== "queued") throw new Error(queued.kind);
  return queued;
}

describe("each event type from its real code path, verified by the receiver", () => {
  it("invitation.created, invitation.sent and invitation.redeemed: invite, the send job, the status sync", async () => {
    const email = uniqueEmail("hooks-invite");
    const invited = await runStaffAction(inviteUserAction, await adminSession(), inviteForm({ email }));
    if (!invited.ok || invited.data.kind !== "queued") throw new Error(JSON.stringify(invited));
    const invitationId = invited.data.invitationId;
    expect(await delivered("invitation.created", invitationId)).toEqual([
      expect.objectContaining({ type: "invitation.created", data: expect.objectContaining({ status: "Queued" }) }),
    ]);

    await sendInvitation(invitationId);
    const sent = await prisma.invitation.findUniqueOrThrow({ where: { id: invitationId } });
    expect(sent.status).toBe("PendingAcceptance");
    expect(await delivered("invitation.sent", invitationId)).toEqual([
      expect.objectContaining({
        data: expect.objectContaining({ status: "PendingAcceptance", guestUserId: sent.graphUserId }),
      }),
    ]);

    const home = await emulator.createUser({
      tenantId: FABRIKAM_TENANT_ID,
      userPrincipalName: email,
      mail: email,
      displayName: "Home account",
    });
    await emulator.redeemInvitedUser(sent.graphUserId!, home.id);
    await syncGuestStates();
    expect(await delivered("invitation.redeemed", invitationId)).toEqual([
      expect.objectContaining({ data: expect.objectContaining({ status: "Accepted" }) }),
    ]);
  });

  it("invitation.failed: the send job, when Microsoft refuses POST /invitations", async () => {
    // A documented refusal of the tenant's invitations (403 Authorization_RequestDenied).
    const tenantId = getEnv().AZURE_TENANT_ID;
    await emulator.updateTenant(tenantId, { invitationsBlockedForSuspiciousActivity: true });
    try {
      const invited = await runStaffAction(
        inviteUserAction,
        await adminSession(),
        inviteForm({ email: uniqueEmail("hooks-failed") }),
      );
      if (!invited.ok || invited.data.kind !== "queued") throw new Error(JSON.stringify(invited));
      const invitationId = invited.data.invitationId;
      expect(await sendInvitation(invitationId)).toMatchObject({
        kind: expect.stringMatching(/^(failed|tenantRefused)$/),
      });
      const failed = await prisma.invitation.findUniqueOrThrow({ where: { id: invitationId } });
      expect(failed).toMatchObject({ status: "Failed", lastErrorCode: expect.any(String) });
      expect(await delivered("invitation.failed", invitationId)).toEqual([
        expect.objectContaining({
          type: "invitation.failed",
          data: expect.objectContaining({
            id: invitationId,
            status: "Failed",
            guestUserId: null,
            failure: { code: failed.lastErrorCode, message: failed.lastErrorMessage },
          }),
        }),
      ]);
    } finally {
      await emulator.updateTenant(tenantId, { invitationsBlockedForSuspiciousActivity: false });
    }
  });

  it("invitation.revoked and grant.erased (invitation_revoked): an admin revokes a consented invitation", async () => {
    const invitee = await freshFabrikamInvitee("hooks-revoke");
    const grantId = await consentFully({ invitationId: invitee.invitationId }, invitee.upn);
    expect(await runStaffAction(revokeInvitationAction, await adminSession(), invitee.invitationId)).toMatchObject({
      ok: true,
      data: { grantRevoked: true },
    });
    expect(await delivered("invitation.revoked", invitee.invitationId)).toEqual([
      expect.objectContaining({ data: expect.objectContaining({ id: invitee.invitationId, status: "Revoked" }) }),
    ]);
    expect(await delivered("grant.erased", grantId)).toEqual([
      expect.objectContaining({
        data: expect.objectContaining({ id: grantId, status: "Revoked", erasureReason: "invitation_revoked" }),
      }),
    ]);
  });

  it("bulk_run.finished: a confirmed bulk invite run to its end", async () => {
    const admin = await adminSession();
    const form = new FormData();
    const lines = ["email", uniqueEmail("hooks-bulk"), uniqueEmail("hooks-bulk")];
    form.set("file", new File([lines.join("\n")], "guests.csv", { type: "text/csv" }));
    const preview = await runStaffAction(startBulkInviteAction, admin, form);
    if (!preview.ok) throw new Error(preview.message);
    expect(await runStaffAction(confirmBulkInviteAction, admin, preview.data.runId)).toMatchObject({ ok: true });
    await processBulkRun(preview.data.runId); // as the bulk-run job does
    expect(await delivered("bulk_run.finished", preview.data.runId)).toEqual([
      expect.objectContaining({
        data: expect.objectContaining({ id: preview.data.runId, status: "Completed", invitedCount: 2 }),
      }),
    ]);
  });

  it("grant.needs_reconsent: the refresher finds the consent revoked", async () => {
    const invitee = await freshFabrikamInvitee("hooks-reconsent");
    const grantId = await consentFully({ invitationId: invitee.invitationId }, invitee.upn);
    // The emulator revokes the user's tokens as Microsoft does (AADSTS50173 at the next refresh).
    await emulator.revokeUser(invitee.userId, DEMO_APP.clientId);
    expect(await refreshGrant(grantId, { force: true })).toBe("consent_expired");
    expect(await delivered("grant.needs_reconsent", grantId)).toEqual([
      expect.objectContaining({
        data: expect.objectContaining({
          id: grantId,
          status: "NeedsRenewal",
          reconsentReason: "revoked",
        }),
      }),
    ]);
  });

  it("grant.admin_consent_required: Microsoft answers that an administrator must approve", async () => {
    const invitee = await freshFabrikamInvitee("hooks-admin", "northwind");
    const driven = await driveConsent(
      { invitationId: invitee.invitationId },
      asUser(invitee.upn, { adminApproval: "return" }),
    );
    await callback(driven.callbackUrl!, driven.started.browserBinding);
    const bodies = await delivered("grant.admin_consent_required", invitee.invitationId);
    expect(bodies).toHaveLength(1);
    expect(bodies[0]!.type).toBe("grant.admin_consent_required");
  });

  it("registration.check_failed and registration.secret_expiring: the daily check, its secret ending in 3 days", async () => {
    const tenantId = getEnv().AZURE_TENANT_ID;
    // A fresh end date: the expiry event is raised once per credential and threshold.
    const endsAt = new Date(Date.now() + 3 * 86_400_000 + 3_600_000).toISOString();
    const jobHelpers = {
      logger: { info: () => {}, warn: () => {}, error: () => {}, debug: () => {} },
    } as unknown as Parameters<typeof checkRegistrationJob>[1];
    // The secret in use near its end (a warning), and a tenant where only admins may invite (a failure).
    await emulator.updateSecret(DEMO_APP.clientId, DEMO_APP.secretId, { endDateTime: endsAt });
    await emulator.updateTenant(tenantId, { allowInvitesFrom: "adminsAndGuestInviters" });
    let runId: string;
    try {
      await checkRegistrationJob({}, jobHelpers);
      const run = await prisma.registrationCheckRun.findFirstOrThrow({
        where: { trigger: "Schedule" },
        orderBy: [{ ranAt: "desc" }, { id: "desc" }],
      });
      expect(run).toMatchObject({ status: "fail", credentialExpiresAt: new Date(endsAt) });
      runId = run.id;
    } finally {
      await emulator.updateSecret(DEMO_APP.clientId, DEMO_APP.secretId, { endDateTime: "2099-12-31T00:00:00.000Z" });
      await emulator.updateTenant(tenantId, { allowInvitesFrom: "everyone" });
    }
    const check = expect.objectContaining({
      id: runId,
      status: "fail",
      credentialExpiresAt: endsAt,
      failedChecks: expect.arrayContaining(["Guest invitation policy"]),
    });
    expect(await delivered("registration.check_failed", runId)).toEqual([
      expect.objectContaining({ type: "registration.check_failed", data: check }),
    ]);
    expect(await delivered("registration.secret_expiring", runId)).toEqual([
      expect.objectContaining({ type: "registration.secret_expiring", data: check }),
    ]);
  });

  it("message.failed: the mail sender, when Microsoft refuses the send (MailboxNotEnabledForRESTAPI)", async () => {
    const invitee = await freshFabrikamInvitee("hooks-mail-refused");
    const grantId = await consentFully({ invitationId: invitee.invitationId }, invitee.upn);
    const key = await createTestKey(["mail:send"], "hooks");
    // The person's mailbox moved on-premises after the consent: Graph answers 404 to sendMail.
    await emulator.updateUser(invitee.userId, { mailbox: "onPremises" });
    const message = {
      subject: `hooks refused ${randomUUID()}`,
      body: { contentType: "Text" as const, content: "refused by Microsoft" },
      toRecipients: ["someone@example.org"],
    };
    const queued = await queueMessage(grantId, key.id, message);
    await sendOutgoingMessage(queued.message.id);
    expect(await prisma.outgoingMessage.findUniqueOrThrow({ where: { id: queued.message.id } })).toMatchObject({
      status: "Failed",
      failureCode: "MailboxNotEnabledForRESTAPI",
    });
    expect(await delivered("message.failed", queued.message.id)).toEqual([
      expect.objectContaining({
        type: "message.failed",
        data: expect.objectContaining({
          id: queued.message.id,
          status: "Failed",
          failure: expect.objectContaining({ code: "MailboxNotEnabledForRESTAPI" }),
        }),
      }),
    ]);
  });

  it("message.sent and message.failed: the mail sender", async () => {
    const invitee = await freshFabrikamInvitee("hooks-mail");
    const grantId = await consentFully({ invitationId: invitee.invitationId }, invitee.upn);
    const key = await createTestKey(["mail:send"], "hooks");
    const message = {
      subject: `hooks ${randomUUID()}`,
      body: { contentType: "Text" as const, content: "event types" },
      toRecipients: ["someone@example.org"],
    };
    const queued = await queueMessage(grantId, key.id, message);
    await sendOutgoingMessage(queued.message.id);
    expect(await delivered("message.sent", queued.message.id)).toEqual([
      expect.objectContaining({ data: expect.objectContaining({ id: queued.message.id, status: "Sent" }) }),
    ]);

    // As a worker killed during the Graph call leaves a message: the sender never sends it again.
    const interrupted = await prisma.outgoingMessage.create({
      data: {
        grantId,
        apiKeyId: key.id,
        idempotencyKey: randomUUID(),
        requestHash: "x",
        status: "Sending",
        sendStartedAt: new Date(),
        attempts: 1,
        payload: message,
      },
    });
    await sendOutgoingMessage(interrupted.id);
    expect(await delivered("message.failed", interrupted.id)).toEqual([
      expect.objectContaining({ data: expect.objectContaining({ id: interrupted.id, status: "Failed" }) }),
    ]);
  });
});
