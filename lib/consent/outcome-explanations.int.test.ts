// Every way a consent can end without a grant is explained to staff on the invitation: driven
// through the emulator's real consent and "Need admin approval" pages, then read as the detail page
// reads it (Current state and timeline).
import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { getInvitationDetail } from "@/lib/invitations/queries/detail";
import { asUser, callback, driveConsent, freshFabrikamInvitee } from "./flow.test-support";

const UNKNOWN = /does not know yet/i;

async function staffView(invitationId: string) {
  const detail = await getInvitationDetail(invitationId);
  expect(detail).not.toBeNull();
  return detail!;
}

describe("consent outcomes on the invitation", () => {
  it("Cancel on Microsoft's consent page (access_denied, AADSTS65004) reads as declined, in Current state and the timeline", async () => {
    const invitee = await freshFabrikamInvitee("declines");
    const driven = await driveConsent(
      { invitationId: invitee.invitationId },
      asUser(invitee.upn, { consent: "cancel" }),
    );
    expect(driven.callbackUrl?.searchParams.get("error")).toBe("access_denied");
    expect(await callback(driven.callbackUrl!, driven.started.browserBinding)).toMatchObject({
      outcome: { kind: "declined" },
    });

    const { consent, timeline } = await staffView(invitee.invitationId);
    expect(consent).toMatchObject({
      outcome: "failed",
      code: "declined",
      explanation: { known: true, code: "AADSTS65004" },
    });
    expect(consent!.explanation.title).toMatch(/declined/i);
    const event = timeline.find((e) => e.type === "consent_failed");
    expect(event?.error?.title).toBe(consent!.explanation.title);
    expect(event?.error?.title).not.toMatch(UNKNOWN);
  });

  it('"Need admin approval" answered by returning to the app (AADSTS90094) says an administrator must approve', async () => {
    const invitee = await freshFabrikamInvitee("needsadmin", "northwind");
    const driven = await driveConsent(
      { invitationId: invitee.invitationId },
      asUser(invitee.upn, { adminApproval: "return" }),
    );
    expect(driven.callbackUrl?.searchParams.get("error")).toBe("access_denied");
    await callback(driven.callbackUrl!, driven.started.browserBinding);

    const { consent, timeline } = await staffView(invitee.invitationId);
    expect(consent).toMatchObject({ outcome: "failed", explanation: { known: true, code: "AADSTS90094" } });
    expect(consent!.explanation.title).toMatch(/administrator/i);
    expect(timeline.find((e) => e.type === "consent_failed")?.error?.code).toBe("AADSTS90094");
  });

  it('"Need admin approval" left by going back: nothing comes back, and the page says so and what to ask', async () => {
    const invitee = await freshFabrikamInvitee("goesback", "northwind");
    const driven = await driveConsent(
      { invitationId: invitee.invitationId },
      asUser(invitee.upn, { adminApproval: "stop" }),
    );
    expect(driven.microsoft).toMatchObject({ kind: "page", name: "adminApproval" });

    const { consent } = await staffView(invitee.invitationId);
    expect(consent).toMatchObject({ outcome: "unfinished", code: null });
    // Within the attempt's 15 minutes the person may still be there; afterwards it is explained.
    expect(consent!.explanation.title).toMatch(/at Microsoft's consent page now/);
    await prisma.consentAttempt.update({
      where: { id: driven.started.attemptId },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const later = (await staffView(invitee.invitationId)).consent!;
    expect(later).toMatchObject({
      outcome: "unfinished",
      explanation: { known: true, title: "The person did not finish at Microsoft" },
    });
    expect(later.explanation.meaning).toMatch(/Need admin approval/);
  });

  it("the callback's own refusals are explained too, never as an unknown Microsoft error", async () => {
    const { explainConsentFailure } = await import("./outcome-explanations");
    for (const code of [
      "declined",
      "wrong_account",
      "account_conflict",
      "not_redeemer",
      "redeemer_unproven",
      "consent_link_withdrawn",
      "id_token_invalid",
      "invitation_revoked",
      "state_expired",
      "AADSTS90094",
      "access_denied",
      "consent_required",
    ]) {
      const explained = explainConsentFailure(code);
      expect(explained.known, code).toBe(true);
      expect(explained.title, code).not.toMatch(UNKNOWN);
    }
  });
});
