import "server-only";
// Random values for consent links and OAuth round trips, and how they are stored: only hashes,
// so a database dump gives nobody a usable link or state.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** 256 bits, URL-safe: consent link tokens, OAuth state, nonce, browser binding. */
export function randomSecret(): string {
  return randomBytes(32).toString("base64url");
}

export function sha256Hex(value: string): string {
  return createHash("sha256").update(value, "utf8").digest("hex");
}

/** Constant-time comparison of two hex hashes of equal length. */
export function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, "hex");
  const right = Buffer.from(b, "hex");
  return left.length === right.length && left.length > 0 && timingSafeEqual(left, right);
}

/** Shape check before hashing input from a URL (rejects junk without touching the database). */
export function looksLikeSecret(value: string | null | undefined): value is string {
  return typeof value === "string" && /^[A-Za-z0-9_-]{43}$/.test(value);
}

/** PKCE S256 (RFC 7636): a 43-character verifier and its challenge. */
export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomSecret();
  return { verifier, challenge: createHash("sha256").update(verifier, "ascii").digest("base64url") };
}
