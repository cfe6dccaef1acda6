// The per-status counts the database keeps against a count of the table itself, through every kind
// of write (one row, many rows, status changes and other changes, deletes), writers at once, and
// folds running among them. Other test files share this database but run before or after this one,
// so between the steps here the two must agree exactly.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import type { InvitationStatus } from "@/lib/db/generated/enums";
import { countInvitationsByStatus, INVITATION_STATUSES } from "./queries/list";
import { foldStatusCounts } from "./status-counts";

const DOMAIN = `counts-${randomBytes(3).toString("hex")}.example`;

async function tableCounts(): Promise<Record<string, number>> {
  const rows = await prisma.$queryRaw<{ status: InvitationStatus; count: bigint }[]>`
    SELECT status, count(*) AS count FROM "Invitation" GROUP BY status`;
  const counts: Record<string, number> = Object.fromEntries(INVITATION_STATUSES.map((s) => [s, 0]));
  let total = 0;
  for (const row of rows) {
    counts[row.status] = Number(row.count);
    total += Number(row.count);
  }
  return { ...counts, total };
}

async function expectCountsRight(step: string) {
  expect(await countInvitationsByStatus(), step).toEqual(await tableCounts());
}

const address = (n: number) => `person-${n}@${DOMAIN}`;

describe("invitation counts by status", () => {
  it("match a count of the table after every kind of write, and after a fold", async () => {
    await expectCountsRight("before");
    await prisma.invitation.create({ data: { email: address(0), status: "Queued" } });
    await expectCountsRight("one insert");
    await prisma.invitation.createMany({
      data: Array.from({ length: 300 }, (_, i) => ({
        email: address(i + 1),
        status: (["Queued", "PendingAcceptance", "Failed"] as const)[i % 3],
      })),
    });
    await expectCountsRight("a bulk insert");
    await prisma.invitation.update({ where: { email: address(0) }, data: { status: "Sending" } });
    await expectCountsRight("one status change");
    await prisma.invitation.updateMany({
      where: { email: { endsWith: `@${DOMAIN}` }, status: "PendingAcceptance" },
      data: { status: "Accepted" },
    });
    await expectCountsRight("many status changes");
    const before = await prisma.invitationStatusCount.count();
    await prisma.invitation.updateMany({
      where: { email: { endsWith: `@${DOMAIN}` } },
      data: { lastSyncedAt: new Date() },
    });
    expect(await prisma.invitationStatusCount.count(), "an update that moves no status appends nothing").toBe(before);
    await prisma.invitation.deleteMany({ where: { email: { endsWith: `@${DOMAIN}` }, status: "Failed" } });
    await expectCountsRight("a delete");

    expect(await foldStatusCounts()).toBeGreaterThan(0);
    expect(await prisma.invitationStatusCount.count()).toBeLessThanOrEqual(INVITATION_STATUSES.length);
    await expectCountsRight("folded");
    await prisma.invitation.deleteMany({ where: { email: { endsWith: `@${DOMAIN}` } } });
    await expectCountsRight("cleaned up");
  });

  it("stay exact with 40 writers at once and folds among them", async () => {
    const base = 1_000;
    await prisma.invitation.createMany({
      data: Array.from({ length: 40 }, (_, i) => ({ email: address(base + i), status: "Queued" as const })),
    });
    // Each writer moves its own invitation through three statuses in three transactions; folds run
    // in between. A lost or doubled change would show as a count off by one.
    const path: InvitationStatus[] = ["Sending", "PendingAcceptance", "Accepted"];
    const writers = Array.from({ length: 40 }, async (_, i) => {
      for (const status of path) {
        await prisma.$transaction(async (tx) => {
          await tx.invitation.update({ where: { email: address(base + i) }, data: { status } });
          await tx.invitationEvent.create({
            data: { invitation: { connect: { email: address(base + i) } }, type: "counted", actorType: "System" },
          });
        });
      }
    });
    const folds = Array.from({ length: 5 }, () => foldStatusCounts());
    await Promise.all([...writers, ...folds]);
    await expectCountsRight("after the writers");
    await foldStatusCounts();
    await expectCountsRight("folded after the writers");
    await prisma.invitation.deleteMany({ where: { email: { endsWith: `@${DOMAIN}` } } });
    await expectCountsRight("cleaned up");
  });
});
