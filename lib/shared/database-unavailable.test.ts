// The shapes below were captured from Prisma 7 + @prisma/adapter-pg and pg against a real
// PostgreSQL (unavailable.int.test.ts produces them live); these pin the recogniser and the stamp.
import { describe, expect, it } from "vitest";
import {
  DATABASE_UNAVAILABLE_DIGEST_PREFIX,
  databaseUnavailableResponse,
  isDatabaseUnavailable,
  isDatabaseUnavailableDigest,
  markDatabaseUnavailable,
} from "@/lib/shared/database-unavailable";

function prismaError(code: string, cause: Record<string, unknown>) {
  return Object.assign(new Error("Invalid `prisma.invitation.count()` invocation"), {
    name: "PrismaClientKnownRequestError",
    code,
    meta: { modelName: "Invitation", driverAdapterError: { name: "DriverAdapterError", cause } },
  });
}

describe("isDatabaseUnavailable", () => {
  it.each([
    ["refused (P1001)", prismaError("P1001", { kind: "DatabaseNotReachable", host: "127.0.0.1", port: 5432 })],
    [
      "refused, raw query (P2010)",
      prismaError("P2010", { kind: "DatabaseNotReachable", host: "127.0.0.1", port: 5432 }),
    ],
    [
      "admin shutdown (57P01)",
      prismaError("P2010", {
        originalCode: "57P01",
        kind: "postgres",
        code: "57P01",
        severity: "FATAL",
        message: "terminating connection due to administrator command",
      }),
    ],
    [
      "starting up (57P03)",
      prismaError("P2010", {
        kind: "postgres",
        code: "57P03",
        severity: "FATAL",
        message: "the database system is starting up",
      }),
    ],
    ["reset", prismaError("P2010", { kind: "ConnectionClosed" })],
    ["pg: transaction connection gone", new Error("Client has encountered a connection error and is not queryable")],
    ["pg: terminated", new Error("Connection terminated unexpectedly")],
    [
      "pg: refused",
      Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), {
        code: "ECONNREFUSED",
        errno: -111,
        syscall: "connect",
      }),
    ],
    [
      "pg: both addresses refused",
      new AggregateError([Object.assign(new Error("connect ECONNREFUSED ::1:5432"), { code: "ECONNREFUSED" })], ""),
    ],
    [
      "wrapped as a cause",
      new Error("could not load the list", { cause: prismaError("P1001", { kind: "DatabaseNotReachable" }) }),
    ],
  ])("%s", (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ["unique violation", prismaError("P2002", { kind: "UniqueConstraintViolation" })],
    [
      "syntax error",
      prismaError("P2010", { kind: "postgres", code: "42601", severity: "ERROR", message: "syntax error" }),
    ],
    ["record not found", Object.assign(new Error("No record"), { code: "P2025" })],
    ["plain error", new Error("Something else")],
    [
      "a message that merely mentions it",
      new Error("user typed Connection terminated unexpectedly into a form field, twice"),
    ],
    ["not an error", "ECONNREFUSED"],
    ["nothing", undefined],
  ])("not: %s", (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});

describe("markDatabaseUnavailable", () => {
  it("stamps an outage with the well-known digest once, and leaves other errors alone", () => {
    const outage = markDatabaseUnavailable(prismaError("P1001", { kind: "DatabaseNotReachable" })) as Error & {
      digest?: string;
    };
    expect(outage.digest).toMatch(new RegExp(`^${DATABASE_UNAVAILABLE_DIGEST_PREFIX}[a-z0-9]{4,}$`));
    const first = outage.digest;
    expect((markDatabaseUnavailable(outage) as { digest?: string }).digest).toBe(first);
    expect(isDatabaseUnavailableDigest(first)).toBe(true);
    expect(isDatabaseUnavailable({ digest: first })).toBe(true); // what a boundary sees after the trip

    const other = markDatabaseUnavailable(new Error("x")) as Error & { digest?: string };
    expect(other.digest).toBeUndefined();
    expect(isDatabaseUnavailableDigest("1234567")).toBe(false);
    expect(isDatabaseUnavailableDigest(undefined)).toBe(false);
  });
});

describe("databaseUnavailableResponse", () => {
  it("is a 503 with Retry-After and a message, no details", async () => {
    const response = databaseUnavailableResponse("json");
    expect(response.status).toBe(503);
    expect(Number(response.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(await response.json()).toEqual({
      error: "database_unavailable",
      message: expect.stringContaining("database is unavailable"),
    });
    const text = databaseUnavailableResponse();
    expect(text.headers.get("Content-Type")).toContain("text/plain");
    expect(await text.text()).toContain("Try again in a minute");
  });
});
