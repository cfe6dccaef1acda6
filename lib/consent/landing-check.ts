import "server-only";
// Landing on the consent page after redeeming is the moment Microsoft just marked the guest
// Accepted: ask Graph for the guest's state right then, so the invitation (and the staff list, live)
// shows Accepted at once instead of at the next five-minute sync. Graph's answer decides, never the
// visit alone. A slow or failing Graph call leaves the page as it is; the sync catches up later.
// The same read records how the guest redeemed (a one-time passcode cannot grant mailbox access),
// also for an invitation the periodic sync already marked Accepted without knowing that.
import { prisma } from "@/lib/db/client";
import type { GraphClient } from "@/lib/graph/client";
import { checkOneInvitation } from "@/lib/invitations/status-sync";
import { logFor } from "@/lib/log";

const log = logFor("consent.landing");

/** The page waits at most this long for Graph before it renders anyway. */
export const LANDING_CHECK_TIMEOUT_MS = 3_000;

export type LandingCheck = "accepted" | "still_pending" | "not_pending" | "unavailable";

export async function confirmRedemptionOnLanding(
  invitationId: string,
  options: { graph?: GraphClient; timeoutMs?: number } = {},
): Promise<LandingCheck> {
  const invitation = await prisma.invitation.findUnique({
    where: { id: invitationId },
    select: { id: true, status: true, externalUserState: true, graphUserId: true, redeemedWith: true },
  });
  const unknownRedemption = invitation?.status === "Accepted" && invitation.redeemedWith === null;
  if (!invitation?.graphUserId || (invitation.status !== "PendingAcceptance" && !unknownRedemption))
    return "not_pending";
  const tracked = {
    id: invitation.id,
    status: invitation.status,
    externalUserState: invitation.externalUserState,
    graphUserId: invitation.graphUserId,
  };
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<"timeout">(
    (resolve) => (timer = setTimeout(() => resolve("timeout"), options.timeoutMs ?? LANDING_CHECK_TIMEOUT_MS)),
  );
  try {
    const result = await Promise.race([
      checkOneInvitation(tracked, { actorType: "InvitedUser", actorId: null }, options.graph),
      timeout,
    ]);
    if (result === "timeout") {
      log.warn(
        { invitationId },
        "Graph did not answer the landing check in time; the status sync will pick the redemption up",
      );
      return "unavailable";
    }
    return result.changed ? "accepted" : unknownRedemption ? "not_pending" : "still_pending";
  } catch (error) {
    log.warn(
      { invitationId, error: error instanceof Error ? error.name : "unknown" },
      "landing check with Graph failed; the status sync will pick the redemption up",
    );
    return "unavailable";
  } finally {
    clearTimeout(timer);
  }
}
