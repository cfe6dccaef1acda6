import "server-only";
// ID token validation for the consent callback. MSAL Node checks the nonce but not the signature,
// issuer or audience, so the callback verifies them with jose against the authority's JWKS:
// signature (RS256), audience = our client id, issuer = the authority's issuer with `{tenantid}`
// replaced by the token's own `tid` (multi-tenant authorities publish a template, as Entra does),
// nonce = the one this attempt sent, and exp/nbf with a small clock tolerance.
import { decodeJwt, jwtVerify, type JWTPayload } from "jose";
import { remoteKeySet } from "@/lib/identity/jwks";
import { authorityMetadata, type DelegatedClientConfig } from "@/lib/tokens/delegated-client";

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

export class IdTokenValidationError extends Error {
  override readonly name = "IdTokenValidationError";
  constructor(readonly reason: "signature" | "issuer" | "audience" | "nonce" | "claims" | "expired") {
    super(`The ID token failed validation (${reason})`);
  }
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
  const emailVerified = email !== undefined && (personal || claims.xms_edov === true || claims.xms_edov === "true" || claims.xms_edov === 1);
  const vouched = [...(personal ? [] : [lower(claims.preferred_username), lower(claims.upn)]), emailVerified ? email : undefined].filter(
    (value): value is string => value !== undefined,
  );
  const unverified = [email && !emailVerified ? email : undefined, personal ? lower(claims.preferred_username) : undefined].filter(
    (value): value is string => value !== undefined && !vouched.includes(value),
  );
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
  const metadata = await authorityMetadata(config);
  let unverified: JWTPayload;
  try {
    unverified = decodeJwt(idToken);
  } catch {
    throw new IdTokenValidationError("claims");
  }
  const tid = text(unverified.tid);
  if (!tid || !/^[0-9a-f-]{36}$/i.test(tid)) throw new IdTokenValidationError("claims");
  if (expected.tenantId && tid.toLowerCase() !== expected.tenantId.toLowerCase()) throw new IdTokenValidationError("issuer");
  const issuer = metadata.issuer.replace("{tenantid}", tid);
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(idToken, remoteKeySet(metadata.jwks_uri), {
      issuer,
      audience: config.clientId,
      algorithms: ["RS256"],
      clockTolerance: 300,
      requiredClaims: ["iss", "aud", "exp", "iat", ...(expected.nonce === undefined ? [] : ["nonce"]), "tid", "oid"],
    }));
  } catch (error) {
    const code = (error as { code?: string }).code;
    const claim = (error as { claim?: string }).claim;
    if (code === "ERR_JWT_EXPIRED") throw new IdTokenValidationError("expired");
    if (code === "ERR_JWT_CLAIM_VALIDATION_FAILED" && claim === "iss") throw new IdTokenValidationError("issuer");
    if (code === "ERR_JWT_CLAIM_VALIDATION_FAILED" && claim === "aud") throw new IdTokenValidationError("audience");
    if (code === "ERR_JWT_CLAIM_VALIDATION_FAILED") throw new IdTokenValidationError("claims");
    throw new IdTokenValidationError("signature");
  }
  if (expected.nonce !== undefined && payload.nonce !== expected.nonce) throw new IdTokenValidationError("nonce");
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
