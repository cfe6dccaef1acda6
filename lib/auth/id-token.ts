import "server-only";
// A second look at the staff ID token before a session starts. Auth.js (oauth4webapi) checks its
// issuer, audience, nonce and lifetime, but not its signature (OIDC allows trusting TLS to the
// token endpoint instead), and for Entra it takes the expected issuer from the token's own `tid`
// on Microsoft's own authority host. Guestpass is a multi-tenant app whose roles any tenant can assign,
// so a session must only come from a token that Microsoft signed for *our* tenant: signature
// against the authority's JWKS, issuer and `tid` of AZURE_TENANT_ID, audience = our client id.
import { jwtVerify } from "jose";
import { remoteKeySet } from "@/lib/identity/jwks";
import { authorityMetadata } from "@/lib/tokens/delegated-client";

/** `unverifiable`: the authority's metadata or keys could not be fetched; the sign-in fails closed. */
export type StaffIdTokenProblem = "missing" | "signature" | "issuer" | "audience" | "tenant" | "expired" | "claims" | "unverifiable";

export interface StaffIdTokenExpectation {
  authorityHost: string;
  tenantId: string;
  clientId: string;
}

/** Null when the token is Microsoft's, for Guestpass, from our tenant; else what is wrong with it. */
export async function staffIdTokenProblem(idToken: unknown, expected: StaffIdTokenExpectation): Promise<StaffIdTokenProblem | null> {
  if (typeof idToken !== "string" || idToken === "") return "missing";
  try {
    const metadata = await authorityMetadata({ authorityHost: expected.authorityHost, authority: expected.tenantId });
    const { payload } = await jwtVerify(idToken, remoteKeySet(metadata.jwks_uri), {
      issuer: metadata.issuer.replace("{tenantid}", expected.tenantId),
      audience: expected.clientId,
      algorithms: ["RS256"],
      clockTolerance: 300,
      requiredClaims: ["iss", "aud", "exp", "tid"],
    });
    return typeof payload.tid === "string" && payload.tid.toLowerCase() === expected.tenantId.toLowerCase() ? null : "tenant";
  } catch (error) {
    const { code, claim } = error as { code?: string; claim?: string };
    if (code === "ERR_JWT_EXPIRED") return "expired";
    if (code === "ERR_JWT_CLAIM_VALIDATION_FAILED") return claim === "iss" ? "issuer" : claim === "aud" ? "audience" : "claims";
    if (code === "ERR_JWS_SIGNATURE_VERIFICATION_FAILED" || code === "ERR_JWKS_NO_MATCHING_KEY" || code === "ERR_JWS_INVALID") return "signature";
    if (code === "ERR_JWT_INVALID" || code === "ERR_JOSE_ALG_NOT_ALLOWED") return "claims";
    return "unverifiable";
  }
}
