import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_RETRY_OPTIONS as options, backoffDelayMs, decideRetry, parseRetryAfter } from "./retry-policy";

describe("parseRetryAfter", () => {
  it("reads seconds and HTTP dates", () => {
    const now = Date.parse("2026-11-24T14:00:00Z");
    expect(parseRetryAfter("7", now)).toBe(7);
    expect(parseRetryAfter("Tue, 24 Nov 2026 14:00:30 GMT", now)).toBe(30);
    expect(parseRetryAfter("Tue, 24 Nov 2026 13:00:00 GMT", now)).toBe(0);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});

describe("decideRetry", () => {
  const decide = (attempt: number, idempotent: boolean, outcome: Parameters<typeof decideRetry>[0]["outcome"]) =>
    decideRetry({ attempt, idempotent, outcome, options, random: () => 0.5 });

  it("repeats a 401 once, for every method, only with a fresh token", () => {
    for (const idempotent of [true, false]) {
      expect(decide(1, idempotent, { kind: "status", status: 401 })).toEqual({ action: "retryWithFreshToken" });
      expect(
        decideRetry({
          attempt: 2,
          idempotent,
          outcome: { kind: "status", status: 401 },
          options,
          tokenRefreshed: true,
        }),
      ).toEqual({ action: "fail" });
    }
  });

  it("honours Retry-After on 429 for every method, with bounded jitter", () => {
    for (const idempotent of [true, false]) {
      const d = decide(1, idempotent, { kind: "status", status: 429, retryAfterSeconds: 3 });
      expect(d.action).toBe("retry");
      if (d.action === "retry") {
        expect(d.delayMs).toBeGreaterThanOrEqual(3000);
        expect(d.delayMs).toBeLessThanOrEqual(4000);
      }
    }
    expect(decide(options.maxAttempts, false, { kind: "status", status: 429, retryAfterSeconds: 1 })).toEqual({
      action: "fail",
    });
    expect(
      decide(1, true, { kind: "status", status: 429, retryAfterSeconds: options.maxRetryAfterSeconds + 1 }),
    ).toEqual({ action: "fail" });
  });

  it("retries idempotent requests on 5xx and network errors, never writes", () => {
    expect(decide(1, true, { kind: "status", status: 503 }).action).toBe("retry");
    expect(decide(1, true, { kind: "network", sent: true }).action).toBe("retry");
    expect(decide(1, false, { kind: "status", status: 500 })).toEqual({ action: "ambiguous" });
    expect(decide(1, false, { kind: "status", status: 504 })).toEqual({ action: "ambiguous" });
    expect(decide(1, false, { kind: "network", sent: true })).toEqual({ action: "ambiguous" });
    expect(decide(options.maxAttempts, true, { kind: "status", status: 502 })).toEqual({ action: "fail" });
  });

  it("repeats a write whose request never left (connection refused)", () => {
    expect(decide(1, false, { kind: "network", sent: false }).action).toBe("retry");
  });

  it("does not retry other client errors", () => {
    for (const status of [400, 403, 404, 409])
      expect(decide(1, true, { kind: "status", status })).toEqual({ action: "fail" });
  });

  it("keeps backoff within its ceiling (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), fc.double({ min: 0, max: 0.999999, noNaN: true }), (attempt, r) => {
        const delay = backoffDelayMs(attempt, options, () => r);
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThanOrEqual(options.maxDelayMs);
      }),
    );
  });
});
