// A transition given the invitation as its caller last knew it skips the read, but only while that
// knowledge holds: once the invitation has changed since, it reads it and decides as without one.
import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { uniqueEmail } from "@/test/int-support";
import { createQueuedInvitation } from "./create";
import { transitionInvitation } from "./lifecycle";

const WORKER = { actorType: "Worker" as const };

async function queued() {
  const created = await prisma.$transaction((tx) =>
    createQueuedInvitation(
      tx,
      {
        email: uniqueEmail("lifecycle"),
        userType: "Guest",
        sendInvitationMessage: true,
        ccRecipients: [],
        mailMode: "microsoft",
      },
      { actor: WORKER },
    ),
  );
  return prisma.invitation.findUniqueOrThrow({ where: { id: created!.id } });
}

const eventsOf = (invitationId: string) =>
  prisma.invitationEvent.findMany({ where: { invitationId, type: { not: "created" } }, orderBy: { createdAt: "asc" } });

describe("transitionInvitation with an expected invitation", () => {
  it("applies from the expected version and answers the one it left", async () => {
    const invitation = await queued();
    const claimed = await transitionInvitation({
      invitationId: invitation.id,
      event: "sending",
      actor: WORKER,
      expected: invitation,
    });
    expect(claimed).toEqual({
      changed: true,
      fromStatus: "Queued",
      now: { status: "Sending", version: invitation.version + 1, bulkRunId: null },
    });
    const sent = await transitionInvitation({
      invitationId: invitation.id,
      event: "sent",
      actor: WORKER,
      expected: claimed.now,
    });
    expect(sent.changed).toBe(true);
    const row = await prisma.invitation.findUniqueOrThrow({ where: { id: invitation.id } });
    expect(row).toMatchObject({ status: "PendingAcceptance", version: invitation.version + 2 });
    expect((await eventsOf(invitation.id)).map((e) => [e.type, e.fromStatus, e.toStatus])).toEqual([
      ["sending", "Queued", "Sending"],
      ["sent", "Sending", "PendingAcceptance"],
    ]);
  });

  it("reads the invitation again when its version has moved, and still applies a transition that fits", async () => {
    const invitation = await queued();
    const claimed = await transitionInvitation({ invitationId: invitation.id, event: "sending", actor: WORKER });
    await prisma.invitation.update({
      where: { id: invitation.id },
      data: { displayName: "Renamed", version: { increment: 1 } },
    });
    const sent = await transitionInvitation({
      invitationId: invitation.id,
      event: "sent",
      actor: WORKER,
      expected: claimed.now,
    });
    expect(sent).toMatchObject({ changed: true, fromStatus: "Sending", now: { version: invitation.version + 3 } });
    expect(await prisma.invitation.findUniqueOrThrow({ where: { id: invitation.id } })).toMatchObject({
      status: "PendingAcceptance",
      displayName: "Renamed",
    });
  });

  it("changes nothing when the invitation has meanwhile left the transition's statuses", async () => {
    const invitation = await queued();
    const claimed = await transitionInvitation({ invitationId: invitation.id, event: "sending", actor: WORKER });
    await transitionInvitation({ invitationId: invitation.id, event: "send_failed", actor: WORKER });
    const sent = await transitionInvitation({
      invitationId: invitation.id,
      event: "sent",
      actor: WORKER,
      expected: claimed.now,
    });
    expect(sent).toEqual({ changed: false, fromStatus: "Failed" });
    expect((await eventsOf(invitation.id)).map((e) => e.type)).toEqual(["sending", "send_failed"]);
    expect((await prisma.invitation.findUniqueOrThrow({ where: { id: invitation.id } })).status).toBe("Failed");
  });
});
