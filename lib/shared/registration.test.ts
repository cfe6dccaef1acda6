import { describe, expect, it } from "vitest";
import { needsAttention, worstStatus } from "./registration";

const now = new Date("2026-12-02T12:00:00Z");
const inDays = (days: number) => new Date(now.getTime() + days * 86_400_000).toISOString();

describe("registration report helpers", () => {
  it("takes the worst status, info counting for nothing", () => {
    expect(worstStatus(["pass", "info"])).toBe("pass");
    expect(worstStatus(["info", "warn", "pass"])).toBe("warn");
    expect(worstStatus(["warn", "fail"])).toBe("fail");
    expect(worstStatus([])).toBe("info");
  });

  it("asks for attention when something failed or the credential ends within 30 days", () => {
    expect(needsAttention({ status: "pass", credentialExpiresAt: inDays(31) }, now)).toBe(false);
    expect(needsAttention({ status: "warn", credentialExpiresAt: null }, now)).toBe(false);
    expect(needsAttention({ status: "pass", credentialExpiresAt: inDays(29) }, now)).toBe(true);
    expect(needsAttention({ status: "fail", credentialExpiresAt: null }, now)).toBe(true);
  });
});
