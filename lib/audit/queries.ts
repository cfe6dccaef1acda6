import "server-only";
// Reads of the audit log for the audit page and its CSV export: filters by actor, action, target,
// outcome and date, newest first, keyset-paged on the (createdAt desc, id desc) index; targets
// come back named (target-names.ts). Writes are in record.ts.
import { prisma } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { nameAuditTargets, targetIdsNamedLike, targetNameOf } from "./target-names";

export const AUDIT_OUTCOMES = ["Success", "Denied", "Failed"] as const;
export type AuditOutcomeFilter = (typeof AUDIT_OUTCOMES)[number];

export interface AuditFilter {
  /** Substring of the actor's address. */
  actor?: string;
  /** Exact verb, e.g. "invitation.resend". */
  action?: string;
  /** Part of a target's name (an address, a file name), its id, or a target type such as "invitation". */
  target?: string;
  outcome?: AuditOutcomeFilter;
  /** Inclusive day range (UTC), YYYY-MM-DD. */
  from?: string;
  to?: string;
  cursor?: string;
  pageSize?: number;
}

export interface AuditEntryView {
  id: string;
  createdAt: Date;
  actorType: "Staff" | "Worker" | "InvitedUser" | "System" | "ApiKey";
  actorEmail: string | null;
  actorRole: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  /** The target as staff know it (the invitation's address, the bulk run's file name), when known. */
  targetName: string | null;
  outcome: AuditOutcomeFilter;
  detail: Prisma.JsonValue | null;
  correlationId: string | null;
}

export interface AuditPage {
  entries: AuditEntryView[];
  nextCursor: string | null;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function dayStart(day: string | undefined, offsetDays = 0): Date | undefined {
  if (!day || !DAY.test(day)) return undefined;
  const date = new Date(`${day}T00:00:00.000Z`);
  if (Number.isNaN(date.getTime())) return undefined;
  date.setUTCDate(date.getUTCDate() + offsetDays);
  return date;
}

function decode(cursor: string | undefined): { at: Date; id: string } | null {
  if (!cursor) return null;
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as [string, string];
    const date = new Date(at);
    return typeof id === "string" && !Number.isNaN(date.getTime()) ? { at: date, id } : null;
  } catch {
    return null;
  }
}

/** The filter as a where clause (without the page position). */
async function auditWhere(filter: AuditFilter): Promise<Prisma.AuditLogEntryWhereInput[]> {
  const where: Prisma.AuditLogEntryWhereInput[] = [];
  const actor = filter.actor?.trim();
  if (actor) where.push({ actorEmail: { contains: actor, mode: "insensitive" } });
  if (filter.action) where.push({ action: filter.action });
  const target = filter.target?.trim();
  if (target) {
    const named = await targetIdsNamedLike(target);
    where.push({
      OR: [
        { targetId: target },
        { targetType: { equals: target, mode: "insensitive" } },
        ...(named.length ? [{ targetId: { in: named } }] : []),
      ],
    });
  }
  if (filter.outcome && AUDIT_OUTCOMES.includes(filter.outcome)) where.push({ outcome: filter.outcome });
  const from = dayStart(filter.from);
  const until = dayStart(filter.to, 1);
  if (from) where.push({ createdAt: { gte: from } });
  if (until) where.push({ createdAt: { lt: until } });
  return where;
}

async function readEntries(where: Prisma.AuditLogEntryWhereInput[], take: number): Promise<AuditEntryView[]> {
  const rows = await prisma.auditLogEntry.findMany({
    where: where.length > 0 ? { AND: where } : undefined,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take,
    select: {
      id: true,
      createdAt: true,
      actorType: true,
      actorEmail: true,
      actorRole: true,
      action: true,
      targetType: true,
      targetId: true,
      outcome: true,
      detail: true,
      correlationId: true,
    },
  });
  const names = await nameAuditTargets(rows);
  return rows.map((row) => ({ ...row, targetName: targetNameOf(names, row) }));
}

export async function listAuditEntries(filter: AuditFilter = {}): Promise<AuditPage> {
  const pageSize = Math.min(Math.max(Math.trunc(filter.pageSize ?? 50), 1), 200);
  const where = await auditWhere(filter);
  const position = decode(filter.cursor);
  if (position) {
    // Same shape as the invitations list: the first conjunct bounds the index scan.
    where.push(
      { createdAt: { lte: position.at } },
      { OR: [{ createdAt: { lt: position.at } }, { id: { lt: position.id } }] },
    );
  }
  const rows = await readEntries(where, pageSize + 1);
  const entries = rows.slice(0, pageSize);
  const last = entries[entries.length - 1];
  return {
    entries,
    nextCursor:
      rows.length > pageSize && last
        ? Buffer.from(JSON.stringify([last.createdAt.toISOString(), last.id])).toString("base64url")
        : null,
  };
}

/** Most entries one export holds; a wider filter is cut there, and the export says so. */
export const AUDIT_EXPORT_MAX_ROWS = 10_000;

/** Every entry the filter matches (no paging), newest first, up to `limit`; `truncated` if more matched. */
export async function listAuditEntriesForExport(
  filter: Omit<AuditFilter, "cursor" | "pageSize">,
  limit = AUDIT_EXPORT_MAX_ROWS,
): Promise<{ entries: AuditEntryView[]; truncated: boolean }> {
  const rows = await readEntries(await auditWhere(filter), limit + 1);
  return { entries: rows.slice(0, limit), truncated: rows.length > limit };
}

/** The verbs that occur in the log, for the action filter. */
export async function listAuditActions(): Promise<string[]> {
  // Raw DISTINCT: Prisma's `distinct` would fetch every row and de-duplicate in memory.
  const rows = await prisma.$queryRaw<
    Array<{ action: string }>
  >`SELECT DISTINCT action FROM "AuditLogEntry" ORDER BY action LIMIT 500`;
  return rows.map((r) => r.action);
}
