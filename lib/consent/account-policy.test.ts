import { describe, expect, it } from "vitest";
import { checkConsentingAccount } from "./account-policy";
import { describeConsentScopes } from "./permissions-text";

const account = (addresses: string[]) => ({ tenantId: "t", objectId: "o", addresses, username: addresses[0] ?? "o", name: null });

describe("wrong-account policy (reject)", () => {
  it("accepts the invited address in any of the token's address claims, case-insensitively", () => {
    expect(checkConsentingAccount("Alice@Fabrikam.com ", account(["alice@fabrikam.com"]))).toEqual({ ok: true });
    expect(checkConsentingAccount("alice@fabrikam.com", account(["a.smith@fabrikam.com", "alice@fabrikam.com"]))).toEqual({ ok: true });
  });

  it("rejects any other account and names it", () => {
    expect(checkConsentingAccount("alice@fabrikam.com", account(["bob@fabrikam.com"]))).toEqual({ ok: false, signedInAs: "bob@fabrikam.com" });
    expect(checkConsentingAccount("alice@fabrikam.com", account([]))).toMatchObject({ ok: false });
  });
});

describe("describeConsentScopes", () => {
  it("says what each permission allows, without openid", () => {
    const lines = describeConsentScopes(["openid", "offline_access", "email", "profile", "User.Read", "Mail.Send"]);
    expect(lines[0]).toBe("Send email as you, from your mailbox.");
    expect(lines).toHaveLength(5);
  });
});
