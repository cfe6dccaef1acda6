import { InteractionRequiredAuthError, ServerError } from "@azure/msal-node";
import { describe, expect, it } from "vitest";
import { lookupError } from "./catalogue";
import { errorReference, explainMicrosoftError } from "./explain";

const TRACE = "0b3f4a1e-2c6d-4e8f-9a10-b2c3d4e5f601";
const CORR = "7d1c2b3a-4e5f-4a6b-8c7d-9e0f1a2b3c4d";

// The seed's real message, as the token endpoint returns it.
const seedAadsts50020 = {
  error: "invalid_request",
  error_description:
    "AADSTS50020: User account 'xxx@xxx.onmicrosoft.com' from identity provider 'https://sts.windows.net/--------/' does not exist in tenant 'Default Directory' and cannot access the application '---------'(My Apps) in that tenant. The account needs to be added as an external user in the tenant first. Sign out and sign in again with a different Azure Active Directory user account. " +
    `Trace ID: ${TRACE} Correlation ID: ${CORR} Timestamp: 2024-01-10 08:12:33Z`,
  error_codes: [50020],
  timestamp: "2024-01-10 08:12:33Z",
  trace_id: TRACE,
  correlation_id: CORR,
};

describe("explainMicrosoftError", () => {
  it("explains the seed's AADSTS50020 token response with its ids", () => {
    const e = explainMicrosoftError(seedAadsts50020);
    expect(e.code).toBe("AADSTS50020");
    expect(e.known).toBe(true);
    expect(e.oauthError).toBe("invalid_request");
    expect(e.traceId).toBe(TRACE);
    expect(e.correlationId).toBe(CORR);
    expect(e.timestamp).toBe("2024-01-10 08:12:33Z");
    expect(e.fix.join(" ")).toMatch(/Invite/);
    expect(e.invitedUserMessage).toMatch(/not been added/);
    expect(errorReference(e)).toContain(CORR);
  });

  it("reads the AADSTS code out of an MSAL ServerError message", () => {
    const err = new ServerError(
      "invalid_client",
      CORR,
      `AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '00000000-0000-0000-0000-000000000001'. Trace ID: ${TRACE} Correlation ID: ${CORR} Timestamp: 2026-11-24 13:00:01Z`,
      undefined,
      "7000215",
      401,
    );
    const e = explainMicrosoftError(err);
    expect(e.code).toBe("AADSTS7000215");
    expect(e.title).toMatch(/client secret/i);
    expect(e.correlationId).toBe(CORR);
    expect(e.httpStatus).toBe(401);
  });

  it("explains an MSAL InteractionRequiredAuthError for admin consent (AADSTS90094)", () => {
    const err = new InteractionRequiredAuthError(
      "consent_required",
      CORR,
      "AADSTS90094: The grant requires admin permission.",
      "consent_required",
    );
    const e = explainMicrosoftError(err);
    expect(e.code).toBe("AADSTS90094");
    expect(e.invitedUserMessage).toMatch(/administrator/);
  });

  it("falls back to the OAuth error when the AADSTS code is unknown", () => {
    const e = explainMicrosoftError(
      new ServerError("invalid_grant", CORR, "AADSTS9999999: Something new.", "bad_token"),
    );
    expect(e.code).toBe("AADSTS9999999");
    expect(e.catalogueKey).toBe("invalid_grant");
    expect(e.subError).toBe("bad_token");
  });

  it("explains redirect parameters from the consent callback", () => {
    const params = new URLSearchParams({
      error: "access_denied",
      error_description: "AADSTS65004: User declined to consent to access the app.",
      state: "abc",
    });
    const e = explainMicrosoftError(params);
    expect(e.code).toBe("AADSTS65004");
    expect(e.catalogueKey).toBe("AADSTS65004");
    const bare = explainMicrosoftError({ error: "consent_required", error_description: "consent needed" });
    expect(bare.catalogueKey).toBe("consent_required");
  });

  it("explains a Graph 403 with request id and names the permissions to grant", () => {
    const body = {
      error: {
        code: "Authorization_RequestDenied",
        message: "Insufficient privileges to complete the operation.",
        innerError: {
          date: "2026-11-24T13:05:00",
          "request-id": "f00dfeed-0000-4000-8000-000000000001",
          "client-request-id": "c1",
        },
      },
    };
    const e = explainMicrosoftError(body);
    expect(e.code).toBe("Authorization_RequestDenied");
    expect(e.requestId).toBe("f00dfeed-0000-4000-8000-000000000001");
    expect(e.meaning).toMatch(/User\.Invite\.All/);
    expect(e.fix.join(" ")).toMatch(/admin consent/);
  });

  it("recognises invitations disabled and suspicious-activity blocks from Graph's message", () => {
    const disabled = explainMicrosoftError({
      error: {
        code: "Authorization_RequestDenied",
        message: "Guest invitations not allowed for your company. Contact your company administrator for more details.",
      },
    });
    expect(disabled.catalogueKey).toBe("B2BInvitationsDisabled");
    const blocked = explainMicrosoftError({
      status: 400,
      code: "BadRequest",
      message: "Invitation blocked due to suspicious activity on the tenant.",
    });
    expect(blocked.catalogueKey).toBe("B2BInvitationBlocked");
  });

  it("explains an invalid invited email address", () => {
    const e = explainMicrosoftError({
      error: { code: "BadRequest", message: "The Primary SMTP Address is an invalid value." },
    });
    expect(e.catalogueKey).toBe("Request_BadRequest.InvitedUserEmailAddress");
    expect(e.meaning).toContain("~");
  });

  it("recognises the suspicious-activity block Graph sends as a 403", () => {
    const e = explainMicrosoftError({
      error: {
        code: "Authorization_RequestDenied",
        message:
          "Invitations from your organization have been blocked because of suspicious activity. Contact Microsoft support to restore invitations.",
      },
    });
    expect(e.catalogueKey).toBe("B2BInvitationBlocked");
  });

  it("explains MailboxNotEnabledForRESTAPI with the common-authority fix (seed)", () => {
    const e = explainMicrosoftError({
      error: {
        code: "MailboxNotEnabledForRESTAPI",
        message: "The mailbox is either inactive, soft-deleted, or is hosted on-premise.",
      },
    });
    expect(e.source).toBe("mail");
    expect(e.fix[0]).toMatch(/CONSENT_AUTHORITY.*common/);
  });

  it("explains the 550 5.7.708 bounce as the tenant's IP reputation", () => {
    const e = explainMicrosoftError(
      "Remote server returned '550 5.7.708 Service unavailable. Access denied, traffic not accepted from this IP. For more information please go to http://go.microsoft.com/fwlink/?LinkId=526653 AS(7230)'",
    );
    expect(e.code).toBe("550 5.7.708");
    expect(e.meaning).toMatch(/not a bug/);
    expect(e.fix.join(" ")).toMatch(/support case/);
  });

  it("marks throttling and server errors transient, keeping Retry-After", () => {
    const throttled = explainMicrosoftError({
      status: 429,
      code: "TooManyRequests",
      message: "Too many requests",
      retryAfterSeconds: 7,
    });
    expect(throttled.transient).toBe(true);
    expect(throttled.retryAfterSeconds).toBe(7);
    const down = explainMicrosoftError({ statusCode: 503, code: "UnknownError", message: "" });
    expect(down.catalogueKey).toBe("ServiceUnavailable");
    expect(down.transient).toBe(true);
    const nameless = explainMicrosoftError({ status: 502 });
    expect(nameless.catalogueKey).toBe("ServiceUnavailable");
  });

  it("explains network failures from fetch", () => {
    const err = new TypeError("fetch failed", {
      cause: Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" }),
    });
    const e = explainMicrosoftError(err);
    expect(e.catalogueKey).toBe("NetworkError");
    expect(e.transient).toBe(true);
  });

  it("keeps the code and request id of an unknown Graph error", () => {
    const e = explainMicrosoftError({
      error: { code: "Request_UnsupportedQuery", message: "Unsupported query.", innerError: { "request-id": "r-123" } },
    });
    expect(e.known).toBe(false);
    expect(e.code).toBe("Request_UnsupportedQuery");
    expect(e.title).toContain("Request_UnsupportedQuery");
    expect(e.requestId).toBe("r-123");
  });

  it("never returns tokens or secrets from the message", () => {
    const jwt =
      "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4ifQ.c2lnbmF0dXJlLXBhcnQtaGVyZQ";
    const refresh = "0.AAAAdGhpcy1pcy1hLWxvbmctcmVmcmVzaC10b2tlbi12YWx1ZS0xMjM0NTY3ODkw";
    const secret = "abc8Q~Zx1yW2vU3tS4rQ5pO6nM7lK8jI9hG0fE1d";
    const e = explainMicrosoftError({
      error: "invalid_grant",
      error_description: `AADSTS70008: expired. access_token=${jwt} refresh_token: ${refresh} client_secret=${secret} Authorization: Bearer ${jwt}`,
    });
    const shown = JSON.stringify(e);
    expect(shown).not.toContain(jwt);
    expect(shown).not.toContain(refresh);
    expect(shown).not.toContain(secret);
    expect(shown).not.toContain("eyJ0eXAi");
    expect(e.code).toBe("AADSTS70008");
  });

  it("has the catalogue entries the product relies on", () => {
    const required = [
      "AADSTS50020",
      "AADSTS50011",
      "AADSTS50194",
      "AADSTS54005",
      "AADSTS65001",
      "AADSTS65004",
      "AADSTS70008",
      "AADSTS700082",
      "AADSTS7000215",
      "AADSTS700016",
      "AADSTS50173",
      "AADSTS90094",
      "AADSTS500113",
      "AADSTS501481",
      "invalid_grant",
      "invalid_scope",
      "interaction_required",
      "consent_required",
      "MailboxNotEnabledForRESTAPI",
      "550 5.7.708",
      "Authorization_RequestDenied",
      "Request_BadRequest.InvitedUserEmailAddress",
      "TooManyRequests",
      "ServiceUnavailable",
      "B2BInvitationsDisabled",
      "B2BInvitationBlocked",
      "ErrorInvalidRecipients",
      "AADSTS50105",
      "AADSTS50034",
      "AADSTS7000222",
      "AADSTS700027",
      "NetworkError",
    ];
    for (const key of required) {
      const entry = lookupError(key);
      expect(entry, key).toBeDefined();
      expect(entry?.fix.length, key).toBeGreaterThan(0);
    }
  });

  it("never throws, whatever it is given", () => {
    for (const input of [
      undefined,
      null,
      0,
      "",
      [],
      {},
      { error: 5 },
      { body: "{not json" },
      new Error(),
      Symbol.for("x"),
    ]) {
      expect(() => explainMicrosoftError(input)).not.toThrow();
    }
  });
});
