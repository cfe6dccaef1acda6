// kill -9 of the worker in the middle of a refresh run (token endpoint slowed so refreshes are in
// flight), then a new worker: every due grant ends refreshed and usable, none lost to a half-saved
// refresh, none duplicated, and each one still sends exactly one mail when asked.
import { afterEach, describe, expect, it } from "vitest";
import { EmulatorControl } from "@/emulator/control/client";
import { killAllWorkerProcesses, killWorkerProcess, startWorkerProcess } from "@/test/worker-process";
import { consentFully, freshFabrikamInvitee } from "@/lib/consent/flow.test-support";
import { prisma } from "@/lib/db/client";
import { sendMailAs } from "@/lib/grants/send-mail";
import { waitFor } from "@/test/int-support";

const GRANTS = 8;
const emulator = EmulatorControl.fromEnv();

const queueRefreshRun = () =>
  prisma.$executeRaw`SELECT graphile_worker.add_job('grants.refreshDue', '{"concurrency": 2}'::json)`;

afterEach(async () => {
  await killAllWorkerProcesses();
  await emulator.resetFaults();
});

describe("grant refresh across a worker crash", () => {
  it(`refreshes all ${GRANTS} due grants after a SIGKILL mid-run; none lost, none duplicated`, async () => {
    const invitees = [];
    for (let i = 0; i < GRANTS; i++) {
      const invitee = await freshFabrikamInvitee(`refresh-crash-${i}`);
      const grantId = await consentFully({ invitationId: invitee.invitationId }, invitee.upn);
      invitees.push({ ...invitee, grantId });
    }
    const ids = invitees.map((i) => i.grantId);
    const startedAt = new Date();
    await prisma.grant.updateMany({
      where: { id: { in: ids } },
      data: { nextRefreshAt: new Date(Date.now() - 60_000) },
    });
    // Slow token endpoint: refreshes are in flight when the process dies.
    await emulator.setFaults({
      includeIdentity: true,
      rules: [{ pathPrefix: "/common/oauth2/v2.0/token", latency: { minMs: 800, maxMs: 1_200 } }],
    });

    const first = startWorkerProcess();
    await queueRefreshRun();
    await waitFor(
      async () => (await prisma.grant.count({ where: { id: { in: ids }, lastRefreshedAt: { gt: startedAt } } })) >= 1,
      {
        timeoutMs: 60_000,
        what: "the first refresh to be saved",
      },
    );
    await killWorkerProcess(first);
    const doneAtKill = await prisma.grant.count({ where: { id: { in: ids }, lastRefreshedAt: { gt: startedAt } } });
    expect(doneAtKill).toBeLessThan(GRANTS);

    // A new worker and the next scheduled run (the crontab queues one every 5 minutes; here, now).
    startWorkerProcess();
    await queueRefreshRun();
    await waitFor(
      async () =>
        (await prisma.grant.count({ where: { id: { in: ids }, lastRefreshedAt: { gt: startedAt } } })) === GRANTS,
      {
        timeoutMs: 120_000,
        what: "every grant to be refreshed",
      },
    );
    await emulator.resetFaults();

    const grants = await prisma.grant.findMany({ where: { id: { in: ids } } });
    expect(grants.map((g) => g.status)).toEqual(ids.map(() => "Active"));
    expect(grants.every((g) => g.failureCode === null)).toBe(true);
    expect(await prisma.grant.count({ where: { invitationId: { in: invitees.map((i) => i.invitationId) } } })).toBe(
      GRANTS,
    );

    // Each grant still works after the crash, and one send is one mail.
    for (const invitee of invitees)
      await sendMailAs(invitee.grantId, {
        subject: `after crash ${invitee.upn}`,
        body: { contentType: "Text", content: "ok" },
        toRecipients: [invitee.upn],
      });
    for (const invitee of invitees) {
      const sent = await emulator.sentMail({ from: invitee.upn });
      expect(sent.filter((m) => m.subject === `after crash ${invitee.upn}`)).toHaveLength(1);
    }
    console.log(
      `[faults] refresh crash: ${doneAtKill}/${GRANTS} refreshed before SIGKILL, ${GRANTS}/${GRANTS} after restart, 0 lost`,
    );
  }, 300_000);
});
