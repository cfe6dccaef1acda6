import "server-only";
// The per-status counts the database keeps (InvitationStatusCount, maintained by statement
// triggers on Invitation): each statement that changes invitations appends its net change per
// status, and this fold sums the appended rows back into one per status, so what the invitations
// page reads stays a few rows however many invitations there are and however many changed.
import { prisma } from "@/lib/db/client";

/**
 * One statement: the rows it deletes are exactly the rows it sums, so a change committed meanwhile
 * (not in its snapshot) is neither lost nor counted twice, and two folds at once each fold what the
 * other did not. Returns how many rows were folded.
 */
export async function foldStatusCounts(): Promise<number> {
  const [row] = await prisma.$queryRaw<{ folded: bigint }[]>`
    WITH folded AS (DELETE FROM "InvitationStatusCount" RETURNING status, delta),
    summed AS (
      INSERT INTO "InvitationStatusCount" (status, delta)
      SELECT status, sum(delta) FROM folded GROUP BY status HAVING sum(delta) <> 0
    )
    SELECT count(*) AS folded FROM folded`;
  return Number(row?.folded ?? 0);
}
