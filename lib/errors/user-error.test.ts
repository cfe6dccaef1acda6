import { describe, expect, it } from "vitest";
import { UserFacingError, toUserFacingMessage, type ErrorLogger } from "./user-error";

describe("toUserFacingMessage", () => {
  it("keeps the message of a UserFacingError and its field", () => {
    const logged: unknown[] = [];
    const result = toUserFacingMessage(new UserFacingError("This address is already a member of the tenant.", { field: "email" }), {
      log: (e) => logged.push(e),
    });
    expect(result).toEqual({ message: "This address is already a member of the tenant.", field: "email", code: undefined });
    expect(logged).toHaveLength(0);
  });

  it("hides an unknown error behind a generic message and logs it, redacted, under the same id", () => {
    const entries: Parameters<ErrorLogger>[0][] = [];
    const token = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyLTEyMyIsInJvbGVzIjpbXX0.c2lnbmF0dXJl";
    const result = toUserFacingMessage(new Error(`database said no; token ${token}`), { context: "invite", log: (e) => entries.push(e) });
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
});
