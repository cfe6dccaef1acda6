import { describe, expect, it } from "vitest";
import { GraphHttpError } from "../errors";
import { isAcceptableInvitationAddress, parseInvitationRequest } from "./request";

function rejection(body: unknown): GraphHttpError {
  try {
    parseInvitationRequest(body);
  } catch (error) {
    if (error instanceof GraphHttpError) return error;
    throw error;
  }
  throw new Error("expected a rejection");
}

describe("POST /invitations body", () => {
  it("fills Graph's defaults", () => {
    expect(
      parseInvitationRequest({
        invitedUserEmailAddress: "ana@fabrikam.com",
        inviteRedirectUrl: "https://app.example/consent",
      }),
    ).toMatchObject({
      invitedUserType: "Guest",
      sendInvitationMessage: false,
      resetRedemption: false,
      invitedUserDisplayName: null,
      invitedUserMessageInfo: { customizedMessageBody: null, messageLanguage: null },
    });
  });

  it("requires the address and the redirect URL", () => {
    expect(rejection({ inviteRedirectUrl: "https://x.example" })).toMatchObject({ status: 400, code: "BadRequest" });
    expect(rejection({ invitedUserEmailAddress: "ana@fabrikam.com" }).message).toContain("inviteRedirectUrl");
    expect(rejection({ invitedUserEmailAddress: "ana@fabrikam.com", inviteRedirectUrl: "not a url" }).status).toBe(400);
    expect(rejection(null).status).toBe(400);
  });

  it.each([
    "an~a@fabrikam.com",
    "ana!@fabrikam.com",
    "a$na@fabrikam.com",
    "ana+tag@fabrikam.com",
    "ana@fab@rikam.com",
    "ana@localhost",
    "ana fabrikam.com",
  ])("rejects %s as Graph does", (address) => {
    expect(isAcceptableInvitationAddress(address)).toBe(false);
    expect(rejection({ invitedUserEmailAddress: address, inviteRedirectUrl: "https://x.example" }).message).toBe(
      "The Primary SMTP Address is an invalid value.",
    );
  });

  it.each(["ana@fabrikam.com", "ana.o'neil@sub.fabrikam.co.uk", "first_last-2@fabrikam-labs.com"])(
    "accepts %s",
    (address) => {
      expect(isAcceptableInvitationAddress(address)).toBe(true);
    },
  );

  it("accepts Member, rejects unknown user types and wrong value types", () => {
    const base = { invitedUserEmailAddress: "ana@fabrikam.com", inviteRedirectUrl: "https://x.example" };
    expect(parseInvitationRequest({ ...base, invitedUserType: "member" }).invitedUserType).toBe("Member");
    expect(rejection({ ...base, invitedUserType: "Owner" }).status).toBe(400);
    expect(rejection({ ...base, sendInvitationMessage: "yes" }).status).toBe(400);
  });

  it("keeps the message info and allows one cc recipient", () => {
    const parsed = parseInvitationRequest({
      invitedUserEmailAddress: "ana@fabrikam.com",
      inviteRedirectUrl: "https://x.example",
      invitedUserMessageInfo: {
        customizedMessageBody: "Welcome",
        messageLanguage: "fr-FR",
        ccRecipients: [{ emailAddress: { address: "boss@contoso.com" } }],
      },
    });
    expect(parsed.invitedUserMessageInfo).toEqual({
      customizedMessageBody: "Welcome",
      messageLanguage: "fr-FR",
      ccRecipients: [{ emailAddress: { name: null, address: "boss@contoso.com" } }],
    });
    const two = [{ emailAddress: { address: "a@contoso.com" } }, { emailAddress: { address: "b@contoso.com" } }];
    expect(
      rejection({
        invitedUserEmailAddress: "ana@fabrikam.com",
        inviteRedirectUrl: "https://x.example",
        invitedUserMessageInfo: { ccRecipients: two },
      }).status,
    ).toBe(400);
  });
});
