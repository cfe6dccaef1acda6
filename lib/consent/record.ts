import "server-only";
// Writes the outcome of a consent round trip: the attempt's failure code and a timeline event, or —
// on success, in one transaction — the grant (through the vault), the spent link, the invitation
// moved to Consented with its event, and an audit entry. No token reaches an event or audit entry.
// A refused account (wrong account, or one that would take over or move a grant) is audited Denied.
import { recordAuditEntry } from "@/lib/audit/record";
import { prisma } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { emitEvent } from "@/lib/events/outbox";
import { emitGrantEvent } from "@/lib/events/resources";
import { nextRefreshAt } from "@/lib/grants/refresh-policy";
import { recordInvitationEvent, transitionInvitation, type InvitationNote } from "@/lib/invitations/lifecycle";
import { storeConsentedGrant, type GrantAccountConflict } from "@/lib/tokens/vault";
import type { ConsentingAccount } from "./id-token";
import {
  FAILURE_ACCOUNT_CONFLICT,
  FAILURE_LINK_WITHDRAWN,
  FAILURE_NOT_REDEEMER,
  FAILURE_WRONG_ACCOUNT,
} from "./outcome";

/** Timeline event type and audit reason of the refusals that are about who signed in. */
const ACCOUNT_REFUSALS: Record<string, { event: InvitationNote; reason: string }> = {
  [FAILURE_WRONG_ACCOUNT]: { event: "consent_wrong_account", reason: "wrong_account" },
  [FAILURE_ACCOUNT_CONFLICT]: { event: "consent_account_conflict", reason: "takeover_attempt" },
  [FAILURE_NOT_REDEEMER]: { event: "consent_not_redeemer", reason: "takeover_attempt" },
};

/** Microsoft's answers that mean only an administrator of the user's organisation can approve. */
const ADMIN_CONSENT_REQUIRED = new Set(["AADSTS90094", "AADSTS90095", "AADSTS900941"]);

/** A consent before the invitation was redeemed at all is no attack: audited under its own reason. */
const refusalReason = (code: string, detail: Record<string, string | boolean> | undefined) =>
  code === FAILURE_NOT_REDEEMER && detail?.redemption === "not_redeemed"
    ? "not_redeemed"
    : ACCOUNT_REFUSALS[code]?.reason;

export async function recordConsentFailure(input: {
  attemptId: string;
  invitationId: string;
  code: string;
  detail?: Record<string, string | boolean>;
}): Promise<void> {
  const refusal = ACCOUNT_REFUSALS[input.code];
  await prisma.$transaction(async (tx) => {
    await tx.consentAttempt.update({ where: { id: input.attemptId }, data: { failureCode: input.code } });
    await recordInvitationEvent(
      {
        invitationId: input.invitationId,
        event: refusal?.event ?? "consent_failed",
        actor: { actorType: "InvitedUser", actorId: input.invitationId },
        detail: { attemptId: input.attemptId, code: input.code, ...input.detail },
      },
      tx,
    );
    if (ADMIN_CONSENT_REQUIRED.has(input.code)) {
      const tenantId = typeof input.detail?.tenantId === "string" ? input.detail.tenantId : null;
      await emitEvent(tx, "grant.admin_consent_required", input.invitationId, {
        invitationId: input.invitationId,
        tenantId,
        code: input.code,
      });
    }
    if (refusal) {
      const { signedInAs, ...facts } = input.detail ?? {};
      await recordAuditEntry(
        {
          actorType: "InvitedUser",
          actorId: input.invitationId,
          actorEmail: typeof signedInAs === "string" ? signedInAs : null,
          action: "consent.grant",
          targetType: "invitation",
          targetId: input.invitationId,
          outcome: "Denied",
          detail: {
            reason: refusalReason(input.code, input.detail) ?? refusal.reason,
            attemptId: input.attemptId,
            ...facts,
          },
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

export type ConsentSuccessResult =
  | { ok: true; grantId: string }
  | { ok: false; code: string }
  /** Nothing was written: the grant this consent would touch belongs to another account or invitation. */
  | { ok: false; code: typeof FAILURE_ACCOUNT_CONFLICT; conflict: GrantAccountConflict; grantId: string };

export async function recordConsentSuccess(input: ConsentSuccessInput): Promise<ConsentSuccessResult> {
  const now = new Date();
  return prisma.$transaction(async (tx: Prisma.TransactionClient) => {
    // The row lock makes two consents for one invitation (two accounts at once) decide in turn.
    await tx.$queryRaw`SELECT id FROM "Invitation" WHERE id = ${input.invitationId} FOR UPDATE`;
    const invitation = await tx.invitation.findUnique({ where: { id: input.invitationId }, select: { status: true } });
    if (!invitation || invitation.status === "Revoked") {
      await tx.consentAttempt.update({ where: { id: input.attemptId }, data: { failureCode: "invitation_revoked" } });
      return { ok: false as const, code: "invitation_revoked" };
    }
    // A link withdrawn or replaced while its sign-in was under way no longer counts.
    if (input.consentRequestId) {
      const request = await tx.consentRequest.findUnique({
        where: { id: input.consentRequestId },
        select: { revokedAt: true },
      });
      if (request?.revokedAt) {
        await tx.consentAttempt.update({
          where: { id: input.attemptId },
          data: { failureCode: FAILURE_LINK_WITHDRAWN },
        });
        return { ok: false as const, code: FAILURE_LINK_WITHDRAWN };
      }
    }
    // A consent by an account that already has a grant renews that grant (same id): "recovered".
    const before = await tx.grant.findFirst({
      where: {
        OR: [
          { invitationId: input.invitationId },
          {
            homeTenantId: { equals: input.account.tenantId, mode: "insensitive" },
            objectId: { equals: input.account.objectId, mode: "insensitive" },
          },
        ],
      },
      select: { id: true },
    });
    const stored = await storeConsentedGrant(
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
    if (stored.kind === "conflict")
      return { ok: false as const, code: FAILURE_ACCOUNT_CONFLICT, conflict: stored.conflict, grantId: stored.grantId };
    const { grantId } = stored;
    if (input.consentRequestId) {
      await tx.consentRequest.updateMany({
        where: { id: input.consentRequestId, spentAt: null },
        data: { spentAt: now },
      });
    }
    const detail = { attemptId: input.attemptId, grantId, account: input.account.username, scopes: input.scopes };
    await transitionInvitation(
      {
        invitationId: input.invitationId,
        event: "consented",
        actor: { actorType: "InvitedUser", actorId: input.invitationId },
        data: { lastErrorCode: null, lastErrorMessage: null, lastErrorRequestId: null },
        detail,
      },
      tx,
    );
    await emitGrantEvent(tx, before?.id === grantId ? "grant.recovered" : "grant.consented", grantId);
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
