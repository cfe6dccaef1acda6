// Writes the outcome of a consent round trip: the attempt's failure code and a timeline event, or —
// on success, in one transaction — the grant (through the vault), the spent link, the invitation
// moved to Consented with its event, and an audit entry. No token reaches an event or audit entry.
import { recordAuditEntry } from "@/lib/audit/record";
import { prisma } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { nextRefreshAt } from "@/lib/grants/refresh-policy";
import { transitionInvitation } from "@/lib/invitations/status";
import { storeConsentedGrant } from "@/lib/tokens/vault";
import type { ConsentingAccount } from "./id-token";
import { FAILURE_WRONG_ACCOUNT } from "./outcome";

export async function recordConsentFailure(input: { attemptId: string; invitationId: string; code: string; detail?: Record<string, string> }): Promise<void> {
  const wrongAccount = input.code === FAILURE_WRONG_ACCOUNT;
  await prisma.$transaction(async (tx) => {
    await tx.consentAttempt.update({ where: { id: input.attemptId }, data: { failureCode: input.code } });
    await tx.invitationEvent.create({
      data: {
        invitationId: input.invitationId,
        type: wrongAccount ? "consent_wrong_account" : "consent_failed",
        actorType: "InvitedUser",
        actorId: input.invitationId,
        detail: { attemptId: input.attemptId, code: input.code, ...input.detail },
      },
    });
    if (wrongAccount) {
      await recordAuditEntry(
        {
          actorType: "InvitedUser",
          actorId: input.invitationId,
          actorEmail: input.detail?.signedInAs ?? null,
          action: "consent.grant",
          targetType: "invitation",
          targetId: input.invitationId,
          outcome: "Denied",
          detail: { reason: "wrong_account", attemptId: input.attemptId },
        },
        tx,
      );
    }
  });
}

export interface ConsentSuccessInput {
  attemptId: string;
  invitationId: string;
  consentRequestId: string | null;
  account: ConsentingAccount;
  homeAccountId: string;
  scopes: string[];
  serializedCache: string;
  accessTokenExpiresAt: Date | null;
}

const CONSENTABLE_FROM = ["Queued", "Sending", "PendingAcceptance", "Accepted", "Consented", "ConsentExpired", "Failed"] as const;

export async function recordConsentSuccess(input: ConsentSuccessInput): Promise<{ ok: true; grantId: string } | { ok: false; code: string }> {
  const now = new Date();
  return prisma.$transaction(async (tx: Prisma.TransactionClient) => {
    const invitation = await tx.invitation.findUnique({ where: { id: input.invitationId }, select: { status: true } });
    if (!invitation || invitation.status === "Revoked") {
      await tx.consentAttempt.update({ where: { id: input.attemptId }, data: { failureCode: "invitation_revoked" } });
      return { ok: false as const, code: "invitation_revoked" };
    }
    const { grantId } = await storeConsentedGrant(
      {
        invitationId: input.invitationId,
        homeAccountId: input.homeAccountId,
        homeTenantId: input.account.tenantId,
        objectId: input.account.objectId,
        username: input.account.username,
        scopes: input.scopes,
        serializedCache: input.serializedCache,
        accessTokenExpiresAt: input.accessTokenExpiresAt,
        nextRefreshAt: nextRefreshAt(now),
      },
      tx,
    );
    if (input.consentRequestId) {
      await tx.consentRequest.updateMany({ where: { id: input.consentRequestId, spentAt: null }, data: { spentAt: now } });
    }
    const detail = { attemptId: input.attemptId, grantId, account: input.account.username, scopes: input.scopes };
    await transitionInvitation(
      {
        invitationId: input.invitationId,
        from: CONSENTABLE_FROM,
        to: "Consented",
        event: "consented",
        actor: { actorType: "InvitedUser", actorId: input.invitationId },
        data: { lastErrorCode: null, lastErrorMessage: null, lastErrorRequestId: null },
        detail,
      },
      tx,
    );
    await recordAuditEntry(
      {
        actorType: "InvitedUser",
        actorId: input.invitationId,
        actorEmail: input.account.username,
        action: "consent.grant",
        targetType: "invitation",
        targetId: input.invitationId,
        outcome: "Success",
        detail,
      },
      tx,
    );
    return { ok: true as const, grantId };
  });
}
