import "server-only";
// The one ID-token verifier, for staff sign-in and for the invited person's consent; each states its
// expectations (lib/auth/id-token.ts, lib/consent/id-token.ts). Neither library we sign in with
// checks everything: Auth.js (oauth4webapi) skips the signature and takes Entra's issuer from the
// token's own `tid`; MSAL Node checks the nonce only. So: signature (RS256) against the authority's
// JWKS, issuer = the authority's issuer with `{tenantid}` replaced by the token's `tid` (multi-tenant
// authorities publish a template, as Entra does), `tid` = the expected tenant when one is required,
// audience = our client id, the nonce the sign-in sent, exp/nbf with five minutes' clock tolerance.
import { decodeJwt, jwtVerify, type JWTPayload } from "jose";
import { authorityMetadata, type AuthorityLocation } from "./authority-metadata";
import { remoteKeySet } from "./jwks";

/**
 * Why a token was refused. `tenant`: a valid token, but from another tenant than required;
 * `unverifiable`: the authority's metadata or keys could not be fetched, so it fails closed.
 */
export type IdTokenProblem =
  "missing" | "signature" | "issuer" | "audience" | "tenant" | "nonce" | "expired" | "claims" | "unverifiable";

export class IdTokenValidationError extends Error {
  override readonly name = "IdTokenValidationError";
  constructor(readonly reason: IdTokenProblem) {
    super(`The ID token failed validation (${reason})`);
  }
}

export interface IdTokenExpectation extends AuthorityLocation {
  clientId: string;
  /** The tenant that must have issued it; absent: any tenant the authority's issuer allows. */
  tenantId?: string;
  /** The nonce the sign-in sent; ID tokens from a refresh carry none, so leave it out for those. */
  nonce?: string;
  /** Claims that must be present besides iss, aud, exp and tid (and nonce when one is expected). */
  requiredClaims?: string[];
}

const TENANT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The token's verified claims, or an IdTokenValidationError saying what is wrong with it. */
export async function verifyIdToken(idToken: unknown, expected: IdTokenExpectation): Promise<JWTPayload> {
  if (typeof idToken !== "string" || idToken === "") throw new IdTokenValidationError("missing");
  let tid: unknown;
  try {
    tid = decodeJwt(idToken).tid;
  } catch {
    throw new IdTokenValidationError("claims");
  }
  if (typeof tid !== "string" || !TENANT_ID.test(tid)) throw new IdTokenValidationError("claims");
  if (expected.tenantId && tid.toLowerCase() !== expected.tenantId.toLowerCase())
    throw new IdTokenValidationError("tenant");

  let metadata;
  try {
    metadata = await authorityMetadata(expected);
  } catch {
    throw new IdTokenValidationError("unverifiable");
  }
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(idToken, remoteKeySet(metadata.jwks_uri), {
      issuer: metadata.issuer.replace("{tenantid}", tid),
      audience: expected.clientId,
      algorithms: ["RS256"],
      clockTolerance: 300,
      requiredClaims: [
        "iss",
        "aud",
        "exp",
        "tid",
        ...(expected.nonce === undefined ? [] : ["nonce"]),
        ...(expected.requiredClaims ?? []),
      ],
    }));
  } catch (error) {
    throw new IdTokenValidationError(problemOf(error));
  }
  if (expected.nonce !== undefined && payload.nonce !== expected.nonce) throw new IdTokenValidationError("nonce");
  return payload;
}

function problemOf(error: unknown): IdTokenProblem {
  const { code, claim } = error as { code?: string; claim?: string };
  if (code === "ERR_JWT_EXPIRED") return "expired";
  if (code === "ERR_JWT_CLAIM_VALIDATION_FAILED")
    return claim === "iss" ? "issuer" : claim === "aud" ? "audience" : "claims";
  if (
    code === "ERR_JWS_SIGNATURE_VERIFICATION_FAILED" ||
    code === "ERR_JWKS_NO_MATCHING_KEY" ||
    code === "ERR_JWS_INVALID"
  )
    return "signature";
  if (code === "ERR_JWT_INVALID" || code === "ERR_JOSE_ALG_NOT_ALLOWED") return "claims";
  // The key set could not be fetched (timeout, HTTP error, bad JSON): nothing was verified.
  return "unverifiable";
}
