import "server-only";
// Grants as the REST API shows them: the account, tenant, scopes, status with the explained reason,
// and where to send the user to reconnect. Never a token or anything about one beyond its expiry.
import type { z } from "zod";
import { prisma } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { explainMicrosoftError } from "@/lib/errors/explain";
import { lookupError } from "@/lib/errors/catalogue";
import { ERASURE_REASON_WORDS, isErasureReason, NOT_ACTIVE_REASONS } from "@/lib/shared/grants";
import { consentPageUrl } from "@/lib/invitations/consent-url";
import { decodeCursor, pageOf } from "../schemas/common";
import type { grantListQuery, grantSchema } from "../schemas/grants";

export type ApiGrant = z.output<typeof grantSchema>;

/** The columns a grant resource is built from (also read by the event outbox). */
export const GRANT_RESOURCE_SELECT = {
  id: true,
  invitationId: true,
  username: true,
  objectId: true,
  homeTenantId: true,
  scopes: true,
  status: true,
  failureCode: true,
  failureReason: true,
  consentedAt: true,
  lastRefreshedAt: true,
  accessTokenExpiresAt: true,
  erasedReason: true,
} satisfies Prisma.GrantSelect;

export type GrantRow = Prisma.GrantGetPayload<{ select: typeof GRANT_RESOURCE_SELECT }>;

function reasonOf(row: GrantRow): ApiGrant["statusReason"] {
  if (row.status === "Active") return null;
  if (row.failureCode) {
    const entry = lookupError(row.failureCode);
    if (entry) return { code: row.failureCode, title: entry.title, meaning: entry.meaning, fix: [...entry.fix] };
    const explained = explainMicrosoftError(
      Object.assign(new Error(row.failureReason ?? row.failureCode), { code: row.failureCode }),
    );
    return {
      code: row.failureCode,
      title: row.failureReason ?? explained.title,
      meaning: explained.meaning,
      fix: [...explained.fix],
    };
  }
  const words =
    (row.status === "Erased" && isErasureReason(row.erasedReason) ? ERASURE_REASON_WORDS[row.erasedReason] : null) ??
    NOT_ACTIVE_REASONS[row.status] ??
    NOT_ACTIVE_REASONS.NeedsRenewal!;
  return {
    code: `grant_${row.status}`,
    title: words,
    meaning: words,
    fix:
      row.status === "Suspended"
        ? ["An administrator resumes it on the invitation's page."]
        : ["Send the user a fresh consent link (reconnectUrl)."],
  };
}

export function toApiGrant(row: GrantRow): ApiGrant {
  return {
    id: row.id,
    invitationId: row.invitationId,
    account: { username: row.username, objectId: row.objectId },
    tenantId: row.homeTenantId,
    scopes: row.scopes,
    status: row.status,
    statusReason: reasonOf(row),
    consentedAt: row.consentedAt.toISOString(),
    lastRefreshedAt: row.lastRefreshedAt?.toISOString() ?? null,
    accessTokenExpiresAt: row.accessTokenExpiresAt?.toISOString() ?? null,
    reconnectUrl:
      row.invitationId && row.status !== "Active" && row.status !== "Revoked" ? consentPageUrl(row.invitationId) : null,
  };
}

/** Newest first (ids are UUIDv7, so id order is creation order), keyset-paginated by id. */
export async function listApiGrants(
  query: z.output<typeof grantListQuery>,
): Promise<{ data: ApiGrant[]; nextCursor: string | null }> {
  const after = decodeCursor(query.cursor);
  const rows = await prisma.grant.findMany({
    where: {
      ...(query.email ? { username: { equals: query.email, mode: "insensitive" } } : {}),
      ...(query.status ? { status: query.status } : {}),
      ...(query.tenantId ? { homeTenantId: { equals: query.tenantId, mode: "insensitive" } } : {}),
      ...(after ? { id: { lt: after } } : {}),
    },
    orderBy: { id: "desc" },
    take: query.limit + 1,
    select: GRANT_RESOURCE_SELECT,
  });
  return pageOf(rows, query.limit, toApiGrant);
}

export async function getApiGrant(id: string): Promise<ApiGrant | null> {
  const row = await prisma.grant.findUnique({ where: { id }, select: GRANT_RESOURCE_SELECT });
  return row ? toApiGrant(row) : null;
}
