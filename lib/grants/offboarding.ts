import "server-only";
// Offboarding: a grant ends when its person leaves. Removing a guest from the tenant does not
// revoke the refresh token Guestpass holds (the person's home tenant issued it), so the periodic
// status sync erases — the same erase as on request, token cache destroyed, tombstone kept,
// `grant.erased` sent with the reason — the grant of every guest it finds deleted or disabled in
// the directory. (Revoking an invitation in Guestpass erases its grant at once: revoke.ts.)
import { prisma } from "@/lib/db/client";
import type { GraphClient } from "@/lib/graph/client";
import { getUser } from "@/lib/graph/users";
import type { EventActor } from "@/lib/invitations/lifecycle";
import type { ErasureReason } from "@/lib/shared/grants";
import { eraseGrantAs } from "./kill-switch";

/** What one complete pass over the tenant's guests saw. */
export interface DirectorySnapshot {
  /**
   * When the pass began: the invitation of every guest the listing returned has been synced since
   * (its lastSyncedAt, on the database's clock), so the listing need not be held in memory.
   */
  listedSince: Date;
  /** The guests listed with accountEnabled false that hold a live grant (guestsHoldingLiveGrants). */
  disabled: ReadonlySet<string>;
}

export interface OffboardingSummary {
  erased: { grantId: string; reason: ErasureReason }[];
}

const OFFBOARD_ACTOR: EventActor = { actorType: "Worker" };
const LIVE_GRANT_STATUSES = ["Active", "NeedsRenewal", "Suspended"] as const;

/** Of these guest ids, those whose invitation holds a live grant (one indexed query; none for none). */
export async function guestsHoldingLiveGrants(guestIds: readonly string[]): Promise<string[]> {
  if (guestIds.length === 0) return [];
  const invitations = await prisma.invitation.findMany({
    where: { graphUserId: { in: [...guestIds] }, grant: { status: { in: [...LIVE_GRANT_STATUSES] } } },
    select: { graphUserId: true },
  });
  return invitations.map((invitation) => invitation.graphUserId!);
}

/**
 * Erases the grants the directory says must end: those of disabled guests, and of guests the
 * listing did not return (their invitation not synced since the pass began). A guest missing from
 * the listing is looked up by id before anything is erased (GET /users/{id} answers 404
 * Request_ResourceNotFound once it is deleted): a listing can miss a user that merely stopped being
 * a guest (userType changed), and a grant must never be erased on an absence alone.
 */
export async function offboardGrants(snapshot: DirectorySnapshot, graph: GraphClient): Promise<OffboardingSummary> {
  const grants = await prisma.grant.findMany({
    where: {
      status: { in: [...LIVE_GRANT_STATUSES] },
      invitation: {
        graphUserId: { not: null },
        OR: [
          { lastSyncedAt: null },
          { lastSyncedAt: { lt: snapshot.listedSince } },
          { graphUserId: { in: [...snapshot.disabled] } },
        ],
      },
    },
    select: { id: true, invitation: { select: { graphUserId: true, lastSyncedAt: true } } },
    orderBy: { id: "asc" },
  });
  const summary: OffboardingSummary = { erased: [] };
  for (const grant of grants) {
    const reason = await offboardingReason(grant.invitation!, snapshot, graph);
    if (!reason) continue;
    const result = await eraseGrantAs(grant.id, OFFBOARD_ACTOR, reason);
    if (result.outcome === "erased") summary.erased.push({ grantId: grant.id, reason });
  }
  return summary;
}

async function offboardingReason(
  invitation: { graphUserId: string | null; lastSyncedAt: Date | null },
  snapshot: DirectorySnapshot,
  graph: GraphClient,
): Promise<ErasureReason | null> {
  const guestId = invitation.graphUserId!;
  if (snapshot.disabled.has(guestId)) return "guest_disabled";
  if (invitation.lastSyncedAt && invitation.lastSyncedAt >= snapshot.listedSince) return null;
  const user = await getUser(graph, guestId, ["id", "accountEnabled"]);
  if (!user) return "guest_deleted";
  return user.accountEnabled === false ? "guest_disabled" : null;
}
