import "server-only";
// What the consent flow expects of an ID token (the checks: lib/identity/id-token.ts), and the
// consenting account it describes: any tenant the consent authority serves (or the one named),
// the nonce this attempt sent, an object id.
import type { JWTPayload } from "jose";
import { IdTokenValidationError, verifyIdToken } from "@/lib/identity/id-token";
import type { DelegatedClientConfig } from "@/lib/tokens/delegated-client";

export { IdTokenValidationError };

export interface ConsentingAccount {
  tenantId: string;
  objectId: string;
  /** Addresses Microsoft vouches the account owns (see vouchedAddresses), lower-cased. */
  addresses: string[];
  /** Address claims the token carries that Microsoft does not vouch for (an unverified `email`), lower-cased. */
  unverifiedAddresses: string[];
  /** The address to show people: preferred_username, else email. */
  username: string;
  name: string | null;
  /** `idp`: the home tenant's issuer when the token is for a B2B guest in the issuing tenant. */
  identityProvider?: string | null;
}

const text = (value: unknown) => (typeof value === "string" && value.trim() !== "" ? value.trim() : undefined);

/** The tenant id of personal Microsoft accounts (id-token-claims-reference, `tid`). */
export const PERSONAL_ACCOUNTS_TENANT_ID = "9188040d-6c67-4c5b-b112-36a304b66dad";

/**
 * Which address claims prove the account owns an address. `email` is the directory's `mail`
 * attribute, which an admin of any tenant can set to any address ("nOAuth"), so it counts only
 * when Microsoft says it verified the domain for this user: `xms_edov: true` (optional-claims-
 * reference), or from a personal Microsoft account, whose email Microsoft documents as verified
 * (migrate-off-email-claim-authorization). A work account's preferred_username (v2) and upn are
 * its UPN, which Entra only allows in a domain the tenant verified and which no other account
 * holds; for personal accounts preferred_username is not documented as verified, so it does not count.
 */
export function vouchedAddresses(claims: JWTPayload): { vouched: string[]; unverified: string[] } {
  const lower = (value: unknown) => text(value)?.toLowerCase();
  const personal = claims.tid === PERSONAL_ACCOUNTS_TENANT_ID;
  const email = lower(claims.email);
  const emailVerified =
    email !== undefined &&
    (personal || claims.xms_edov === true || claims.xms_edov === "true" || claims.xms_edov === 1);
  const vouched = [
    ...(personal ? [] : [lower(claims.preferred_username), lower(claims.upn)]),
    emailVerified ? email : undefined,
  ].filter((value): value is string => value !== undefined);
  const unverified = [
    email && !emailVerified ? email : undefined,
    personal ? lower(claims.preferred_username) : undefined,
  ].filter((value): value is string => value !== undefined && !vouched.includes(value));
  return { vouched: [...new Set(vouched)], unverified: [...new Set(unverified)] };
}

/**
 * `nonce`: the one the attempt sent (ID tokens from a refresh carry none: leave it out).
 * `tenantId`: the tenant that must have issued it (a guest's token from the resource tenant).
 */
export async function validateConsentIdToken(
  idToken: string,
  expected: { nonce?: string; tenantId?: string },
  config: Pick<DelegatedClientConfig, "authorityHost" | "authority" | "clientId">,
): Promise<ConsentingAccount> {
  const payload = await verifyIdToken(idToken, {
    authorityHost: config.authorityHost,
    authority: config.authority,
    clientId: config.clientId,
    tenantId: expected.tenantId,
    nonce: expected.nonce,
    requiredClaims: ["iat", "oid"],
  });
  const tid = text(payload.tid) as string;
  const objectId = text(payload.oid);
  if (!objectId) throw new IdTokenValidationError("claims");
  const claimed = vouchedAddresses(payload);
  const username = text(payload.preferred_username) ?? text(payload.email) ?? objectId;
  return {
    tenantId: tid,
    objectId,
    addresses: claimed.vouched,
    unverifiedAddresses: claimed.unverified,
    username,
    name: text(payload.name) ?? null,
    identityProvider: text(payload.idp) ?? null,
  };
}
