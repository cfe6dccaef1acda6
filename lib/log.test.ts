import { describe, expect, it } from "vitest";
import { createLogger } from "./log";
import { describeErrorForLog } from "./errors/user-error";

function capture() {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({
    write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>),
  });
  return { logger, lines };
}

describe("the structured logger", () => {
  it("writes one JSON line with level, time, context and message", () => {
    const { logger, lines } = capture();
    logger.child({ context: "grants.refresh" }).warn({ grantId: "g-1" }, "refresh deferred");
    expect(lines).toEqual([
      {
        level: "warn",
        time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        context: "grants.refresh",
        grantId: "g-1",
        message: "refresh deferred",
      },
    ]);
  });

  it("carries a thrown error as described for the log, without the secret in it", () => {
    const { logger, lines } = capture();
    const error = new Error(
      "token request failed: refresh_token=0.AAAAsecretsecretsecretsecretsecret&client_secret=abc~def~ghi~jkl~mno~pqr~stu",
    );
    logger.error({ context: "grants.token", ...describeErrorForLog(error) }, "token request failed");
    const line = JSON.stringify(lines);
    expect(line).not.toContain("secretsecretsecret");
    expect(line).not.toContain("abc~def~ghi");
    expect(lines[0]).toMatchObject({
      level: "error",
      context: "grants.token",
      error: expect.stringContaining("Error: token request failed"),
    });
  });
});
