import { describe, expect, it } from "vitest";
import { apiKeyMatches, apiKeyPrefixOf, generateApiKeySecret, hashApiKey } from "./secret";

describe("API key secrets", () => {
  it("carry 256 random bits after a public prefix, and are stored as a hash only", () => {
    const keys = Array.from({ length: 500 }, () => generateApiKeySecret());
    expect(new Set(keys.map((k) => k.key)).size).toBe(500);
    expect(new Set(keys.map((k) => k.prefix)).size).toBe(500);
    for (const { key, prefix, secretHash } of keys.slice(0, 20)) {
      expect(key).toMatch(/^gpk_[a-z2-7]{12}_[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(key.slice(prefix.length + 1), "base64url")).toHaveLength(32);
      expect(apiKeyPrefixOf(key)).toBe(prefix);
      expect(secretHash).toBe(hashApiKey(key));
      expect(secretHash).not.toContain(key.slice(prefix.length + 1));
    }
  });

  it("match only the exact key; a near miss, a malformed key or a missing row does not", () => {
    const { key, secretHash } = generateApiKeySecret();
    expect(apiKeyMatches(key, secretHash)).toBe(true);
    const nearMiss = key.slice(0, -1) + (key.endsWith("A") ? "B" : "A");
    expect(apiKeyMatches(nearMiss, secretHash)).toBe(false);
    expect(apiKeyMatches(key, null)).toBe(false);
    expect(apiKeyMatches(key, "abcd")).toBe(false);
    for (const malformed of ["", "gpk_", `${key} `, key.toUpperCase(), `Bearer ${key}`, key.replace("gpk_", "gpx_")]) {
      expect(apiKeyPrefixOf(malformed)).toBeNull();
    }
  });
});
