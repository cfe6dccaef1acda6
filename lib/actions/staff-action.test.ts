// A staff action that meets a database outage (in its authorization read or in its work) answers
// "unavailable" with a message that says so — never the generic "something went wrong", never thrown.
import { describe, expect, it, vi } from "vitest";
import { STAFF_ROLES } from "@/lib/auth/permissions";
import { defineStaffAction, runStaffAction } from "./staff-action";

// The error shape Prisma 7 + adapter-pg throws when PostgreSQL refuses connections (lib/db/database-unavailable.int.test.ts).
const refused = () =>
  Object.assign(new Error("Can't reach database server at 127.0.0.1:5432"), {
    name: "PrismaClientKnownRequestError",
    code: "P1001",
    meta: { driverAdapterError: { name: "DriverAdapterError", cause: { kind: "DatabaseNotReachable" } } },
  });

const admin = { userId: "u1", email: "admin@contoso.com", name: "Admin", roles: [STAFF_ROLES.admin] };

function action(step: "authorize" | "run") {
  return defineStaffAction<string, string>({
    action: "invitation.check_status",
    allowed: () => true,
    validate: (raw) => ({ ok: true, value: String(raw) }),
    authorize: async () => {
      if (step === "authorize") throw refused();
      return true;
    },
    run: async () => {
      throw refused();
    },
  });
}

describe("runStaffAction during a database outage", () => {
  it.each(["authorize", "run"] as const)("an outage in %s is answered as unavailable, in words", async (step) => {
    vi.spyOn(console, "error").mockImplementation(() => undefined); // the server log line (and the audit write that cannot happen)
    const result = await runStaffAction(action(step), admin, "id");
    expect(result).toMatchObject({
      ok: false,
      code: "unavailable",
      message: expect.stringContaining("The database is unavailable"),
    });
    expect(result.ok ? "" : result.message).not.toMatch(/Something went wrong|127\.0\.0\.1|P1001/);
    vi.restoreAllMocks();
  });

  it("other failures stay internal", async () => {
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    const failing = defineStaffAction<string, string>({
      action: "invitation.check_status",
      allowed: () => true,
      validate: () => ({ ok: true, value: "" }),
      run: async () => Promise.reject(new Error("boom")),
    });
    expect(await runStaffAction(failing, admin, "")).toMatchObject({ ok: false, code: "internal" });
    vi.restoreAllMocks();
  });
});
