import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { hasValidSignature, signValue } from "./signed-value";

const SECRET = "s".repeat(40);

describe("signed values", () => {
  it("verifies its own signature and nothing else", () => {
    const signature = signValue("admin-consent-state", "attempt-1", SECRET);
    expect(signature).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(hasValidSignature("admin-consent-state", "attempt-1", signature, SECRET)).toBe(true);
    expect(hasValidSignature("admin-consent-state", "attempt-2", signature, SECRET)).toBe(false);
    expect(hasValidSignature("admin-consent-state", "attempt-1", signature, "t".repeat(40))).toBe(false);
    expect(hasValidSignature("admin-consent-state", "attempt-1", signature.slice(1), SECRET)).toBe(false);
    expect(hasValidSignature("admin-consent-state", "attempt-1", "", SECRET)).toBe(false);
  });

  it("never signs with the secret itself", () => {
    expect(signValue("admin-consent-state", "x", SECRET)).not.toBe(
      createHmac("sha256", SECRET).update("x").digest("base64url"),
    );
  });
});
