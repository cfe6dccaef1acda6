import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Runner } from "graphile-worker";
import { disconnectPrisma, prisma } from "@/lib/db/client";
import { jobs } from "./contracts";
import { enqueueJob } from "./enqueue";
import { startWorker } from "./runner";
import { waitFor } from "@/test/int-support";

async function consentAttempt(email: string, expiresAt: Date) {
  const invitation = await prisma.invitation.create({ data: { email } });
  return prisma.consentAttempt.create({
    data: {
      invitationId: invitation.id,
      stateHash: `state-${email}`,
      browserBindingHash: "binding",
      nonce: "nonce",
      codeVerifierCipher: Buffer.from("ciphertext"),
      encryptionKeyId: "test",
      expiresAt,
    },
  });
}

describe("background jobs", () => {
  let runner: Runner;
  beforeAll(async () => {
    runner = await startWorker({ schedule: [], pollInterval: 200 });
  });
  afterAll(async () => {
    await runner.stop();
    await disconnectPrisma();
  });

  it("runs an enqueued housekeeping job and removes only the expired consent attempts", async () => {
    const stale = await consentAttempt(`stale-${Date.now()}@fabrikam.example`, new Date(Date.now() - 30 * 86_400_000));
    const fresh = await consentAttempt(`fresh-${Date.now()}@fabrikam.example`, new Date(Date.now() + 600_000));

    const { jobId } = await enqueueJob("housekeeping.pruneConsentAttempts", {});
    await waitFor(async () =>
      (await prisma.consentAttempt.findUnique({ where: { id: stale.id } })) ? undefined : true,
    );

    expect(await prisma.consentAttempt.findUnique({ where: { id: fresh.id } })).not.toBeNull();
    // A completed job is deleted from the queue.
    await waitFor(async () => {
      const rows = await prisma.$queryRaw<
        { n: bigint }[]
      >`SELECT count(*) AS n FROM graphile_worker.jobs WHERE id = ${BigInt(jobId)}`;
      return rows[0]?.n === 0n ? true : undefined;
    });
  });

  it("enqueues inside a transaction: a rolled-back transaction queues nothing", async () => {
    const runId = `rollback-${Date.now()}`;
    const jobKey = jobs["invitations.bulkRun"].key({ runId });
    await expect(
      prisma.$transaction(async (tx) => {
        await enqueueJob("invitations.bulkRun", { runId }, { runAt: new Date(Date.now() + 3_600_000) }, tx);
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    const rows = await prisma.$queryRaw<
      { n: bigint }[]
    >`SELECT count(*) AS n FROM graphile_worker.jobs WHERE key = ${jobKey}`;
    expect(rows[0]?.n).toBe(0n);
  });

  it("refuses a payload the task does not accept, in the caller", async () => {
    await expect(enqueueJob("housekeeping.pruneConsentAttempts", { olderThanDays: -1 })).rejects.toThrow();
  });
});
