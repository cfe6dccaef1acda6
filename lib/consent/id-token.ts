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
  /** Addresses the token says the account has (preferred_username, email, upn), lower-cased. */
  addresses: string[];
  /** The address to show people: preferred_username, else email. */
  username: string;
  name: string | null;
}

export class IdTokenValidationError extends Error {
  override readonly name = "IdTokenValidationError";
  constructor(readonly reason: "signature" | "issuer" | "audience" | "nonce" | "claims" | "expired") {
    super(`The ID token failed validation (${reason})`);
  }
}

const text = (value: unknown) => (typeof value === "string" && value.trim() !== "" ? value.trim() : undefined);

export async function validateConsentIdToken(
  idToken: string,
  expected: { nonce: string },
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
  const issuer = metadata.issuer.replace("{tenantid}", tid);
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(idToken, remoteKeySet(metadata.jwks_uri), {
      issuer,
      audience: config.clientId,
      algorithms: ["RS256"],
      clockTolerance: 300,
      requiredClaims: ["iss", "aud", "exp", "iat", "nonce", "tid", "oid"],
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
  if (payload.nonce !== expected.nonce) throw new IdTokenValidationError("nonce");
  const objectId = text(payload.oid);
  if (!objectId) throw new IdTokenValidationError("claims");
  const addresses = [payload.preferred_username, payload.email, payload.upn]
    .map(text)
    .filter((value): value is string => value !== undefined)
    .map((value) => value.toLowerCase());
  const username = text(payload.preferred_username) ?? text(payload.email) ?? objectId;
  return { tenantId: tid, objectId, addresses: [...new Set(addresses)], username, name: text(payload.name) ?? null };
}
