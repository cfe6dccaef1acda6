import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { resetEnvForTests } from "@/lib/env";
import { invitationRequest, messageInfoOf, type InvitationRequestSource } from "./graph-request";

beforeAll(() => {
  vi.stubEnv("DATABASE_URL", "postgresql://u:p@localhost:5432/guestpass");
  vi.stubEnv("AZURE_TENANT_ID", "contoso-tenant");
  vi.stubEnv("AZURE_CLIENT_ID", "client-id");
  vi.stubEnv("AZURE_CLIENT_SECRET", "s3cret");
  vi.stubEnv("TOKEN_ENCRYPTION_KEY", Buffer.alloc(32, 7).toString("base64"));
  vi.stubEnv("AUTH_SECRET", "x".repeat(32));
  vi.stubEnv("APP_URL", "https://guestpass.example.com");
  resetEnvForTests();
});
afterAll(() => {
  vi.unstubAllEnvs();
  resetEnvForTests();
});

const stored: InvitationRequestSource = {
  id: "7d2c1f4e-0000-4000-8000-000000000001",
  email: "ada@fabrikam.com",
  displayName: "Ada",
  userType: "Guest",
  sendInvitationMessage: false,
  messageInfo: messageInfoOf({
    email: "ada@fabrikam.com",
    userType: "Guest",
    sendInvitationMessage: false,
    customMessage: "Welcome",
    messageLanguage: "fr-FR",
    ccRecipients: ["bo@contoso.com"],
  }) as InvitationRequestSource["messageInfo"],
  mailMode: "microsoft",
};

describe("invitationRequest", () => {
  it("sends as the inviter chose, to this invitation's consent page", () => {
    expect(invitationRequest(stored, { kind: "send" })).toEqual({
      invitedUserEmailAddress: "ada@fabrikam.com",
      inviteRedirectUrl: `https://guestpass.example.com/consent/i/${stored.id}`,
      invitedUserType: "Guest",
      sendInvitationMessage: false,
      invitedUserDisplayName: "Ada",
      invitedUserMessageInfo: {
        customizedMessageBody: "Welcome",
        messageLanguage: "fr-FR",
        ccRecipients: [{ emailAddress: { address: "bo@contoso.com" } }],
      },
    });
  });

  it("resends always with the mail, and resets the redemption only for the existing guest", () => {
    const resend = invitationRequest(stored, { kind: "resend" });
    expect(resend.sendInvitationMessage).toBe(true);
    expect(resend).not.toHaveProperty("resetRedemption");
    expect(resend).not.toHaveProperty("invitedUser");
    const reset = invitationRequest(stored, { kind: "resend", resetRedemptionOf: "guest-object-id" });
    expect(reset).toMatchObject({
      resetRedemption: true,
      invitedUser: { id: "guest-object-id" },
      sendInvitationMessage: true,
    });
  });

  it("with Guestpass's own mail, tells Microsoft to send nothing, on the first send and on a resend", () => {
    const own = { ...stored, sendInvitationMessage: true, mailMode: "guestpass" as const };
    for (const purpose of [{ kind: "send" }, { kind: "resend" }] as const) {
      const request = invitationRequest(own, purpose);
      expect(request.sendInvitationMessage).toBe(false);
      expect(request).not.toHaveProperty("invitedUserMessageInfo");
    }
  });

  it("leaves out what the invitation does not have", () => {
    const plain = invitationRequest({ ...stored, displayName: null, messageInfo: null }, { kind: "send" });
    expect(plain).not.toHaveProperty("invitedUserDisplayName");
    expect(plain).not.toHaveProperty("invitedUserMessageInfo");
    expect(
      messageInfoOf({ email: "x@fabrikam.com", userType: "Guest", sendInvitationMessage: true, ccRecipients: [] }),
    ).toBeUndefined();
  });
});
