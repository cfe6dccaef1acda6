import "server-only";
// Names the targets of audit entries the way staff know them: an invitation by its address, a
// bulk run by its file name, a grant by the consenting account, a staff member by their address.
// Read at display time, in one query per kind, so older entries read right too; what no longer
// exists falls back to what the entry itself recorded.
import { prisma } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";

export interface AuditTargetRef {
  targetType: string | null;
  targetId: string | null;
  actorEmail: string | null;
  detail: Prisma.JsonValue | null;
}

const key = (type: string, id: string) => `${type}:${id}`;

const idsOf = (refs: readonly AuditTargetRef[], type: string) => [
  ...new Set(refs.filter((ref) => ref.targetType === type && ref.targetId).map((ref) => ref.targetId as string)),
];

function recorded(detail: Prisma.JsonValue | null, field: string): string | null {
  if (!detail || typeof detail !== "object" || Array.isArray(detail)) return null;
  const value = (detail as Record<string, Prisma.JsonValue>)[field];
  return typeof value === "string" && value ? value : null;
}

/** `type:id` → the target's name, for every entry whose target could be named. */
export async function nameAuditTargets(refs: readonly AuditTargetRef[]): Promise<Map<string, string>> {
  const [invitations, runs, grants, users, apiKeys] = await Promise.all([
    lookUp(idsOf(refs, "invitation"), (ids) =>
      prisma.invitation.findMany({ where: { id: { in: ids } }, select: { id: true, email: true } }),
    ),
    lookUp(idsOf(refs, "bulk_invite_run"), (ids) =>
      prisma.bulkInviteRun.findMany({ where: { id: { in: ids } }, select: { id: true, fileName: true } }),
    ),
    lookUp(idsOf(refs, "grant"), (ids) =>
      prisma.grant.findMany({ where: { id: { in: ids } }, select: { id: true, username: true } }),
    ),
    lookUp(idsOf(refs, "User"), (ids) =>
      prisma.user.findMany({ where: { id: { in: ids } }, select: { id: true, email: true } }),
    ),
    lookUp(idsOf(refs, "api_key"), (ids) =>
      prisma.apiKey.findMany({ where: { id: { in: ids } }, select: { id: true, name: true, prefix: true } }),
    ),
  ]);
  const names = new Map<string, string>();
  for (const row of invitations) names.set(key("invitation", row.id), row.email);
  for (const row of runs) names.set(key("bulk_invite_run", row.id), row.fileName);
  for (const row of grants) names.set(key("grant", row.id), row.username);
  for (const row of users) names.set(key("User", row.id), row.email);
  for (const row of apiKeys) names.set(key("api_key", row.id), `${row.name} (${row.prefix}…)`);
  for (const ref of refs) {
    if (!ref.targetType || !ref.targetId || names.has(key(ref.targetType, ref.targetId))) continue;
    // Gone since (a deleted invitation) or never stored (a refused sign-in): what the entry knew.
    const fallback =
      recorded(ref.detail, "email") ??
      recorded(ref.detail, "fileName") ??
      (ref.targetType === "EntraUser" ? ref.actorEmail : null);
    if (fallback) names.set(key(ref.targetType, ref.targetId), fallback);
  }
  return names;
}

export function targetNameOf(
  names: Map<string, string>,
  ref: Pick<AuditTargetRef, "targetType" | "targetId">,
): string | null {
  return ref.targetType && ref.targetId ? (names.get(key(ref.targetType, ref.targetId)) ?? null) : null;
}

/** Ids of targets whose name contains `text` (the target filter matches names, not only ids). */
export async function targetIdsNamedLike(text: string, limit = 500): Promise<string[]> {
  const contains = { contains: text, mode: "insensitive" as const };
  const rows = await Promise.all([
    prisma.invitation.findMany({ where: { email: contains }, select: { id: true }, take: limit }),
    prisma.bulkInviteRun.findMany({ where: { fileName: contains }, select: { id: true }, take: limit }),
    prisma.grant.findMany({ where: { username: contains }, select: { id: true }, take: limit }),
    prisma.user.findMany({ where: { email: contains }, select: { id: true }, take: limit }),
  ]);
  return rows.flat().map((row) => row.id);
}

async function lookUp<T>(ids: string[], query: (ids: string[]) => Promise<T[]>): Promise<T[]> {
  return ids.length === 0 ? [] : query(ids);
}
