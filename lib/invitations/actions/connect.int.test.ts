// Connecting a person by consent link alone, against the emulator over HTTPS and a real PostgreSQL:
// nothing goes to Microsoft's invitation API, the link leads to consent at `common` for an account
// that owns the address (no guest to prove), the landing page and resend stay closed, and a test
// mail goes out as the person.
import { describe, expect, it } from "vitest";
import { EmulatorControl } from "@/emulator/control/client";
import { DEMO_TENANTS } from "@/emulator/state/default-scenario";
import { runStaffAction } from "@/lib/actions/staff-action";
import { asUser, callback, driveConsent, freshHomeAccount } from "@/lib/consent/flow.test-support";
import { resolveConsentEntry } from "@/lib/consent/links";
import { prisma } from "@/lib/db/client";
import { sendTestMailAction } from "@/lib/grants/test-mail-action";
import { adminSession, inviteForm, supportSession, uniqueEmail } from "@/test/int-support";
import { connectByLinkAction } from "./connect";
import { resendInvitationAction } from "./resend";

const emulator = EmulatorControl.fromEnv();
const tokenOf = (url: string) => new URL(url).pathname.split("/").at(-1)!;

const fabrikamAccount = async (prefix: string) => (await freshHomeAccount(prefix)).upn;

async function connect(email: string, extra: Record<string, string> = {}) {
  const result = await runStaffAction(connectByLinkAction, await adminSession(), inviteForm({ email, ...extra }));
  if (!result.ok || result.data.kind !== "connected") throw new Error(`not connected: ${JSON.stringify(result)}`);
  return result.data;
}

describe("connect by consent link", () => {
  it("creates an Accepted connection with a working link and posts no invitation to Microsoft", async () => {
    const upn = await fabrikamAccount("link");
    const before = (await emulator.listInvitations()).length;
    const connected = await connect(upn.toUpperCase(), { displayName: "Lin Kay", messageLanguage: "zh-CN" });

    const row = await prisma.invitation.findUniqueOrThrow({
      where: { id: connected.invitationId },
      include: { events: true, consentRequests: true },
    });
    expect(row).toMatchObject({
      kind: "consent_link",
      email: upn,
      displayName: "Lin Kay",
      status: "Accepted",
      graphUserId: null,
      messageInfo: { messageLanguage: "zh-CN" },
    });
    expect(row.events.map((event) => [event.type, event.toStatus])).toEqual(
      expect.arrayContaining([
        ["created", "Accepted"],
        ["consent_link_created", null],
      ]),
    );
    expect(row.consentRequests).toHaveLength(1);
    expect((await emulator.listInvitations()).length).toBe(before);
    expect(await resolveConsentEntry({ token: tokenOf(connected.url) })).toMatchObject({
      kind: "ready",
      invitee: { email: upn, language: "zh-CN" },
    });
    // No redemption to land from: only the link opens the consent page.
    expect(await resolveConsentEntry({ invitationId: connected.invitationId })).toEqual({ kind: "unknown" });
    const audit = await prisma.auditLogEntry.findFirstOrThrow({
      where: { action: "invitation.connect", targetId: connected.invitationId },
    });
    expect(audit.outcome).toBe("Success");
    expect(JSON.stringify(audit)).not.toContain(tokenOf(connected.url));
  });

  it("consents with the account that owns the address, then sends a test mail as it", async () => {
    const upn = await fabrikamAccount("link-ok");
    const connected = await connect(upn);
    const driven = await driveConsent({ token: tokenOf(connected.url) }, asUser(upn));
    expect(new URL(driven.started.authorizeUrl).pathname).toMatch(/\/common\/oauth2\/v2\.0\/authorize$/);
    expect(await callback(driven.callbackUrl!, driven.started.browserBinding)).toMatchObject({
      kind: "attempt",
      outcome: { kind: "consented", account: upn },
    });
    const row = await prisma.invitation.findUniqueOrThrow({
      where: { id: connected.invitationId },
      include: { grant: true },
    });
    expect(row.status).toBe("Consented");
    expect(row.grant).toMatchObject({ status: "Active", username: upn, homeTenantId: DEMO_TENANTS.fabrikam.id });

    const form = new FormData();
    form.set("invitationId", connected.invitationId);
    form.set("to", "user");
    const sent = await runStaffAction(sendTestMailAction, await supportSession(), form);
    expect(sent).toMatchObject({ ok: true, data: { from: upn, to: upn } });
    expect(await emulator.sentMail({ from: upn, to: upn })).toHaveLength(1);
  });

  it("refuses another account signing in with the link, and spends nothing", async () => {
    const upn = await fabrikamAccount("link-meant");
    const other = await fabrikamAccount("link-other");
    const connected = await connect(upn);
    const driven = await driveConsent({ token: tokenOf(connected.url) }, asUser(other));
    expect(await callback(driven.callbackUrl!, driven.started.browserBinding)).toMatchObject({
      outcome: { kind: "wrong_account", signedInAs: other, invitedAddress: upn },
    });
    expect(await prisma.grant.count({ where: { invitationId: connected.invitationId } })).toBe(0);
    expect(await resolveConsentEntry({ token: tokenOf(connected.url) })).toMatchObject({ kind: "ready" });
  });

  it("says so for an address Guestpass already has, refuses resend, and refuses support staff", async () => {
    const upn = await fabrikamAccount("link-twice");
    const connected = await connect(upn);
    const again = await runStaffAction(connectByLinkAction, await adminSession(), inviteForm({ email: upn }));
    expect(again).toMatchObject({ ok: true, data: { kind: "exists", invitationId: connected.invitationId } });
    expect(await prisma.consentRequest.count({ where: { invitationId: connected.invitationId } })).toBe(1);

    const resend = await runStaffAction(resendInvitationAction, await adminSession(), {
      invitationId: connected.invitationId,
    });
    expect(resend).toMatchObject({ ok: false, code: "conflict", message: expect.stringMatching(/consent link alone/) });

    const support = await runStaffAction(
      connectByLinkAction,
      await supportSession(),
      inviteForm({ email: uniqueEmail() }),
    );
    expect(support).toMatchObject({ ok: false, code: "forbidden" });
    const invalid = await runStaffAction(
      connectByLinkAction,
      await adminSession(),
      inviteForm({ email: "not an address", messageLanguage: "<b>" }),
    );
    expect(invalid).toMatchObject({ ok: false, code: "invalid" });
    if (invalid.ok) throw new Error("accepted");
    expect(Object.keys(invalid.fieldErrors ?? {}).sort()).toEqual(["email", "messageLanguage"]);
  });
});
