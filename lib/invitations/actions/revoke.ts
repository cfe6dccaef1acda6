import "server-only";
// Revoke (admin): remove the guest from the tenant (DELETE /users/{id}), then mark the invitation
// and any grant Revoked with its tokens erased. Deleting first means a failure leaves nothing
// half-revoked in Guestpass. (To stop mail as a user without touching the guest, an administrator
// suspends or erases the grant instead: lib/grants/kill-switch.ts.)
import { ActionError } from "@/lib/actions/action-error";
import { defineStaffAction } from "@/lib/actions/staff-action";
import { isAdmin } from "@/lib/auth/permissions";
import { prisma } from "@/lib/db/client";
import { isGraphRequestError } from "@/lib/graph/errors";
import { appGraphClientFromEnv } from "@/lib/graph/from-env";
import { deleteUser } from "@/lib/graph/users";
import { emitGrantErased } from "@/lib/events/resources";
import { eraseGrantTokens } from "@/lib/tokens/vault";
import { validateRecordId } from "@/lib/actions/record-id";
import { REVOKE_PERMISSION_HINT } from "@/lib/invitations/app-permissions";
import { microsoftActionError } from "./lookup";
import { transitionInvitation } from "@/lib/invitations/lifecycle";
import { REVOKE_DENIED, revokeRefusal } from "@/lib/invitations/permissions";
import type { RevokeOutcome } from "@/lib/shared/invitations";

export const revokeInvitationAction = defineStaffAction<string, RevokeOutcome>({
  action: "invitation.revoke",
  allowed: isAdmin,
  validate: validateRecordId,
  async authorize(staff, invitationId) {
    const invitation = await prisma.invitation.findUnique({ where: { id: invitationId }, select: { status: true } });
    return invitation ? revokeRefusal(staff, invitation)?.kind !== "role" : true; // unknown id → "not found" from run
  },
  deniedMessage: REVOKE_DENIED,
  target: (id) => ({ type: "invitation", id }),
  async run(invitationId, context) {
    const invitation = await prisma.invitation.findUnique({
      where: { id: invitationId },
      select: { id: true, status: true, graphUserId: true },
    });
    if (!invitation) throw new ActionError("not_found", "That invitation does not exist.");
    if (invitation.status === "Revoked") throw new ActionError("conflict", "This invitation is already revoked.");
    const refusal = revokeRefusal(context.staff, invitation);
    if (refusal) throw new ActionError(refusal.kind === "role" ? "forbidden" : "conflict", refusal.message);
    let guestDeleted = false;
    if (invitation.graphUserId) {
      try {
        await deleteUser(appGraphClientFromEnv(), invitation.graphUserId);
        guestDeleted = true;
      } catch (error) {
        if (isGraphRequestError(error) && error.status === 403)
          throw new ActionError("microsoft_error", REVOKE_PERMISSION_HINT, {
            explained: error.explained,
            cause: error,
          });
        throw microsoftActionError(error, "removing the guest");
      }
    }
    const actor = { actorType: "Staff" as const, actorId: context.staff.userId };
    const grantRevoked = await prisma.$transaction(async (tx) => {
      const moved = await transitionInvitation(
        {
          invitationId,
          event: "revoked",
          actor,
          detail: { guestDeleted, graphUserId: invitation.graphUserId },
        },
        tx,
      );
      if (!moved.changed)
        throw new ActionError("conflict", "The invitation changed while revoking; reload and try again.");
      // The grant's tokens go with the invitation; its row stays for the audit trail.
      const [grant] = await tx.$queryRaw<
        { id: string; status: string }[]
      >`SELECT id, status::text FROM "Grant" WHERE "invitationId" = ${invitationId} FOR UPDATE`;
      if (!grant || grant.status === "Revoked") return false;
      await eraseGrantTokens(grant.id, "Revoked", "invitation_revoked", tx);
      await emitGrantErased(tx, grant.id);
      return true;
    });
    context.addAuditDetail({ guestDeleted, grantRevoked });
    return { invitationId, guestDeleted, grantRevoked };
  },
  successMessage: () => "Invitation revoked and guest removed from the tenant.",
});
