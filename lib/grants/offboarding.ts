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
  /** Every guest id the listing returned. */
  seen: ReadonlySet<string>;
  /** The ids among them whose accountEnabled is false. */
  disabled: ReadonlySet<string>;
}

export interface OffboardingSummary {
  erased: { grantId: string; reason: ErasureReason }[];
}

const OFFBOARD_ACTOR: EventActor = { actorType: "Worker" };

/**
 * Erases the grants the directory says must end. A guest missing from the listing is looked up by
 * id before anything is erased (GET /users/{id} answers 404 Request_ResourceNotFound once it is
 * deleted): a listing can miss a user that merely stopped being a guest (userType changed), and a
 * grant must never be erased on an absence alone.
 */
export async function offboardGrants(snapshot: DirectorySnapshot, graph: GraphClient): Promise<OffboardingSummary> {
  const grants = await prisma.grant.findMany({
    where: { status: { in: ["Active", "NeedsRenewal", "Suspended"] }, invitation: { graphUserId: { not: null } } },
    select: { id: true, invitation: { select: { graphUserId: true } } },
    orderBy: { id: "asc" },
  });
  const summary: OffboardingSummary = { erased: [] };
  for (const grant of grants) {
    const reason = await offboardingReason(grant.invitation!.graphUserId!, snapshot, graph);
    if (!reason) continue;
    const result = await eraseGrantAs(grant.id, OFFBOARD_ACTOR, reason);
    if (result.outcome === "erased") summary.erased.push({ grantId: grant.id, reason });
  }
  return summary;
}

async function offboardingReason(
  guestId: string,
  snapshot: DirectorySnapshot,
  graph: GraphClient,
): Promise<ErasureReason | null> {
  if (snapshot.disabled.has(guestId)) return "guest_disabled";
  if (snapshot.seen.has(guestId)) return null;
  const user = await getUser(graph, guestId, ["id", "accountEnabled"]);
  if (!user) return "guest_deleted";
  return user.accountEnabled === false ? "guest_disabled" : null;
}
