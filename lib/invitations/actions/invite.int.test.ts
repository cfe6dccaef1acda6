import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Runner } from "graphile-worker";
import { EmulatorControl } from "@/emulator/control/client";
import { runStaffAction, runStaffRead } from "@/lib/actions/staff-action";
import { prisma } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { startWorker } from "@/lib/jobs/runner";
import { inviteUserAction, lookupInviteeRead } from "./invite";
import { adminSession, inviteForm, staffSession, supportSession, uniqueEmail, waitFor } from "@/test/int-support";

const emulator = EmulatorControl.fromEnv();
let worker: Runner;

beforeAll(async () => {
  worker = await startWorker({ schedule: [], pollInterval: 100, concurrency: 4 });
});
afterAll(async () => {
  await worker.stop();
});

describe("single invite", () => {
  it("queues, sends through the worker to Graph, keeps the redeem link and points the redirect at the consent page", async () => {
    const admin = await adminSession();
    const email = uniqueEmail();
    const result = await runStaffAction(
      inviteUserAction,
      admin,
      inviteForm({
        email,
        displayName: "Ada Lovelace",
        userType: "Guest",
        sendInvitationMessage: "on",
        customMessage: "Welcome to the project",
        ccRecipients: "",
        messageLanguage: "en-US",
      }),
    );
    expect(result).toMatchObject({ ok: true, data: { kind: "queued" } });
    if (!result.ok || result.data.kind !== "queued") throw new Error("not queued");
    const id = result.data.invitationId;

    const sent = await waitFor(
      async () => {
        const invitation = await prisma.invitation.findUniqueOrThrow({ where: { id } });
        return invitation.status === "PendingAcceptance" ? invitation : undefined;
      },
      { what: "PendingAcceptance" },
    );
    expect(sent.graphUserId).toBeTruthy();
    expect(sent.inviteRedeemUrl).toMatch(/^https:\/\//);

    const posted = (await emulator.listInvitations()).filter((i) => i.invitedUserEmailAddress === email);
    expect(posted).toHaveLength(1);
    expect(posted[0]).toMatchObject({
      inviteRedirectUrl: `${getEnv().APP_URL}/consent/i/${id}`,
      invitedUserDisplayName: "Ada Lovelace",
      sendInvitationMessage: true,
      invitedUserId: sent.graphUserId,
    });
    expect(posted[0]?.invitedUserMessageInfo.customizedMessageBody).toBe("Welcome to the project");

    const events = await prisma.invitationEvent.findMany({
      where: { invitationId: id },
      orderBy: { createdAt: "asc" },
    });
    expect(events.map((e) => e.type)).toEqual(["created", "sending", "sent"]);
    const audit = await prisma.auditLogEntry.findMany({
      where: { action: "invitation.create", actorId: admin.userId },
    });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      outcome: "Success",
      targetType: "invitation",
      targetId: id,
      actorRole: "Guestpass.Admin",
    });
    expect(audit[0]?.correlationId).toBeTruthy();
  });

  it("shows an existing tenant user as such and sends nothing", async () => {
    const admin = await adminSession();
    const email = uniqueEmail("member");
    const user = await emulator.createUser({
      tenantId: getEnv().AZURE_TENANT_ID,
      userPrincipalName: email.replace("@fabrikam.com", "@contoso.com"),
      mail: email,
      displayName: "Existing Member",
    });
    const before = (await emulator.listInvitations()).length;

    const lookup = await runStaffRead(lookupInviteeRead, admin, email);
    expect(lookup).toMatchObject({ ok: true, data: { email, existingUser: { id: user.id } } });

    const result = await runStaffAction(inviteUserAction, admin, inviteForm({ email, sendInvitationMessage: "on" }));
    expect(result).toMatchObject({
      ok: true,
      data: { kind: "existingUser", existingUser: { id: user.id, displayName: "Existing Member" } },
    });
    expect(await prisma.invitation.findUnique({ where: { email } })).toBeNull();
    expect((await emulator.listInvitations()).length).toBe(before);
  });

  it("looks an address up for the invite form without writing to the audit log, admins only", async () => {
    const admin = await adminSession();
    const support = await supportSession();
    const email = uniqueEmail("typed");
    const entriesOf = (actorId: string) => prisma.auditLogEntry.count({ where: { actorId } });
    const before = { admin: await entriesOf(admin.userId), support: await entriesOf(support.userId) };

    expect(await runStaffRead(lookupInviteeRead, admin, email)).toMatchObject({ ok: true, data: { email } });
    expect(await runStaffRead(lookupInviteeRead, admin, "not an address")).toMatchObject({
      ok: false,
      code: "invalid",
    });
    expect(await runStaffRead(lookupInviteeRead, support, email)).toMatchObject({ ok: false, code: "forbidden" });
    expect(await runStaffRead(lookupInviteeRead, null, email)).toMatchObject({ ok: false, code: "unauthenticated" });
    expect({ admin: await entriesOf(admin.userId), support: await entriesOf(support.userId) }).toEqual(before);
  });

  it("says which address field went unchecked when Microsoft refuses part of the look-up", async () => {
    const admin = await adminSession();
    await emulator.setFaults({ rules: [{ pathPrefix: "/v1.0/users", refuseFilterOn: ["otherMails"] }] });
    try {
      const lookup = await runStaffRead(lookupInviteeRead, admin, uniqueEmail("partial"));
      expect(lookup).toMatchObject({ ok: true, data: { partialLookup: { unchecked: ["otherMails"] } } });
      if (!lookup.ok) throw new Error("look-up failed");
      expect(lookup.data.existingUser).toBeUndefined();
      expect(lookup.data.partialLookup?.message).toMatch(/other addresses \(otherMails\)/);
    } finally {
      await emulator.resetFaults();
    }
  });

  it("does not invite the same address twice through Guestpass", async () => {
    const admin = await adminSession();
    const email = uniqueEmail();
    const first = await runStaffAction(inviteUserAction, admin, inviteForm({ email, sendInvitationMessage: "false" }));
    const second = await runStaffAction(
      inviteUserAction,
      admin,
      inviteForm({
        email: email.toUpperCase().replace("FABRIKAM.COM", "fabrikam.com"),
        sendInvitationMessage: "false",
      }),
    );
    expect(first).toMatchObject({ ok: true, data: { kind: "queued" } });
    // Entra ignores case in addresses, so a second invite differing only in case is the same person.
    if (!first.ok || first.data.kind !== "queued") throw new Error("not queued");
    expect(second).toMatchObject({
      ok: true,
      data: { kind: "alreadyInvited", invitation: { id: first.data.invitationId } },
    });
    expect(await prisma.invitation.count({ where: { email: { equals: email, mode: "insensitive" } } })).toBe(1);
  });

  it("refuses a Member invite when the app token lacks User.ReadWrite.All, and says what to grant", async () => {
    const admin = await adminSession();
    const email = uniqueEmail();
    const result = await runStaffAction(
      inviteUserAction,
      admin,
      inviteForm({ email, userType: "Member", sendInvitationMessage: "on" }),
    );
    expect(result).toMatchObject({ ok: false, code: "invalid" });
    if (result.ok) throw new Error("unexpected");
    expect(result.fieldErrors?.userType?.[0]).toMatch(/User\.ReadWrite\.All/);
    expect(await prisma.invitation.findUnique({ where: { email } })).toBeNull();
  });

  it("shows validation errors inline, keyed by field", async () => {
    const admin = await adminSession();
    const result = await runStaffAction(
      inviteUserAction,
      admin,
      inviteForm({ email: "ada+tag@fabrikam.com", ccRecipients: "not-an-address" }),
    );
    expect(result).toMatchObject({ ok: false, code: "invalid" });
    if (result.ok) throw new Error("unexpected");
    expect(result.fieldErrors?.email?.[0]).toMatch(/\+/);
    expect(result.fieldErrors?.ccRecipients?.[0]).toBeTruthy();
  });

  it("lets only admins invite: support is denied (and audited), anonymous and role-less get nothing", async () => {
    const support = await supportSession();
    const email = uniqueEmail();
    const denied = await runStaffAction(inviteUserAction, support, inviteForm({ email }));
    expect(denied).toMatchObject({ ok: false, code: "forbidden" });
    expect(
      await prisma.auditLogEntry.findFirst({ where: { actorId: support.userId, action: "invitation.create" } }),
    ).toMatchObject({ outcome: "Denied", actorRole: "Guestpass.Support" });

    expect(await runStaffAction(inviteUserAction, null, inviteForm({ email }))).toMatchObject({
      ok: false,
      code: "unauthenticated",
    });
    const nobody = await staffSession([]);
    expect(await runStaffAction(inviteUserAction, nobody, inviteForm({ email }))).toMatchObject({
      ok: false,
      code: "forbidden",
    });
    expect(await prisma.invitation.findUnique({ where: { email } })).toBeNull();
  });
});
