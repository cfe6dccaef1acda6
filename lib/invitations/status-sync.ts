// Keeps externalUserState current with as few Graph calls as the API allows: the periodic sync
// reads all guests in pages of 999 with only the three properties it needs; "check now" reads one
// user. A guest that redeemed moves the invitation PendingAcceptance → Accepted.
import { prisma } from "@/lib/db/client";
import type { GraphClient } from "@/lib/graph/client";
import { appGraphClientFromEnv } from "@/lib/graph/from-env";
import { getUser, listGuests, type DirectoryUser } from "@/lib/graph/users";
import { transitionInvitation, type EventActor } from "./status";

export const STATE_SELECT = ["id", "externalUserState", "externalUserStateChangeDateTime"] as const;

interface TrackedInvitation {
  id: string;
  status: string;
  externalUserState: string | null;
}

/** Applies what Graph says about the guest; true when the invitation's status changed. */
export async function applyGuestState(invitation: TrackedInvitation, user: DirectoryUser, actor: EventActor): Promise<boolean> {
  const state = user.externalUserState ?? null;
  const changedAt = user.externalUserStateChangeDateTime ? new Date(user.externalUserStateChangeDateTime) : null;
  if (state === "Accepted" && invitation.status === "PendingAcceptance") {
    const result = await transitionInvitation({
      invitationId: invitation.id,
      from: ["PendingAcceptance"],
      to: "Accepted",
      event: "status_synced",
      actor,
      data: { externalUserState: state, externalUserStateChangedAt: changedAt, lastSyncedAt: new Date() },
      detail: { externalUserState: state, externalUserStateChangeDateTime: user.externalUserStateChangeDateTime ?? null },
    });
    if (result.changed) return true;
  }
  await prisma.invitation.update({
    where: { id: invitation.id },
    data: { lastSyncedAt: new Date(), ...(state !== invitation.externalUserState ? { externalUserState: state, externalUserStateChangedAt: changedAt } : {}) },
  });
  return false;
}

export interface SyncSummary {
  pages: number;
  guestsSeen: number;
  invitationsMatched: number;
  statusesChanged: number;
}

/** The periodic sync: every guest page, one indexed query per page to find our invitations. */
export async function syncGuestStates(graph: GraphClient = appGraphClientFromEnv()): Promise<SyncSummary> {
  const summary: SyncSummary = { pages: 0, guestsSeen: 0, invitationsMatched: 0, statusesChanged: 0 };
  for await (const page of listGuests(graph, { select: STATE_SELECT })) {
    summary.pages += 1;
    summary.guestsSeen += page.length;
    if (page.length === 0) continue;
    const byId = new Map(page.map((user) => [user.id, user]));
    const invitations = await prisma.invitation.findMany({
      where: { graphUserId: { in: [...byId.keys()] }, status: { notIn: ["Revoked", "Queued", "Sending"] } },
      select: { id: true, status: true, externalUserState: true, graphUserId: true },
    });
    for (const invitation of invitations) {
      const user = byId.get(invitation.graphUserId as string);
      if (!user) continue;
      summary.invitationsMatched += 1;
      if (await applyGuestState(invitation, user, { actorType: "Worker" })) summary.statusesChanged += 1;
    }
  }
  return summary;
}

/** One invitation, now: GET /users/{id} with $select. Null user means the guest no longer exists. */
export async function checkOneInvitation(
  invitation: TrackedInvitation & { graphUserId: string },
  actor: EventActor,
  graph: GraphClient = appGraphClientFromEnv(),
): Promise<{ user: DirectoryUser | null; changed: boolean }> {
  const user = await getUser(graph, invitation.graphUserId, STATE_SELECT);
  if (!user) return { user: null, changed: false };
  return { user, changed: await applyGuestState(invitation, user, actor) };
}
