// Landing on the consent page after redeeming marks the invitation Accepted at once, confirmed with
// Graph (the emulator's guest state), without waiting for the five-minute sync; a visit before
// redeeming changes nothing, and a Graph that does not answer leaves the page to render.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { EmulatorControl } from "@/emulator/control/client";
import { DEMO_PASSWORD, DEMO_TENANTS } from "@/emulator/state/default-scenario";
import { prisma } from "@/lib/db/client";
import type { GraphClient } from "@/lib/graph/client";
import { appGraphClientFromEnv } from "@/lib/graph/from-env";
import { invitedThroughGraph } from "./flow.test-support";
import { confirmRedemptionOnLanding } from "./landing-check";
import { mailboxBlockerOf } from "./queries";

const control = EmulatorControl.fromEnv();

async function pendingInvitation(prefix: string) {
  const upn = `${prefix}-${randomBytes(4).toString("hex")}@${DEMO_TENANTS.fabrikam.domain}`;
  await control.createUser({
    tenantId: DEMO_TENANTS.fabrikam.id,
    userPrincipalName: upn,
    mail: upn,
    displayName: prefix,
    password: DEMO_PASSWORD,
    mailbox: "exchangeOnline",
  });
  const { invitationId, graphInvitationId } = await invitedThroughGraph(upn);
  return { invitationId, graphInvitationId };
}

const statusOf = async (id: string) =>
  (await prisma.invitation.findUniqueOrThrow({ where: { id }, select: { status: true } })).status;

describe("landing on the consent page after redeeming", () => {
  it("marks the invitation Accepted at once once Graph says so, recorded as the invited person's doing", async () => {
    const invited = await pendingInvitation("landing");
    expect(await confirmRedemptionOnLanding(invited.invitationId)).toBe("still_pending");
    expect(await statusOf(invited.invitationId)).toBe("PendingAcceptance");

    await control.redeemInvitation(invited.graphInvitationId);
    expect(await confirmRedemptionOnLanding(invited.invitationId)).toBe("accepted");
    expect(await statusOf(invited.invitationId)).toBe("Accepted");
    const event = await prisma.invitationEvent.findFirstOrThrow({
      where: { invitationId: invited.invitationId, type: "status_synced" },
      orderBy: { createdAt: "desc" },
    });
    expect(event).toMatchObject({ actorType: "InvitedUser", detail: { externalUserState: "Accepted" } });
    // a second visit is not another change
    expect(await confirmRedemptionOnLanding(invited.invitationId)).toBe("not_pending");
  });

  it("records how the guest redeemed, also for an invitation the periodic sync already marked Accepted", async () => {
    const passcode = await pendingInvitation("landing-otp");
    await control.redeemInvitationWithPasscode(passcode.graphInvitationId);
    expect(await confirmRedemptionOnLanding(passcode.invitationId)).toBe("accepted");
    expect(
      await prisma.invitation.findUniqueOrThrow({
        where: { id: passcode.invitationId },
        select: { redeemedWith: true },
      }),
    ).toEqual({ redeemedWith: "mail" });
    expect(await mailboxBlockerOf(passcode.invitationId)).toBe("one_time_passcode");

    // Accepted by the sync (which does not read identities): the landing still finds out, once.
    const work = await pendingInvitation("landing-synced");
    await control.redeemInvitation(work.graphInvitationId);
    await prisma.invitation.update({
      where: { id: work.invitationId },
      data: { status: "Accepted", externalUserState: "Accepted" },
    });
    expect(await confirmRedemptionOnLanding(work.invitationId)).toBe("not_pending");
    expect(
      await prisma.invitation.findUniqueOrThrow({ where: { id: work.invitationId }, select: { redeemedWith: true } }),
    ).toEqual({ redeemedWith: "ExternalAzureAD" });
    expect(await mailboxBlockerOf(work.invitationId)).toBeNull();
  });

  it("renders anyway when Graph does not answer in time", async () => {
    const invited = await pendingInvitation("landing-slow");
    await control.redeemInvitation(invited.graphInvitationId);
    const real = appGraphClientFromEnv();
    const never = () => new Promise<never>(() => undefined);
    const stalled: GraphClient = { ...real, request: never, get: never };
    const started = Date.now();
    expect(await confirmRedemptionOnLanding(invited.invitationId, { graph: stalled, timeoutMs: 200 })).toBe(
      "unavailable",
    );
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(await statusOf(invited.invitationId)).toBe("PendingAcceptance");
  });
});
