import { describe, expect, it } from "vitest";
import { FaultLayer, mailboxOf, type CallDescription } from "./layer";

function invitation(tenantId: string): CallDescription {
  return {
    scope: "graph",
    method: "POST",
    path: "/v1.0/invitations",
    route: "POST /v1.0/invitations",
    tenantId,
    appId: "app",
  };
}

describe("FaultLayer throttling", () => {
  it("allows 150 invitations per 5 s per tenant on a sliding window, then 429s with Retry-After", () => {
    let now = 1_000_000;
    const layer = new FaultLayer(() => now);
    for (let index = 0; index < 150; index += 1) {
      expect(layer.admit(invitation("contoso")).kind).toBe("admitted");
      now += 10; // 150 calls over 1.5 s
    }
    const refused = layer.admit(invitation("contoso"));
    expect(refused).toMatchObject({ kind: "throttled", code: "TooManyRequests", retryAfterSeconds: 4 });
    // another tenant has its own window
    expect(layer.admit(invitation("fabrikam")).kind).toBe("admitted");
    // the first call leaves the window 5 s after it was made; then exactly one more fits
    now = 1_000_000 + 5_001;
    expect(layer.admit(invitation("contoso")).kind).toBe("admitted");
    expect(layer.admit(invitation("contoso")).kind).toBe("throttled");
    expect(layer.readCounters().routes["POST /v1.0/invitations"]).toMatchObject({ calls: 154, throttled: 2 });
  });

  it("lets a mailbox send 30 messages a minute (Exchange Online's sending limit), whatever the app, then says when", () => {
    let now = 2_000_000;
    const layer = new FaultLayer(() => now);
    const send = (appId: string): CallDescription => ({
      scope: "graph",
      method: "POST",
      path: "/v1.0/me/sendMail",
      route: "POST /v1.0/me/sendMail",
      appId,
      userObjectId: "sender",
    });
    for (let i = 0; i < 30; i++) {
      const verdict = layer.admit(send(i % 2 ? "app-a" : "app-b"));
      expect(verdict.kind).toBe("admitted");
      if (verdict.kind === "admitted") verdict.release();
    }
    expect(layer.admit(send("app-c"))).toMatchObject({
      kind: "throttled",
      code: "ApplicationThrottled",
      retryAfterSeconds: 60,
    });
    // Reading mail is not sending: not counted.
    expect(
      layer.admit({ ...send("app-a"), method: "GET", path: "/v1.0/me/messages", route: "GET /v1.0/me/messages" }).kind,
    ).toBe("admitted");
    now += 60_001;
    expect(layer.admit(send("app-a")).kind).toBe("admitted");
  });

  it("allows 4 concurrent calls per app per mailbox and frees a slot on release", () => {
    const layer = new FaultLayer();
    const send: CallDescription = {
      scope: "graph",
      method: "POST",
      path: "/v1.0/me/sendMail",
      route: "POST /v1.0/me/sendMail",
      appId: "app",
      userObjectId: "u1",
    };
    const admitted = [1, 2, 3, 4].map(() => layer.admit(send));
    expect(admitted.every((verdict) => verdict.kind === "admitted")).toBe(true);
    expect(layer.admit(send)).toMatchObject({
      kind: "throttled",
      code: "ApplicationThrottled",
      message: "Application is over its MailboxConcurrency limit.",
    });
    expect(layer.admit({ ...send, userObjectId: "u2" }).kind).toBe("admitted");
    const first = admitted[0];
    if (first?.kind === "admitted") {
      first.release();
      first.release(); // idempotent
    }
    expect(layer.admit(send).kind).toBe("admitted");
    expect(layer.admit(send).kind).toBe("throttled");
  });

  it("applies a configurable per-app limit and can be switched off", () => {
    const layer = new FaultLayer();
    layer.setLimits({ perApp: { requests: 2, windowSeconds: 60 } });
    const read: CallDescription = {
      scope: "graph",
      method: "GET",
      path: "/v1.0/users",
      route: "GET /v1.0/users",
      appId: "app",
    };
    expect(layer.admit(read).kind).toBe("admitted");
    expect(layer.admit(read).kind).toBe("admitted");
    expect(layer.admit(read)).toMatchObject({ kind: "throttled", code: "TooManyRequests" });
    layer.setLimits({ enabled: false });
    expect(layer.admit(read).kind).toBe("admitted");
  });

  it("finds the mailbox of Outlook calls only", () => {
    expect(mailboxOf({ path: "/v1.0/users/Ana%40x.com/sendMail" })).toBe("user:ana@x.com");
    expect(mailboxOf({ path: "/v1.0/me/sendMail", userObjectId: "o1" })).toBe("oid:o1");
    expect(mailboxOf({ path: "/v1.0/me" })).toBeNull();
    expect(mailboxOf({ path: "/v1.0/users" })).toBeNull();
  });
});

describe("FaultLayer fault injection", () => {
  const call: CallDescription = { scope: "graph", method: "GET", path: "/v1.0/users", route: "GET /v1.0/users" };

  function outcomes(layer: FaultLayer, count: number): string[] {
    return Array.from({ length: count }, () => {
      const verdict = layer.admit(call);
      if (verdict.kind !== "admitted") return verdict.kind;
      return `${verdict.delayMs}:${verdict.fault?.kind ?? "ok"}`;
    });
  }

  it("replays the same faults for the same seed", () => {
    const rule = { latency: { minMs: 5, maxMs: 50 }, serverErrorRate: 0.3, connectionResetRate: 0.1 };
    const first = new FaultLayer();
    first.setFaults({ seed: 42, rules: [rule] });
    const second = new FaultLayer();
    second.setFaults({ seed: 42, rules: [rule] });
    const run = outcomes(first, 200);
    expect(outcomes(second, 200)).toEqual(run);
    const failures = run.filter((outcome) => !outcome.endsWith(":ok")).length;
    expect(failures).toBeGreaterThan(40);
    expect(failures).toBeLessThan(120);
    expect(
      run.every((outcome) => {
        const delay = Number(outcome.split(":")[0]);
        return delay >= 5 && delay <= 50;
      }),
    ).toBe(true);
  });

  it("retires a rule after its remaining calls and matches by path and method", () => {
    const layer = new FaultLayer();
    layer.setFaults({
      rules: [
        { pathPrefix: "/v1.0/users", methods: ["get"], serverErrorRate: 1, serverErrorStatus: 503, remaining: 2 },
      ],
    });
    expect(layer.admit({ ...call, method: "POST" })).toMatchObject({ fault: null });
    expect(layer.admit(call)).toMatchObject({ fault: { kind: "serverError", status: 503, retryAfterSeconds: 1 } });
    expect(layer.admit(call)).toMatchObject({ fault: { kind: "serverError" } });
    expect(layer.admit(call)).toMatchObject({ fault: null });
    expect(layer.getFaults().rules).toEqual([]);
  });

  it("never resets calls inside a $batch and leaves identity alone unless asked", () => {
    const layer = new FaultLayer();
    layer.setFaults({ rules: [{ connectionResetRate: 1 }] });
    expect(layer.admit({ ...call, insideBatch: true })).toMatchObject({ fault: null });
    const identity: CallDescription = {
      scope: "identity",
      method: "POST",
      path: "/common/oauth2/v2.0/token",
      route: "POST /:tenant/oauth2/v2.0/token",
    };
    expect(layer.admit(identity)).toMatchObject({ fault: null });
    layer.setFaults({ includeIdentity: true, rules: [{ stallRate: 1, stallMs: 700 }] });
    expect(layer.admit(identity)).toMatchObject({ delayMs: 700, fault: null });
    expect(layer.readCounters().totals.stalls).toBe(1);
  });
});

describe("FaultLayer injected throttling", () => {
  it("answers a share of matching calls 429 with the configured Retry-After, replayably by seed", () => {
    const layer = new FaultLayer();
    layer.setLimits({ enabled: false }); // only the injected 429s, not the documented limits
    layer.setFaults({
      seed: 7,
      rules: [{ pathPrefix: "/v1.0/invitations", throttleRate: 0.25, throttleRetryAfterSeconds: 2 }],
    });
    const verdicts = Array.from({ length: 400 }, () => layer.admit(invitation("contoso")));
    const throttled = verdicts.filter((v) => v.kind === "throttled");
    expect(throttled.length).toBeGreaterThan(60);
    expect(throttled.length).toBeLessThan(140);
    expect(throttled[0]).toMatchObject({ code: "TooManyRequests", retryAfterSeconds: 2 });
    layer.setFaults({
      seed: 7,
      rules: [{ pathPrefix: "/v1.0/invitations", throttleRate: 0.25, throttleRetryAfterSeconds: 2 }],
    });
    const replay = Array.from({ length: 400 }, () => layer.admit(invitation("contoso")).kind);
    expect(replay).toEqual(verdicts.map((v) => v.kind));
  });
});
