import "server-only";
// A second look at the staff ID token before a session starts (the checks: lib/identity/id-token.ts).
// Guestpass is a multi-tenant app whose roles any tenant can assign, so a session must only come
// from a token that Microsoft signed for *our* tenant: the tenant's own authority, `tid` =
// AZURE_TENANT_ID, audience = our client id.
import { IdTokenValidationError, verifyIdToken, type IdTokenProblem } from "@/lib/identity/id-token";

export interface StaffIdTokenExpectation {
  authorityHost: string;
  tenantId: string;
  clientId: string;
}

/** Null when the token is Microsoft's, for Guestpass, from our tenant; else what is wrong with it. */
export async function staffIdTokenProblem(
  idToken: unknown,
  expected: StaffIdTokenExpectation,
): Promise<IdTokenProblem | null> {
  try {
    await verifyIdToken(idToken, { ...expected, authority: expected.tenantId });
    return null;
  } catch (error) {
    if (error instanceof IdTokenValidationError) return error.reason;
    throw error;
  }
}
