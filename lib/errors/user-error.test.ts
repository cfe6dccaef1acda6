import { describe, expect, it } from "vitest";
import { ServerError } from "@azure/msal-node";
import { UserFacingError, toUserFacingMessage, type ErrorLogger } from "./user-error";

describe("toUserFacingMessage", () => {
  it("keeps the message of a UserFacingError and its field", () => {
    const logged: unknown[] = [];
    const result = toUserFacingMessage(
      new UserFacingError("This address is already a member of the tenant.", { field: "email" }),
      {
        log: (e) => logged.push(e),
      },
    );
    expect(result).toEqual({
      message: "This address is already a member of the tenant.",
      field: "email",
      code: undefined,
      explained: undefined,
    });
    expect(logged).toHaveLength(0);
  });

  it("hides an unknown error behind a generic message and logs it, redacted, under the same id", () => {
    const entries: Parameters<ErrorLogger>[0][] = [];
    const token = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyLTEyMyIsInJvbGVzIjpbXX0.c2lnbmF0dXJl";
    const result = toUserFacingMessage(new Error(`database said no; token ${token}`), {
      context: "invite",
      log: (e) => entries.push(e),
    });
    expect(result.message).not.toContain("database");
    expect(result.message).toContain(result.correlationId);
    expect(entries).toHaveLength(1);
    expect(entries[0]?.correlationId).toBe(result.correlationId);
    expect(entries[0]?.error).toContain("database said no");
    expect(JSON.stringify(entries)).not.toContain(token);
  });

  it("copes with thrown non-errors", () => {
    const entries: Parameters<ErrorLogger>[0][] = [];
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    for (const thrown of ["text", 42, null, circular]) toUserFacingMessage(thrown, { log: (e) => entries.push(e) });
    expect(entries).toHaveLength(4);
  });

  it("explains Microsoft errors through the catalogue, for staff and for the invited user", () => {
    const entries: Parameters<ErrorLogger>[0][] = [];
    const error = new ServerError(
      "invalid_grant",
      "7d1c2b3a-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
      "AADSTS70008: The provided authorization code or refresh token has expired due to inactivity.",
    );
    const staff = toUserFacingMessage(error, { log: (e) => entries.push(e) });
    expect(staff.message).toMatch(/^The code or refresh token has expired \(AADSTS70008\)/);
    expect(staff.message).toContain("7d1c2b3a-4e5f-4a6b-8c7d-9e0f1a2b3c4d");
    expect(staff.explained?.fix.length).toBeGreaterThan(0);
    const invited = toUserFacingMessage(error, { audience: "invited-user", log: (e) => entries.push(e) });
    expect(invited.message).toMatch(/^Your earlier permission has expired/);
    expect(entries).toHaveLength(2);
  });
});
