// The live feed against a real PostgreSQL: one LISTEN connection however many streams are open,
// notices arrive on commit (never for a rolled-back change), and a dropped connection comes back
// and tells subscribers to resync.
import { afterAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "@/lib/db/client";
import { invitationLiveFeed, type LiveNotice } from "./live-feed";
import { notifyBulkRunChanged, notifyInvitationChanged } from "@/lib/invitations/lifecycle";
import { waitFor } from "@/test/int-support";

async function feedConnections(): Promise<number> {
  const rows = await prisma.$queryRaw<Array<{ count: bigint }>>`
    SELECT count(*) AS count FROM pg_stat_activity
    WHERE application_name = 'guestpass-live-feed' AND datname = current_database()`;
  return Number(rows[0]?.count ?? 0);
}

afterAll(async () => {
  await disconnectPrisma();
});

describe("invitation live feed", () => {
  it("fans one LISTEN connection out to every subscriber, on commit only", async () => {
    const seenA: LiveNotice[] = [];
    const seenB: LiveNotice[] = [];
    const feed = invitationLiveFeed();
    const stopA = await feed.subscribe((n) => seenA.push(n));
    const stopB = await feed.subscribe((n) => seenB.push(n));
    expect(await feedConnections()).toBe(1);

    const id = "0190f0f0-0000-7000-8000-000000000001";
    await prisma
      .$transaction(async (tx) => {
        await notifyInvitationChanged(tx, { id, status: "Failed" });
        throw new Error("roll back");
      })
      .catch(() => undefined);
    await prisma.$transaction(async (tx) => {
      await notifyInvitationChanged(tx, { id, status: "Accepted" });
      await notifyBulkRunChanged(tx, "0190f0f0-0000-7000-8000-0000000000aa");
    });
    await waitFor(() => seenA.length >= 2 && seenB.length >= 2, { timeoutMs: 10_000, intervalMs: 25 });
    expect(seenA).toEqual([
      { kind: "invitation", notice: { id, status: "Accepted" } },
      { kind: "bulkRun", notice: { runId: "0190f0f0-0000-7000-8000-0000000000aa" } },
    ]);
    expect(seenB).toEqual(seenA);

    // A third stream still shares the one connection.
    const stopC = await feed.subscribe(() => undefined);
    expect(await feedConnections()).toBe(1);
    stopA();
    stopB();
    stopC();
  });

  it("reconnects after PostgreSQL drops the connection and asks subscribers to resync", async () => {
    const seen: LiveNotice[] = [];
    const feed = invitationLiveFeed();
    const stop = await feed.subscribe((n) => seen.push(n));
    await prisma.$queryRaw`SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                           WHERE application_name = 'guestpass-live-feed' AND datname = current_database()`;
    await waitFor(() => seen.some((n) => n.kind === "resync"), { timeoutMs: 10_000, intervalMs: 25 });
    expect(await feedConnections()).toBe(1);

    const id = "0190f0f0-0000-7000-8000-000000000002";
    await prisma.$transaction((tx) => notifyInvitationChanged(tx, { id, status: "PendingAcceptance" }));
    await waitFor(() => seen.some((n) => n.kind === "invitation" && n.notice.id === id), {
      timeoutMs: 10_000,
      intervalMs: 25,
    });
    stop();
  });
});
