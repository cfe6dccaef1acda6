import { describe, expect, it } from "vitest";
import { noteAuthError, signInFailureCode, withSignInFailureCodes } from "./sign-in-failure";

// Shapes as Auth.js 5 / oauth4webapi 3 throw them (the e2e spec drives the real ones).
const invalidCheck = Object.assign(new Error("state cookie was missing"), { type: "InvalidCheck" });
const callbackRouteError = (code: string, message: string) =>
  Object.assign(new Error("callback failed"), {
    type: "CallbackRouteError",
    cause: { err: Object.assign(new Error(message), { code }) },
  });

describe("signInFailureCode", () => {
  it("names check-cookie problems, a state that does not match, ID token claims and other OAuth failures", () => {
    expect(signInFailureCode(invalidCheck)).toBe("InvalidCheck");
    expect(
      signInFailureCode(callbackRouteError("OAUTH_INVALID_RESPONSE", 'unexpected "state" response parameter value')),
    ).toBe("InvalidCheck");
    expect(
      signInFailureCode(
        callbackRouteError("OAUTH_JWT_CLAIM_COMPARISON_FAILED", 'unexpected JWT "iss" (issuer) claim value'),
      ),
    ).toBe("IdTokenRejected");
    expect(signInFailureCode(callbackRouteError("OAUTH_JWT_TIMESTAMP_CHECK_FAILED", "expired"))).toBe(
      "IdTokenRejected",
    );
    expect(signInFailureCode(callbackRouteError("OAUTH_RESPONSE_BODY_ERROR", "server responded with an error"))).toBe(
      "OAuthCallbackError",
    );
  });

  it("leaves everything else to Auth.js (a database error in a callback stays generic)", () => {
    expect(
      signInFailureCode(
        Object.assign(new Error("x"), { type: "CallbackRouteError", cause: { err: new Error("P1001") } }),
      ),
    ).toBeNull();
    expect(signInFailureCode(Object.assign(new Error("x"), { type: "MissingSecret" }))).toBeNull();
    expect(signInFailureCode(undefined)).toBeNull();
  });
});

describe("withSignInFailureCodes", () => {
  const request = new Request("http://localhost:3000/api/auth/callback/microsoft-entra-id?code=abc&state=%3Cscript%3E");
  const redirectTo = (location: string) => () =>
    Promise.resolve(new Response(null, { status: 302, headers: { location, "set-cookie": "a=b" } }));

  it("renames Auth.js's Configuration redirect after a noted error, and echoes nothing from the request", async () => {
    const response = await withSignInFailureCodes(request, async () => {
      noteAuthError(invalidCheck);
      return redirectTo("http://localhost:3000/signin?error=Configuration")();
    });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("http://localhost:3000/signin?error=InvalidCheck");
    expect(response.headers.get("set-cookie")).toBe("a=b");
  });

  it("keeps every other answer as it was", async () => {
    const ok = await withSignInFailureCodes(request, redirectTo("http://localhost:3000/invitations"));
    expect(ok.headers.get("location")).toBe("http://localhost:3000/invitations");
    const unexplained = await withSignInFailureCodes(
      request,
      redirectTo("http://localhost:3000/signin?error=Configuration"),
    );
    expect(unexplained.headers.get("location")).toBe("http://localhost:3000/signin?error=Configuration");
    const clientSafe = await withSignInFailureCodes(request, async () => {
      noteAuthError(invalidCheck);
      return redirectTo("http://localhost:3000/signin?error=OAuthCallbackError")();
    });
    expect(clientSafe.headers.get("location")).toBe("http://localhost:3000/signin?error=OAuthCallbackError");
  });
});
