import "server-only";
// The invited person disconnects: from the consent success page they reach
// /consent/disconnect/{attemptId}, which erases their grant — the same erase as staff's, tombstone
// kept, `grant.erased` with reason user_request — and tells them how to remove the app's permission
// at Microsoft too. The attempt id is in a URL and proves nothing; the erase is allowed only to the
// browser that ran that consent: it must present the browser-binding cookie whose hash the attempt
// stores (HttpOnly, scoped to /consent, one hour), and the attempt must be the consent that
// succeeded. Anyone else sees the Microsoft steps only.
import { recordAuditEntry } from "@/lib/audit/record";
import { prisma } from "@/lib/db/client";
import { eraseGrantAs, grantHasTokens } from "@/lib/grants/kill-switch";
import { PERSONAL_ACCOUNTS_TENANT_ID } from "./id-token";
import { sameHash, sha256Hex } from "./secrets";

export type DisconnectView =
  | { kind: "unknown" }
  | {
      kind: "ready";
      account: string;
      /** The account is a personal Microsoft account (outlook.com, hotmail.com, live.com). */
      personal: boolean;
      /** The grant still holds tokens. */
      connected: boolean;
      /** This browser ran the consent: it may erase the grant here. */
      mayErase: boolean;
      locale: string | null;
    };

const isAttemptId = (value: string) => /^[0-9a-f-]{36}$/i.test(value);

async function consentedAttempt(attemptId: string) {
  if (!isAttemptId(attemptId)) return null;
  const attempt = await prisma.consentAttempt.findUnique({
    where: { id: attemptId },
    select: {
      usedAt: true,
      failureCode: true,
      browserBindingHash: true,
      locale: true,
      invitationId: true,
      invitation: {
        select: { grant: { select: { id: true, status: true, username: true, homeTenantId: true } } },
      },
    },
  });
  // Only a consent that succeeded left a grant of this person behind.
  if (!attempt?.usedAt || attempt.failureCode !== null || !attempt.invitation.grant) return null;
  return { ...attempt, grant: attempt.invitation.grant };
}

const boundTo = (browserBinding: string | undefined, hash: string) =>
  !!browserBinding && sameHash(sha256Hex(browserBinding), hash);

export async function loadDisconnectView(
  attemptId: string,
  browserBinding: string | undefined,
): Promise<DisconnectView> {
  const attempt = await consentedAttempt(attemptId);
  if (!attempt) return { kind: "unknown" };
  return {
    kind: "ready",
    account: attempt.grant.username,
    personal: attempt.grant.homeTenantId.toLowerCase() === PERSONAL_ACCOUNTS_TENANT_ID,
    connected: grantHasTokens(attempt.grant),
    mayErase: boundTo(browserBinding, attempt.browserBindingHash),
    locale: attempt.locale,
  };
}

export type DisconnectOutcome = "erased" | "already_erased" | "not_allowed";

/** Erases the grant of the consent `attemptId` for the browser that ran it; audited either way. */
export async function disconnectGrant(
  attemptId: string,
  browserBinding: string | undefined,
): Promise<DisconnectOutcome> {
  const attempt = await consentedAttempt(attemptId);
  if (!attempt || !boundTo(browserBinding, attempt.browserBindingHash)) {
    await recordAuditEntry({
      actorType: "InvitedUser",
      action: "grant.disconnect",
      ...(attempt ? { targetType: "grant" as const, targetId: attempt.grant.id } : {}),
      outcome: "Denied",
      detail: {
        attemptId: isAttemptId(attemptId) ? attemptId : null,
        reason: attempt ? "other_browser" : "no_consented_attempt",
      },
    });
    return "not_allowed";
  }
  const actor = { actorType: "InvitedUser" as const, actorId: attempt.invitationId };
  const result = await eraseGrantAs(attempt.grant.id, actor, "user_request");
  if (result.outcome !== "erased") return "already_erased";
  await recordAuditEntry({
    ...actor,
    action: "grant.disconnect",
    targetType: "grant",
    targetId: attempt.grant.id,
    outcome: "Success",
    detail: { account: result.username, previousStatus: result.previousStatus, attemptId },
  });
  return "erased";
}
