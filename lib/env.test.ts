import { describe, expect, it } from "vitest";
import { EnvError, parseEnv, parseTokenEncryptionKeys } from "./env";

const key = Buffer.alloc(32, 7).toString("base64");
const valid = {
  DATABASE_URL: "postgresql://u:p@localhost:5432/guestpass",
  AZURE_TENANT_ID: "contoso-tenant",
  AZURE_CLIENT_ID: "client-id",
  AZURE_CLIENT_SECRET: "s3cret",
  TOKEN_ENCRYPTION_KEY: key,
  AUTH_SECRET: "x".repeat(32),
};

function problemsOf(source: Record<string, string | undefined>): string[] {
  try {
    parseEnv(source);
  } catch (error) {
    if (error instanceof EnvError) return error.problems;
    throw error;
  }
  return [];
}

describe("parseEnv", () => {
  it("applies the documented defaults", () => {
    const env = parseEnv(valid);
    expect(env.APP_URL).toBe("http://localhost:3000");
    expect(env.MICROSOFT_AUTHORITY_HOST).toBe("https://login.microsoftonline.com");
    expect(env.GRAPH_BASE_URL).toBe("https://graph.microsoft.com");
    expect(env.CONSENT_AUTHORITY).toBe("common");
    expect(env.CONSENT_SCOPES).toEqual(["openid", "offline_access", "email", "profile", "User.Read", "Mail.Send"]);
  });

  it("names every missing variable at once, treating empty strings as unset", () => {
    const problems = problemsOf({ AZURE_CLIENT_ID: "", APP_URL: "" });
    const named = problems.map((p) => p.split(":")[0]);
    expect(named).toEqual(
      expect.arrayContaining([
        "DATABASE_URL",
        "AZURE_TENANT_ID",
        "AZURE_CLIENT_ID",
        "AZURE_CLIENT_SECRET",
        "TOKEN_ENCRYPTION_KEY",
        "AUTH_SECRET",
      ]),
    );
    expect(named).not.toContain("APP_URL");
  });

  it("never echoes a secret in its message", () => {
    const problems = problemsOf({ ...valid, AUTH_SECRET: "short-secret-value" });
    expect(problems.join("\n")).toContain("AUTH_SECRET");
    expect(problems.join("\n")).not.toContain("short-secret-value");
  });

  it("insists on exactly one of client secret and certificate", () => {
    expect(problemsOf({ ...valid, AZURE_CLIENT_CERTIFICATE_PATH: "/etc/cert.pem" })[0]).toMatch(
      /^AZURE_CLIENT_CERTIFICATE_PATH: .*not both/,
    );
    expect(
      problemsOf({ ...valid, AZURE_CLIENT_SECRET: undefined, AZURE_CLIENT_CERTIFICATE_PATH: "/etc/cert.pem" }),
    ).toEqual([]);
  });

  it("refuses consent scopes without offline_access and plain-http Microsoft hosts", () => {
    const problems = problemsOf({
      ...valid,
      CONSENT_SCOPES: "openid Mail.Send",
      MICROSOFT_AUTHORITY_HOST: "http://localhost:4010",
    });
    expect(problems.some((p) => p.startsWith("CONSENT_SCOPES") && p.includes("offline_access"))).toBe(true);
    expect(problems.some((p) => p.startsWith("MICROSOFT_AUTHORITY_HOST"))).toBe(true);
  });

  it("strips trailing slashes from base URLs", () => {
    expect(parseEnv({ ...valid, GRAPH_BASE_URL: "https://localhost:4010/" }).GRAPH_BASE_URL).toBe(
      "https://localhost:4010",
    );
  });
});

describe("parseTokenEncryptionKeys", () => {
  it("accepts rotated keys with ids, the first one current", () => {
    const other = Buffer.alloc(32, 9).toString("base64");
    const keys = parseTokenEncryptionKeys(`2026b:${other}, 2026a:${key}`);
    expect(keys.map((k) => k.id)).toEqual(["2026b", "2026a"]);
    expect(keys[0]?.key.equals(Buffer.alloc(32, 9))).toBe(true);
  });

  it("rejects keys of the wrong length", () => {
    expect(() => parseTokenEncryptionKeys(Buffer.alloc(16).toString("base64"))).toThrow(/32 bytes/);
  });
});
