import { describe, expect, it } from "vitest";
import { TokenDecryptionError } from "@/lib/tokens/crypto";
import { classifyRefreshFailure, reconsentReasonOf } from "./failures";
import { retryDelayMs } from "./refresh-policy";

// MSAL surfaces token-endpoint errors with errorCode = the OAuth error and the AADSTS text in errorMessage.
const msal = (errorCode: string, errorMessage: string) =>
  Object.assign(new Error(errorMessage), { errorCode, errorMessage });

describe("classifyRefreshFailure", () => {
  it.each([
    ["AADSTS700082", "invalid_grant", "AADSTS700082: The refresh token has expired due to inactivity."],
    ["AADSTS50173", "invalid_grant", "AADSTS50173: The provided grant has expired due to it being revoked."],
    ["AADSTS65001", "invalid_grant", "AADSTS65001: The user or administrator has not consented."],
    ["AADSTS70008", "invalid_grant", "AADSTS70008: The provided authorization code or refresh token has expired."],
  ])("expires the grant on %s", (code, error, message) => {
    expect(classifyRefreshFailure(msal(error, message))).toMatchObject({ kind: "consent_lost", code });
  });

  it("expires on a bare invalid_grant or interaction_required", () => {
    expect(classifyRefreshFailure(msal("invalid_grant", "no code given")).kind).toBe("consent_lost");
    expect(classifyRefreshFailure(msal("interaction_required", "AADSTS50076: MFA required")).kind).toBe("consent_lost");
  });

  it.each([
    ["temporarily_unavailable", "AADSTS90033: A transient error has occurred."],
    ["invalid_client", "AADSTS7000215: Invalid client secret provided."],
  ])("retries later on %s (not the user's consent)", (error, message) => {
    expect(classifyRefreshFailure(msal(error, message)).kind).toBe("retry_later");
  });

  it("retries later on network failures and on a missing encryption key", () => {
    const network = Object.assign(new TypeError("fetch failed"), {
      cause: Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }),
    });
    expect(classifyRefreshFailure(network).kind).toBe("retry_later");
    expect(classifyRefreshFailure(new TokenDecryptionError("no key", "unknown_key"))).toMatchObject({
      kind: "retry_later",
      code: "vault_unknown_key",
    });
  });
});

describe("reconsentReasonOf", () => {
  it.each([
    ["AADSTS700082", "expired_by_inactivity"],
    // FreshTokenNeeded: an admin or the user revoked the tokens (a password reset does too).
    ["AADSTS50173", "revoked"],
    ["AADSTS65001", "revoked"],
    ["AADSTS50076", "policy_changed"],
    ["AADSTS53003", "policy_changed"],
    ["AADSTS90033", "other"],
  ])("%s means %s", (code, reason) => {
    expect(reconsentReasonOf(code)).toBe(reason);
  });
});

describe("retryDelayMs", () => {
  it("backs off exponentially from a minute to an hour and honours Retry-After", () => {
    expect(retryDelayMs(1)).toBe(60_000);
    expect(retryDelayMs(2)).toBe(120_000);
    expect(retryDelayMs(20)).toBe(3_600_000);
    expect(retryDelayMs(1, 600)).toBe(600_000);
  });
});
