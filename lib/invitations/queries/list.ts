import "server-only";
// Named reads of invitations for the staff pages. Writes live in the invitation actions;
// nothing here changes data.
import { prisma } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { InvitationStatus } from "@/lib/db/generated/enums";

export const INVITATION_STATUSES = Object.values(InvitationStatus) as InvitationStatus[];
export type { InvitationStatus };

export const INVITATION_SORTS = ["newest", "oldest", "email"] as const;
export type InvitationSort = (typeof INVITATION_SORTS)[number];

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

export interface InvitationListFilter {
  status?: InvitationStatus;
  /** Substring of the address or the display name (case-insensitive; trigram-indexed). */
  q?: string;
  sort?: InvitationSort;
  /** Opaque cursor from a previous page's `nextCursor` / `prevCursor`. */
  cursor?: string;
  pageSize?: number;
}

export interface InvitationListItem {
  id: string;
  email: string;
  displayName: string | null;
  /** A guest invitation, or a person connected by consent link alone (no guest account). */
  kind: "guest_invitation" | "consent_link";
  userType: "Guest" | "Member";
  status: InvitationStatus;
  externalUserState: string | null;
  lastErrorCode: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface InvitationPage {
  items: InvitationListItem[];
  /** Cursor of the page after this one, if there is one. */
  nextCursor: string | null;
  /** Cursor of the page before this one; null on the first page. */
  prevCursor: string | null;
}

/** Keyset position: the sort key of one row plus its id (the tie-breaker). */
interface Position {
  direction: "after" | "before";
  key: string;
  id: string;
}

function encodeCursor(position: Position): string {
  return Buffer.from(JSON.stringify([position.direction === "after" ? "a" : "b", position.key, position.id])).toString(
    "base64url",
  );
}

/** A cursor that does not decode is treated as "first page", never as an error: URLs get edited. */
export function decodeCursor(cursor: string | undefined): Position | null {
  if (!cursor) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (!Array.isArray(value) || value.length !== 3) return null;
    const [d, key, id] = value as unknown[];
    if ((d !== "a" && d !== "b") || typeof key !== "string" || typeof id !== "string") return null;
    if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
    return { direction: d === "a" ? "after" : "before", key, id };
  } catch {
    return null;
  }
}

const listSelect = {
  id: true,
  email: true,
  displayName: true,
  kind: true,
  userType: true,
  status: true,
  externalUserState: true,
  lastErrorCode: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.InvitationSelect;

function sortKeyOf(sort: InvitationSort, row: InvitationListItem): string {
  return sort === "email" ? row.email : row.createdAt.toISOString();
}

/**
 * Keyset condition "strictly after `position` in the scan order". Written as
 * `key <= k AND (key < k OR id < i)` (not a plain OR) so PostgreSQL can use the leading
 * column as an index bound and start the scan at the cursor: page 1000 costs what page 1 does.
 */
function keysetCondition(
  sort: InvitationSort,
  descending: boolean,
  key: string,
  id: string,
): Prisma.InvitationWhereInput | null {
  const value: string | Date = sort === "email" ? key : new Date(key);
  if (value instanceof Date && Number.isNaN(value.getTime())) return null;
  const field = sort === "email" ? "email" : "createdAt";
  const near = descending ? "lte" : "gte";
  const far = descending ? "lt" : "gt";
  // email is unique, so the address alone orders rows totally; the id keeps one code path.
  return {
    AND: [{ [field]: { [near]: value } }, { OR: [{ [field]: { [far]: value } }, { id: { [far]: id } }] }],
  };
}

/** Escapes LIKE wildcards so "a_b" finds "a_b", not "axb". */
function likeContains(q: string): string {
  return q.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export function searchCondition(q: string | undefined): Prisma.InvitationWhereInput | undefined {
  const term = q?.trim().slice(0, 200);
  if (!term) return undefined;
  const contains = likeContains(term);
  return {
    OR: [{ email: { contains, mode: "insensitive" } }, { displayName: { contains, mode: "insensitive" } }],
  };
}

/**
 * One page of invitations, newest first by default. Keyset pagination over the
 * (createdAt desc, id desc) and (status, createdAt desc, id desc) indexes (or the unique email
 * index for the A→Z sort), so it stays fast at tens of thousands of rows.
 */
export async function listInvitations(filter: InvitationListFilter = {}): Promise<InvitationPage> {
  const sort: InvitationSort = filter.sort && INVITATION_SORTS.includes(filter.sort) ? filter.sort : "newest";
  const pageSize = Math.min(Math.max(Math.trunc(filter.pageSize ?? DEFAULT_PAGE_SIZE), 1), MAX_PAGE_SIZE);
  const position = decodeCursor(filter.cursor);
  const naturalDescending = sort === "newest";
  // Paging backwards scans the index the other way and flips the rows afterwards.
  const backwards = position?.direction === "before";
  const scanDescending = backwards ? !naturalDescending : naturalDescending;

  const where: Prisma.InvitationWhereInput[] = [];
  if (filter.status) where.push({ status: filter.status });
  const search = searchCondition(filter.q);
  if (search) where.push(search);
  if (position) {
    const condition = keysetCondition(sort, scanDescending, position.key, position.id);
    if (condition) where.push(condition);
  }
  const order: Prisma.SortOrder = scanDescending ? "desc" : "asc";
  const orderBy: Prisma.InvitationOrderByWithRelationInput[] =
    sort === "email" ? [{ email: order }, { id: order }] : [{ createdAt: order }, { id: order }];

  const rows = await prisma.invitation.findMany({
    where: where.length > 0 ? { AND: where } : undefined,
    orderBy,
    take: pageSize + 1,
    select: listSelect,
  });
  const hasMoreInScan = rows.length > pageSize;
  const page = rows.slice(0, pageSize);
  if (backwards) page.reverse();

  const first = page[0];
  const last = page[page.length - 1];
  const hasNext = backwards ? position !== null : hasMoreInScan;
  const hasPrev = backwards ? hasMoreInScan : position !== null;
  return {
    items: page,
    nextCursor: hasNext && last ? encodeCursor({ direction: "after", key: sortKeyOf(sort, last), id: last.id }) : null,
    prevCursor:
      hasPrev && first ? encodeCursor({ direction: "before", key: sortKeyOf(sort, first), id: first.id }) : null,
  };
}

export type InvitationStatusCounts = Record<InvitationStatus, number> & { total: number };

/**
 * How many invitations are in each status, exactly: from the counts the database keeps with every
 * change (InvitationStatusCount, a few rows per status), not a count of the table, which at 500,000
 * invitations reads them all.
 */
export async function countInvitationsByStatus(): Promise<InvitationStatusCounts> {
  const groups = await prisma.invitationStatusCount.groupBy({ by: ["status"], _sum: { delta: true } });
  const counts = Object.fromEntries(INVITATION_STATUSES.map((s) => [s, 0])) as Record<InvitationStatus, number>;
  let total = 0;
  for (const group of groups) {
    const count = Number(group._sum.delta ?? 0);
    counts[group.status] = count;
    total += count;
  }
  return { ...counts, total };
}

export interface InvitationFunnel {
  /** Invitations Microsoft accepted (a guest exists), whatever happened next. */
  invited: number;
  /** Of those, users who redeemed the invitation. */
  accepted: number;
  /** Of those, users who granted the delegated permissions (now or before their consent lapsed). */
  consented: number;
}

/**
 * invited → accepted → consented, derived from current statuses: each stage counts every
 * invitation that reached it, so a stage is the sum of the status tiles it names (the page shows
 * the sum, so the two never seem to disagree). Revoked invitations count as invited only (how far
 * they got before revocation is in their timeline, not worth a scan here).
 */
export const FUNNEL_STAGES = [
  {
    key: "invited",
    label: "Invited",
    statuses: ["PendingAcceptance", "Accepted", "Consented", "ConsentExpired", "Revoked"],
  },
  { key: "accepted", label: "Accepted, or further", statuses: ["Accepted", "Consented", "ConsentExpired"] },
  { key: "consented", label: "Consented, or expired since", statuses: ["Consented", "ConsentExpired"] },
] as const satisfies ReadonlyArray<{
  key: keyof InvitationFunnel;
  label: string;
  statuses: readonly InvitationStatus[];
}>;

export function funnelFromCounts(counts: Record<InvitationStatus, number>): InvitationFunnel {
  const sum = (statuses: readonly InvitationStatus[]) => statuses.reduce((total, status) => total + counts[status], 0);
  const [invited, accepted, consented] = FUNNEL_STAGES.map((stage) => sum(stage.statuses));
  return { invited: invited!, accepted: accepted!, consented: consented! };
}

export async function getInvitationFunnel(): Promise<InvitationFunnel> {
  return funnelFromCounts(await countInvitationsByStatus());
}
