import "server-only";
// Invitations as the REST API (and the events it sends) show them: the address, the status, the
// guest's object id once Microsoft created it, why sending failed. Never the redeem URL or a link.
import type { z } from "zod";
import { prisma } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { decodeCursor, pageOf } from "../schemas/common";
import type { ApiInvitation, invitationListQuery } from "../schemas/invitations";

/** The columns an invitation resource is built from (also read by the event outbox). */
export const INVITATION_RESOURCE_SELECT = {
  id: true,
  kind: true,
  email: true,
  displayName: true,
  userType: true,
  status: true,
  graphUserId: true,
  lastErrorCode: true,
  lastErrorMessage: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.InvitationSelect;

export type InvitationRow = Prisma.InvitationGetPayload<{ select: typeof INVITATION_RESOURCE_SELECT }>;

export function toApiInvitation(row: InvitationRow): ApiInvitation {
  return {
    id: row.id,
    kind: row.kind,
    email: row.email,
    displayName: row.displayName,
    userType: row.userType,
    status: row.status,
    guestUserId: row.graphUserId,
    failure:
      row.status === "Failed" && row.lastErrorCode ? { code: row.lastErrorCode, message: row.lastErrorMessage } : null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Newest first (ids are UUIDv7, so id order is creation order), keyset-paginated by id. */
export async function listApiInvitations(
  query: z.output<typeof invitationListQuery>,
): Promise<{ data: ApiInvitation[]; nextCursor: string | null }> {
  const after = decodeCursor(query.cursor);
  const rows = await prisma.invitation.findMany({
    where: {
      // Invitation.email is stored lower-cased and the query lower-cases: an exact, indexed match.
      ...(query.email ? { email: query.email } : {}),
      ...(query.status ? { status: query.status } : {}),
      ...(after ? { id: { lt: after } } : {}),
    },
    orderBy: { id: "desc" },
    take: query.limit + 1,
    select: INVITATION_RESOURCE_SELECT,
  });
  return pageOf(rows, query.limit, toApiInvitation);
}

export async function getApiInvitation(id: string): Promise<ApiInvitation | null> {
  const row = await prisma.invitation.findUnique({ where: { id }, select: INVITATION_RESOURCE_SELECT });
  return row ? toApiInvitation(row) : null;
}
