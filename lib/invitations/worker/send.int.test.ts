// The send path's safety nets: an ambiguous answer is reconciled, not blindly re-posted, and a
// send abandoned by a dead worker is picked up by the watchdog, which looks the address up first.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Runner } from "graphile-worker";
import { EmulatorControl } from "@/emulator/control/client";
import { runStaffAction } from "@/lib/actions/staff-action";
import { prisma } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { appGraphClientFromEnv } from "@/lib/graph/from-env";
import { createInvitation } from "@/lib/graph/invitations";
import { enqueueJob } from "@/lib/jobs/enqueue";
import { startWorker } from "@/lib/jobs/runner";
import { consentPageUrl } from "@/lib/invitations/consent-url";
import { inviteUserAction } from "@/lib/invitations/actions/invite";
import { adminSession, inviteForm, uniqueEmail, waitFor } from "@/test/int-support";
import { MAX_SEND_ATTEMPTS } from "./send";
import { resumeStalledWork, STALLED_SEND_AFTER_MS } from "./watchdog";

const emulator = EmulatorControl.fromEnv();
let worker: Runner;

beforeAll(async () => {
  worker = await startWorker({ schedule: [], pollInterval: 100, concurrency: 2 });
});
afterAll(async () => {
  await worker.stop();
});
afterEach(async () => {
  await emulator.resetFaults();
});

const acceptedPosts = async (email: string) =>
  (await emulator.listInvitations()).filter((i) => i.invitedUserEmailAddress === email);

const settled = (id: string) =>
  waitFor(
    async () => {
      const row = await prisma.invitation.findUniqueOrThrow({ where: { id } });
      return row.status === "PendingAcceptance" || row.status === "Failed" ? row : undefined;
    },
    { what: "the send to settle" },
  );

describe("sending an invitation", () => {
  it("after a 500 on POST /invitations, looks the address up before posting again: one invitation", async () => {
    await emulator.setFaults({
      rules: [
        {
          pathPrefix: "/v1.0/invitations",
          methods: ["POST"],
          serverErrorRate: 1,
          serverErrorStatus: 500,
          remaining: 1,
        },
      ],
    });
    const since = (await emulator.requests({ area: "graph" })).at(-1)?.id ?? 0;
    const email = uniqueEmail("ambiguous");
    const result = await runStaffAction(
      inviteUserAction,
      await adminSession(),
      inviteForm({ email, sendInvitationMessage: "on" }),
    );
    if (!result.ok || result.data.kind !== "queued") throw new Error("not queued");
    const invitation = await settled(result.data.invitationId);
    expect(invitation.status).toBe("PendingAcceptance");
    expect(await acceptedPosts(email)).toHaveLength(1);
    const graphCalls = await emulator.requests({ area: "graph", sinceId: since });
    const posts = graphCalls.filter((r) => r.method === "POST" && r.url.includes("/invitations"));
    expect(posts.map((p) => p.status)).toEqual([500, 201]);
    // Between the two POSTs: a look-up by address (the reconciliation).
    const firstPost = graphCalls.indexOf(posts[0] as (typeof graphCalls)[number]);
    const secondPost = graphCalls.indexOf(posts[1] as (typeof graphCalls)[number]);
    expect(
      graphCalls.slice(firstPost + 1, secondPost).some((r) => r.method === "GET" && r.url.includes("/users")),
    ).toBe(true);
  });

  it("the watchdog finishes a send whose worker died after posting, without posting again", async () => {
    const email = uniqueEmail("orphan");
    const admin = await adminSession();
    // The state a crash leaves: Guestpass says Sending, Graph already has the invitation.
    const invitation = await prisma.invitation.create({
      data: { email, status: "Sending", createdById: admin.userId },
    });
    await createInvitation(appGraphClientFromEnv(), {
      invitedUserEmailAddress: email,
      inviteRedirectUrl: consentPageUrl(invitation.id),
      sendInvitationMessage: false,
    });
    await prisma.$executeRaw`UPDATE "Invitation" SET "updatedAt" = now() - make_interval(secs => ${STALLED_SEND_AFTER_MS / 1000 + 60}::float8) WHERE id = ${invitation.id}`;

    const resumed = await resumeStalledWork();
    expect(resumed.invitations).toBeGreaterThanOrEqual(1);
    const done = await settled(invitation.id);
    expect(done.status).toBe("PendingAcceptance");
    expect(done.graphUserId).toBeTruthy();
    expect(await acceptedPosts(email)).toHaveLength(1);
    const sent = await prisma.invitationEvent.findFirst({ where: { invitationId: invitation.id, type: "sent" } });
    expect(sent?.detail).toMatchObject({ reconciled: true });
  });

  it("marks the invitation Failed with the catalogue's explanation when Microsoft refuses it", async () => {
    const tenantId = getEnv().AZURE_TENANT_ID;
    await emulator.updateTenant(tenantId, { invitationsBlockedForSuspiciousActivity: true });
    try {
      const email = uniqueEmail("blocked");
      const result = await runStaffAction(
        inviteUserAction,
        await adminSession(),
        inviteForm({ email, sendInvitationMessage: "on" }),
      );
      if (!result.ok || result.data.kind !== "queued") throw new Error("not queued");
      const invitation = await settled(result.data.invitationId);
      expect(invitation).toMatchObject({ status: "Failed", lastErrorCode: expect.any(String) });
      expect(invitation.lastErrorMessage).toBeTruthy();
      const event = await prisma.invitationEvent.findFirst({
        where: { invitationId: invitation.id, type: "send_failed" },
      });
      expect(event).toMatchObject({ fromStatus: "Sending", toStatus: "Failed" });
    } finally {
      await emulator.updateTenant(tenantId, { invitationsBlockedForSuspiciousActivity: false });
    }
  });

  it("gives up after the last allowed attempt while Microsoft keeps failing, and says why", async () => {
    await emulator.setFaults({
      rules: [{ pathPrefix: "/v1.0/invitations", methods: ["POST"], serverErrorRate: 1, serverErrorStatus: 503 }],
    });
    const email = uniqueEmail("outage");
    const invitation = await prisma.invitation.create({ data: { email, status: "Queued" } });
    // The job's own attempt counter, as if the earlier attempts had already been deferred.
    await enqueueJob("invitations.send", { invitationId: invitation.id, attempt: MAX_SEND_ATTEMPTS });
    const failed = await settled(invitation.id);
    expect(failed).toMatchObject({ status: "Failed", lastErrorCode: expect.any(String) });
    expect(await acceptedPosts(email)).toHaveLength(0);
  });
});
