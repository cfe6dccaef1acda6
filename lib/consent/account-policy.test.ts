import { describe, expect, it } from "vitest";
import { checkConsentingAccount } from "./account-policy";
import { PERSONAL_ACCOUNTS_TENANT_ID, vouchedAddresses } from "./id-token";
import { consentPermissionKeys } from "./permissions-text";

const account = (addresses: string[], unverifiedAddresses: string[] = []) => ({
  tenantId: "t",
  objectId: "o",
  addresses,
  unverifiedAddresses,
  username: addresses[0] ?? "o",
  name: null,
});
const WORK_TENANT = "fab00000-0000-4000-8000-000000000000";

describe("wrong-account policy (reject)", () => {
  it("accepts the invited address in any of the token's address claims, case-insensitively", () => {
    expect(checkConsentingAccount("Alice@Fabrikam.com ", account(["alice@fabrikam.com"]))).toEqual({ ok: true });
    expect(
      checkConsentingAccount("alice@fabrikam.com", account(["a.smith@fabrikam.com", "alice@fabrikam.com"])),
    ).toEqual({ ok: true });
  });

  it("rejects any other account and names it", () => {
    expect(checkConsentingAccount("alice@fabrikam.com", account(["bob@fabrikam.com"]))).toEqual({
      ok: false,
      signedInAs: "bob@fabrikam.com",
      unverifiedAddressClaim: false,
    });
    expect(checkConsentingAccount("alice@fabrikam.com", account([]))).toMatchObject({ ok: false });
  });

  it("does not accept the invited address from a claim Microsoft does not vouch for, and says so", () => {
    expect(
      checkConsentingAccount("alice@fabrikam.com", account(["mallory@evil.example"], ["alice@fabrikam.com"])),
    ).toEqual({
      ok: false,
      signedInAs: "mallory@evil.example",
      unverifiedAddressClaim: true,
    });
  });
});

describe("vouchedAddresses (which address claims prove ownership)", () => {
  it("counts a work account's preferred_username and upn (its UPN, in a domain its tenant verified)", () => {
    expect(
      vouchedAddresses({ tid: WORK_TENANT, preferred_username: "Alice@Fabrikam.com", upn: "alice@fabrikam.com" }),
    ).toEqual({ vouched: ["alice@fabrikam.com"], unverified: [] });
  });

  it("counts email only with xms_edov true", () => {
    const base = { tid: WORK_TENANT, preferred_username: "mallory@evil.example", email: "alice@fabrikam.com" };
    expect(vouchedAddresses(base)).toEqual({ vouched: ["mallory@evil.example"], unverified: ["alice@fabrikam.com"] });
    expect(vouchedAddresses({ ...base, xms_edov: false })).toEqual({
      vouched: ["mallory@evil.example"],
      unverified: ["alice@fabrikam.com"],
    });
    expect(vouchedAddresses({ ...base, xms_edov: true })).toEqual({
      vouched: ["mallory@evil.example", "alice@fabrikam.com"],
      unverified: [],
    });
  });

  it("for a personal Microsoft account counts the email (documented as verified), not preferred_username", () => {
    expect(
      vouchedAddresses({
        tid: PERSONAL_ACCOUNTS_TENANT_ID,
        preferred_username: "someone@outlook.com",
        email: "Someone@Outlook.com",
      }),
    ).toEqual({
      vouched: ["someone@outlook.com"],
      unverified: [],
    });
    expect(vouchedAddresses({ tid: PERSONAL_ACCOUNTS_TENANT_ID, preferred_username: "alice@fabrikam.com" })).toEqual({
      vouched: [],
      unverified: ["alice@fabrikam.com"],
    });
  });
});

describe("consentPermissionKeys", () => {
  it("names a sentence for each permission, sending mail first, without openid", () => {
    const lines = consentPermissionKeys([
      "openid",
      "offline_access",
      "email",
      "profile",
      "User.Read",
      "Mail.Send",
      "Calendars.Read",
    ]);
    expect(lines.map((line) => line.key)).toEqual([
      "mailSend",
      "userRead",
      "offlineAccess",
      "profile",
      "email",
      "other",
    ]);
    expect(lines.at(-1)).toEqual({ key: "other", scope: "Calendars.Read" });
  });
});
