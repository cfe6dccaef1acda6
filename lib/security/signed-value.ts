import "server-only";
// Short values the portal hands to a browser or to Microsoft and must recognise later as its own
// (an OAuth state that carries a row id): HMAC-SHA-256 under a key derived from AUTH_SECRET with
// HKDF, one key per purpose, so a signature made for one use is worthless for another and the
// session secret itself never signs anything here.
import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import { getEnv } from "@/lib/env";

export type SigningPurpose = "admin-consent-state";

const keys = new Map<string, Buffer>();

function keyFor(purpose: SigningPurpose, secret: string): Buffer {
  const cacheKey = `${purpose}\0${secret}`;
  let key = keys.get(cacheKey);
  if (!key) {
    key = Buffer.from(hkdfSync("sha256", secret, "guestpass", `guestpass/${purpose}`, 32));
    keys.set(cacheKey, key);
  }
  return key;
}

/** base64url HMAC of `value` for `purpose` (43 characters). */
export function signValue(purpose: SigningPurpose, value: string, secret = getEnv().AUTH_SECRET): string {
  return createHmac("sha256", keyFor(purpose, secret)).update(value, "utf8").digest("base64url");
}

/** Constant-time check of a signature made by signValue. */
export function hasValidSignature(
  purpose: SigningPurpose,
  value: string,
  signature: string,
  secret = getEnv().AUTH_SECRET,
): boolean {
  const expected = Buffer.from(signValue(purpose, value, secret), "utf8");
  const given = Buffer.from(signature, "utf8");
  return expected.length === given.length && timingSafeEqual(expected, given);
}
