import "server-only";
// "Check now" on the detail page: the guest's state from Graph, this minute.
import { ActionError } from "@/lib/actions/action-error";
import { defineStaffAction } from "@/lib/actions/staff-action";
import { canSupportInvitations } from "@/lib/auth/permissions";
import { prisma } from "@/lib/db/client";
import { validateRecordId } from "@/lib/actions/record-id";
import { microsoftActionError } from "./lookup";
import { checkOneInvitation } from "@/lib/invitations/status-sync";
import { checkNowRefusal } from "@/lib/invitations/permissions";
import type { CheckNowOutcome } from "@/lib/shared/invitations";

const onDay = (iso: string) =>
  new Intl.DateTimeFormat("en-GB", {
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    timeZone: "UTC",
    timeZoneName: "short",
  }).format(new Date(iso));

/** The answer in Microsoft's terms, so staff learn what the check found rather than that it ran. */
export function microsoftSays(
  outcome: Pick<CheckNowOutcome, "externalUserState" | "externalUserStateChangedAt">,
): string {
  const since = outcome.externalUserStateChangedAt ? onDay(outcome.externalUserStateChangedAt) : null;
  switch (outcome.externalUserState) {
    case "Accepted":
      return since ? `Microsoft says: accepted on ${since}.` : "Microsoft says: accepted.";
    case "PendingAcceptance":
      return `Microsoft says: still pending — the person has not redeemed the invitation${since ? ` (invited ${since})` : ""}.`;
    case undefined:
      return "Microsoft says: no invitation state for this user (for example a member of your own tenant).";
    default:
      return `Microsoft says: ${outcome.externalUserState}${since ? ` since ${since}` : ""}.`;
  }
}

export const checkInvitationNowAction = defineStaffAction<string, CheckNowOutcome>({
  action: "invitation.check_status",
  validate: validateRecordId,
  allowed: canSupportInvitations,
  target: (id) => ({ type: "invitation", id }),
  async run(invitationId, context) {
    const invitation = await prisma.invitation.findUnique({
      where: { id: invitationId },
      select: { id: true, status: true, externalUserState: true, graphUserId: true },
    });
    if (!invitation) throw new ActionError("not_found", "That invitation does not exist.");
    const refusal = checkNowRefusal(context.staff, invitation);
    if (refusal || !invitation.graphUserId)
      throw new ActionError("conflict", refusal?.message ?? "There is no guest to check.");
    let result: Awaited<ReturnType<typeof checkOneInvitation>>;
    try {
      result = await checkOneInvitation(
        { ...invitation, graphUserId: invitation.graphUserId },
        { actorType: "Staff", actorId: context.staff.userId },
      );
    } catch (error) {
      throw microsoftActionError(error, "the status check");
    }
    if (!result.user)
      throw new ActionError("conflict", "The guest no longer exists in the tenant (deleted outside Guestpass).");
    const after = await prisma.invitation.findUniqueOrThrow({
      where: { id: invitationId },
      select: { status: true, externalUserState: true, externalUserStateChangedAt: true },
    });
    context.addAuditDetail({ externalUserState: after.externalUserState, changed: result.changed });
    return {
      invitationId,
      status: after.status,
      externalUserState: after.externalUserState ?? undefined,
      externalUserStateChangedAt: after.externalUserStateChangedAt?.toISOString(),
      changed: result.changed,
    };
  },
  successMessage: (outcome) => microsoftSays(outcome),
});
