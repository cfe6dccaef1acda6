import "server-only";
// The shape of an API key: `gpk_<id>_<secret>`. The id (12 base32 characters, 60 random bits) is the
// public prefix the list shows and the database finds the key by; the secret is 32 random bytes
// (256 bits) in base64url. Only the SHA-256 of the whole key is stored, and a presented key is
// compared with it in constant time, after a look-up by prefix that tells nothing about the secret.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

const KEY_PATTERN = /^(gpk_[a-z2-7]{12})_([A-Za-z0-9_-]{43})$/;
const BASE32 = "abcdefghijklmnopqrstuvwxyz234567";

export interface NewApiKeySecret {
  /** The whole key, for the person who created it: shown once. */
  key: string;
  prefix: string;
  secretHash: string;
}

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

export function generateApiKeySecret(): NewApiKeySecret {
  const id = [...randomBytes(12)].map((byte) => BASE32[byte & 31]).join("");
  const prefix = `gpk_${id}`;
  const key = `${prefix}_${randomBytes(32).toString("base64url")}`;
  return { key, prefix, secretHash: hashApiKey(key) };
}

/** The prefix of a well-formed key, or null: a malformed one is refused before any look-up. */
export function apiKeyPrefixOf(key: string): string | null {
  return KEY_PATTERN.exec(key)?.[1] ?? null;
}

// Compared against when no key has the presented prefix, so an unknown prefix costs the same work.
const NO_KEY_HASH = hashApiKey("gpk_aaaaaaaaaaaa_no-such-key-no-such-key-no-such-key-no-such");

/** True when `key` hashes to `storedHash` (hex SHA-256); constant time in the hash's bytes. */
export function apiKeyMatches(key: string, storedHash: string | null): boolean {
  const presented = Buffer.from(hashApiKey(key), "hex");
  const stored = Buffer.from(storedHash ?? NO_KEY_HASH, "hex");
  return stored.length === presented.length && timingSafeEqual(presented, stored) && storedHash !== null;
}
