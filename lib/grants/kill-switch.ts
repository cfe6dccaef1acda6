import "server-only";
// The kill switch of one grant (admin only), without touching the guest account in Entra:
// - suspend: the tokens stay sealed but nothing uses them — the refresher skips the grant and every
//   send refuses with the reason — until an administrator resumes it;
// - erase: the ciphertext and every fact about the tokens are removed; the row stays as a tombstone
//   (who consented, when) and the person can consent again through a new consent link.
// Each holds the grant's row lock, so a refresh or send already in flight finishes first and none
// starts after. Audited by runStaffAction; the invitation's timeline says what happened.
import { ActionError } from "@/lib/actions/action-error";
import { defineStaffAction } from "@/lib/actions/staff-action";
import { canEraseGrant, canResumeGrant, canSuspendGrant, isAdmin, type StaffSession } from "@/lib/auth/permissions";
import { prisma } from "@/lib/db/client";
import { validateRecordId } from "@/lib/actions/record-id";
import {
  recordInvitationEvent,
  transitionInvitation,
  type EventActor,
  type InvitationNote,
} from "@/lib/invitations/lifecycle";
import { emitGrantErased } from "@/lib/events/resources";
import { eraseGrantTokens } from "@/lib/tokens/vault";
import { withGrantLock } from "./grant-token";
import type { ErasureReason, GrantSwitched } from "@/lib/shared/grants";

type Tx = Parameters<Parameters<typeof withGrantLock>[1]>[0];
type LockedGrant = { id: string; status: string; invitationId: string | null; username: string };

/**
 * One switch: the admin-only definition around `apply`, which runs holding the grant's row lock
 * once the grant is found still in a state `allowedFor` accepts (checked again under the lock).
 */
function grantSwitch(spec: {
  action: "grant.suspend" | "grant.resume" | "grant.erase";
  allowedFor: (staff: StaffSession, grant: { status: string }) => boolean;
  deniedMessage: string;
  apply: (tx: Tx, grant: LockedGrant, actor: EventActor) => Promise<GrantSwitched["status"]>;
  successMessage: string;
}) {
  return defineStaffAction<string, GrantSwitched>({
    action: spec.action,
    allowed: isAdmin,
    validate: validateRecordId,
    async authorize(staff, grantId) {
      const grant = await prisma.grant.findUnique({ where: { id: grantId }, select: { status: true } });
      return grant ? spec.allowedFor(staff, grant) : true; // unknown id → "not found" from run
    },
    deniedMessage: spec.deniedMessage,
    target: (grantId) => ({ type: "grant", id: grantId }),
    run: (grantId, context) =>
      withGrantLock(grantId, async (tx) => {
        const grant = await tx.grant.findUnique({
          where: { id: grantId },
          select: { id: true, status: true, invitationId: true, username: true },
        });
        if (!grant) throw new ActionError("not_found", "That grant does not exist.");
        if (!spec.allowedFor(context.staff, grant))
          throw new ActionError("conflict", "The grant changed meanwhile; reload the page and try again.");
        const status = await spec.apply(tx, grant, { actorType: "Staff", actorId: context.staff.userId });
        context.addAuditDetail({
          account: grant.username,
          invitationId: grant.invitationId,
          previousStatus: grant.status,
        });
        return { grantId, status };
      }),
    successMessage: () => spec.successMessage,
  });
}

async function timelineEvent(tx: Tx, grant: LockedGrant, event: InvitationNote, actor: EventActor): Promise<void> {
  if (grant.invitationId)
    await recordInvitationEvent({ invitationId: grant.invitationId, event, actor, detail: { grantId: grant.id } }, tx);
}

export const suspendGrantAction = grantSwitch({
  action: "grant.suspend",
  allowedFor: canSuspendGrant,
  deniedMessage: "Only administrators can suspend a grant, and only one that is in use.",
  async apply(tx, grant, actor) {
    await tx.grant.update({
      where: { id: grant.id },
      data: { status: "Suspended", suspendedAt: new Date(), nextRefreshAt: null },
    });
    await timelineEvent(tx, grant, "grant_suspended", actor);
    return "Suspended";
  },
  successMessage: "Suspended: nothing will be sent or refreshed for this user until you resume.",
});

export const resumeGrantAction = grantSwitch({
  action: "grant.resume",
  allowedFor: canResumeGrant,
  deniedMessage: "Only administrators can resume a grant, and only a suspended one.",
  async apply(tx, grant, actor) {
    // Due at once: the next refresh run checks that the tokens kept during the suspension still work.
    await tx.grant.update({
      where: { id: grant.id },
      data: { status: "Active", suspendedAt: null, nextRefreshAt: new Date() },
    });
    await timelineEvent(tx, grant, "grant_resumed", actor);
    return "Active";
  },
  successMessage: "Resumed: mail can be sent as this user again.",
});

async function applyErase(tx: Tx, grant: LockedGrant, actor: EventActor, reason: ErasureReason): Promise<"Erased"> {
  await eraseGrantTokens(grant.id, "Erased", reason, tx);
  const detail = { grantId: grant.id, reason };
  // Back to awaiting consent: a new consent link lets the same person grant access again. Not when
  // the guest was deleted in the tenant: the person is gone, so the invitation ends (Revoked, as
  // when staff remove the guest) and neither a sync nor a consent link brings it back.
  const event = reason === "guest_deleted" ? "revoked" : "grant_erased";
  const moved = grant.invitationId
    ? await transitionInvitation({ invitationId: grant.invitationId, event, actor, detail }, tx)
    : { changed: false };
  if ((event === "revoked" || !moved.changed) && grant.invitationId)
    await recordInvitationEvent({ invitationId: grant.invitationId, event: "grant_erased", actor, detail }, tx);
  await emitGrantErased(tx, grant.id);
  return "Erased";
}

/** Tokens remain to erase (the state part of canEraseGrant, for callers that are not staff). */
export const grantHasTokens = (grant: { status: string }) => grant.status !== "Erased" && grant.status !== "Revoked";

export const eraseGrantAction = grantSwitch({
  action: "grant.erase",
  allowedFor: canEraseGrant,
  deniedMessage: "Only administrators can erase a grant's tokens, and only once.",
  apply: (tx, grant, actor) => applyErase(tx, grant, actor, "staff_request"),
  successMessage: "Tokens erased. The person can connect again through a new consent link.",
});

/**
 * Erase for a caller that is not staff — the REST API's DELETE /grants/{id}, the person's own
 * disconnect page, the status sync offboarding a guest — with the same steps under the grant's row
 * lock. "missing" and "already_erased" change nothing.
 */
export function eraseGrantAs(
  grantId: string,
  actor: EventActor,
  reason: ErasureReason,
): Promise<
  { outcome: "erased"; username: string; previousStatus: string } | { outcome: "missing" | "already_erased" }
> {
  return withGrantLock(grantId, async (tx) => {
    const grant = await tx.grant.findUnique({
      where: { id: grantId },
      select: { id: true, status: true, invitationId: true, username: true },
    });
    if (!grant) return { outcome: "missing" as const };
    if (!grantHasTokens(grant)) return { outcome: "already_erased" as const };
    await applyErase(tx, grant, actor, reason);
    return { outcome: "erased" as const, username: grant.username, previousStatus: grant.status };
  });
}
