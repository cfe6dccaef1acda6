// Redeeming with an email one-time passcode: for an address no account signs in with, Microsoft
// mails a code; the guest it redeems has no account behind it, and Graph says so in `identities`.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEMO_TENANTS } from "../state/default-scenario";
import type { RunningEmulator } from "../server";
import { toGraphUser } from "../graph/users/representation";
import { startTestEmulator } from "../test-support";
import { APP_URL, inviteGuest } from "./flow-helpers.test-support";

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startTestEmulator({ appUrl: APP_URL });
});
afterAll(async () => {
  await emulator?.close();
});
beforeEach(() => emulator.reset());

const form = (fields: Record<string, string>) => ({
  method: "POST",
  body: new URLSearchParams(fields),
  redirect: "manual" as const,
});

describe("email one-time passcode redemption", () => {
  it("mails a code, redeems with it and shows the guest's identity as mail", async () => {
    const address = "sam@nomicrosoft.example";
    const guest = inviteGuest(emulator, DEMO_TENANTS.contoso.id, { id: "unused", upn: address });
    const invitation = [...emulator.state.invitations.values()].find(
      (candidate) => candidate.invitedUserId === guest.id,
    )!;
    const redemption = await (await fetch(invitation.inviteRedeemUrl)).text();
    const action = /action="(\/redeem\/passcode\/[^"]+)"/.exec(redemption)?.[1];
    expect(action, "the redemption page offers a passcode").toBeTruthy();

    const codePage = await (await fetch(`${emulator.url}${action}`, form({}))).text();
    expect(codePage).toContain(address);
    const mail = emulator.state.sentMail.find(
      (sent) => sent.kind === "oneTimePasscode" && sent.to[0]?.address === address,
    )!;
    const passcode = /code is: (\d{8})/.exec(mail.body.content)![1]!;

    const wrong = await fetch(`${emulator.url}${action}/verify`, form({ passcode: "00000000" }));
    expect(await wrong.text()).toContain("That code didn&#39;t work");
    expect(guest.externalUserState).toBe("PendingAcceptance");

    const right = await fetch(`${emulator.url}${action}/verify`, form({ passcode }));
    expect(right.status).toBe(302);
    expect(right.headers.get("location")).toBe(invitation.inviteRedirectUrl);
    expect(guest.externalUserState).toBe("Accepted");
    expect(guest.redeemedBy).toBeNull();
    expect(toGraphUser(guest).identities).toContainEqual({
      signInType: "federated",
      issuer: "mail",
      issuerAssignedId: address,
    });
  });
});
