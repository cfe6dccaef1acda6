import { describe, expect, it } from "vitest";
import { mailboxBlocker, redemptionIssuer } from "./redemption";

describe("who can grant mailbox access", () => {
  it("reads the federated identity, not the UPN one", () => {
    expect(
      redemptionIssuer([
        { signInType: "userPrincipalName", issuer: "contoso.onmicrosoft.com" },
        { signInType: "federated", issuer: "mail" },
      ]),
    ).toBe("mail");
    expect(redemptionIssuer([{ signInType: "userPrincipalName", issuer: "contoso.onmicrosoft.com" }])).toBeNull();
    expect(redemptionIssuer(undefined)).toBeNull();
  });

  it("blocks a one-time passcode and other identity providers, never a Microsoft account or an unknown one", () => {
    expect(mailboxBlocker("mail")).toBe("one_time_passcode");
    expect(mailboxBlocker("google.com")).toBe("other_identity_provider");
    expect(mailboxBlocker("ExternalAzureAD")).toBeNull();
    expect(mailboxBlocker("MicrosoftAccount")).toBeNull();
    expect(mailboxBlocker(null)).toBeNull();
  });
});
