import "server-only";
// Keeps externalUserState current with as few Graph calls as the API allows: the periodic sync
// reads all guests in pages of 999 with only the three properties it needs; "check now" reads one
// user. A guest that redeemed moves the invitation PendingAcceptance → Accepted. After a complete
// pass, the grants of guests deleted or disabled in the directory are erased (lib/grants/offboarding.ts).
import { prisma } from "@/lib/db/client";
import type { GraphClient } from "@/lib/graph/client";
import { appGraphClientFromEnv } from "@/lib/graph/from-env";
import { getUser, listGuests, type DirectoryUser } from "@/lib/graph/users";
import { guestsHoldingLiveGrants, offboardGrants } from "@/lib/grants/offboarding";
import { redemptionIssuer } from "@/lib/shared/redemption";
import { transitionInvitation, type EventActor } from "./lifecycle";

export const STATE_SELECT = ["id", "externalUserState", "externalUserStateChangeDateTime", "accountEnabled"] as const;
/** One invitation's check also reads how the guest redeemed (who cannot grant mailbox access). */
const ONE_USER_SELECT = [...STATE_SELECT, "identities"] as const;

interface TrackedInvitation {
  id: string;
  status: string;
  externalUserState: string | null;
}

/** Applies what Graph says about the guest; true when the invitation's status changed. */
export async function applyGuestState(
  invitation: TrackedInvitation,
  user: DirectoryUser,
  actor: EventActor,
): Promise<boolean> {
  const state = user.externalUserState ?? null;
  const changedAt = user.externalUserStateChangeDateTime ? new Date(user.externalUserStateChangeDateTime) : null;
  // Only a read that asked for identities says how the guest redeemed; the periodic sync does not.
  const redeemedWith = user.identities ? { redeemedWith: redemptionIssuer(user.identities) } : {};
  if (state === "Accepted" && invitation.status === "PendingAcceptance") {
    const result = await transitionInvitation({
      invitationId: invitation.id,
      event: "status_synced",
      actor,
      data: {
        externalUserState: state,
        externalUserStateChangedAt: changedAt,
        lastSyncedAt: new Date(),
        ...redeemedWith,
      },
      detail: {
        externalUserState: state,
        externalUserStateChangeDateTime: user.externalUserStateChangeDateTime ?? null,
      },
    });
    if (result.changed) return true;
  }
  await prisma.invitation.update({
    where: { id: invitation.id },
    data: {
      lastSyncedAt: new Date(),
      ...redeemedWith,
      ...(state !== invitation.externalUserState
        ? { externalUserState: state, externalUserStateChangedAt: changedAt }
        : {}),
    },
  });
  return false;
}

interface SyncedGuestState {
  id: string;
  state: string | null;
  /** ISO 8601 from Graph, as given. */
  changedAt: string | null;
}

/**
 * One statement for a page's invitations whose status does not change: lastSyncedAt for all of
 * them, and the state columns only where Graph's state differs from ours. No version bump, event or
 * NOTIFY, exactly as applyGuestState does for one invitation; a row that a status change moved out
 * of the tracked statuses since the page was read keeps that writer's values.
 */
async function recordSyncedStates(states: readonly SyncedGuestState[]): Promise<void> {
  if (states.length === 0) return;
  const ids = states.map((s) => s.id);
  const values = states.map((s) => s.state);
  const changedAts = states.map((s) => s.changedAt);
  await prisma.$executeRaw`
    UPDATE "Invitation" AS i
    -- Prisma keeps these TIMESTAMP(3) columns in UTC whatever the session's time zone.
    SET "lastSyncedAt" = clock_timestamp() AT TIME ZONE 'UTC',
        "externalUserState" = CASE WHEN i."externalUserState" IS DISTINCT FROM g.state THEN g.state ELSE i."externalUserState" END,
        "externalUserStateChangedAt" = CASE WHEN i."externalUserState" IS DISTINCT FROM g.state
          THEN g.changed_at::timestamptz AT TIME ZONE 'UTC' ELSE i."externalUserStateChangedAt" END
    FROM unnest(${ids}::text[], ${values}::text[], ${changedAts}::text[]) AS g(id, state, changed_at)
    WHERE i.id = g.id AND i.status NOT IN ('Revoked', 'Queued', 'Sending')`;
}

/**
 * A page of the periodic sync: the few invitations Graph says were redeemed go through
 * transitionInvitation one by one (version check, timeline event, NOTIFY); all the others are
 * bumped by one set-based statement instead of one UPDATE each. Returns how many statuses changed.
 */
async function applyGuestStatesOfPage(
  invitations: readonly (TrackedInvitation & { graphUserId: string | null })[],
  byId: ReadonlyMap<string, DirectoryUser>,
  actor: EventActor,
): Promise<{ matched: number; changed: number }> {
  let matched = 0;
  let changed = 0;
  const unchanged: SyncedGuestState[] = [];
  for (const invitation of invitations) {
    const user = invitation.graphUserId ? byId.get(invitation.graphUserId) : undefined;
    if (!user) continue;
    matched += 1;
    const state = user.externalUserState ?? null;
    const changedAt = user.externalUserStateChangeDateTime ?? null;
    if (state === "Accepted" && invitation.status === "PendingAcceptance") {
      // Also records the sync itself when another writer moved the invitation first.
      if (await applyGuestState(invitation, user, actor)) changed += 1;
      continue;
    }
    unchanged.push({ id: invitation.id, state, changedAt });
  }
  await recordSyncedStates(unchanged);
  return { matched, changed };
}

export interface SyncSummary {
  pages: number;
  guestsSeen: number;
  invitationsMatched: number;
  statusesChanged: number;
  /** Grants erased because their guest was deleted or disabled, or their invitation revoked. */
  grantsErased: number;
}

/**
 * The periodic sync: every guest page, one indexed query per page to find our invitations and one
 * to record them; then, the listing complete, offboarding of the grants whose guest is gone.
 * Pages are streamed: nothing grows with the directory. Which guests the listing returned is in
 * the invitations' lastSyncedAt (the page's records), not in memory; only the disabled guests that
 * hold a grant are kept, for offboarding.
 */
export async function syncGuestStates(graph: GraphClient = appGraphClientFromEnv()): Promise<SyncSummary> {
  const summary: SyncSummary = { pages: 0, guestsSeen: 0, invitationsMatched: 0, statusesChanged: 0, grantsErased: 0 };
  const passStartedAt = await databaseNow();
  const disabledWithGrant = new Set<string>();
  for await (const page of listGuests(graph, { select: STATE_SELECT })) {
    summary.pages += 1;
    summary.guestsSeen += page.length;
    if (page.length === 0) continue;
    const byId = new Map(page.map((user) => [user.id, user]));
    const invitations = await prisma.invitation.findMany({
      where: { graphUserId: { in: [...byId.keys()] }, status: { notIn: ["Revoked", "Queued", "Sending"] } },
      select: { id: true, status: true, externalUserState: true, graphUserId: true },
    });
    const { matched, changed } = await applyGuestStatesOfPage(invitations, byId, { actorType: "Worker" });
    summary.invitationsMatched += matched;
    summary.statusesChanged += changed;
    const disabled = page.filter((user) => user.accountEnabled === false).map((user) => user.id);
    for (const guestId of await guestsHoldingLiveGrants(disabled)) disabledWithGrant.add(guestId);
  }
  // Reached only when every page was read: a failed page throws before anything is erased.
  const offboarded = await offboardGrants({ listedSince: passStartedAt, disabled: disabledWithGrant }, graph);
  summary.grantsErased = offboarded.erased.length;
  return summary;
}

/** The database's clock, which also stamps the page's records (recordSyncedStates). */
async function databaseNow(): Promise<Date> {
  const [row] = await prisma.$queryRaw<{ now: Date }[]>`SELECT clock_timestamp() AT TIME ZONE 'UTC' AS now`;
  return row!.now;
}

/** One invitation, now: GET /users/{id} with $select. Null user means the guest no longer exists. */
export async function checkOneInvitation(
  invitation: TrackedInvitation & { graphUserId: string },
  actor: EventActor,
  graph: GraphClient = appGraphClientFromEnv(),
): Promise<{ user: DirectoryUser | null; changed: boolean }> {
  const user = await getUser(graph, invitation.graphUserId, ONE_USER_SELECT);
  if (!user) return { user: null, changed: false };
  return { user, changed: await applyGuestState(invitation, user, actor) };
}
