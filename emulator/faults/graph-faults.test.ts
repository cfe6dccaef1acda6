// The fault and throttling layer as a Graph client meets it, driven through the control API:
// the Graph JS client's RetryHandler honours Retry-After on 429 and 503, resets surface as network
// errors, and the counters record what happened.
import { ConfidentialClientApplication } from "@azure/msal-node";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { appGraphClient, delegatedGraphClient, delegatedToken } from "../graph/test-clients";
import type { RunningEmulator } from "../server";
import { DEMO_APP, DEMO_TENANTS, DEMO_USERS } from "../state/default-scenario";
import { startTestEmulator } from "../test-support";
import { EmulatorControl } from "../control/client";

let emulator: RunningEmulator;
let control: EmulatorControl;
beforeAll(async () => {
  emulator = await startTestEmulator();
  control = new EmulatorControl(emulator.controlUrl, emulator.controlToken);
});
afterAll(async () => {
  await emulator?.close();
});
beforeEach(async () => {
  emulator.reset();
  await control.resetFaults();
});

const invite = (address: string) => ({
  invitedUserEmailAddress: address,
  inviteRedirectUrl: "https://portal.example/c",
});

describe("throttling and faults through the Graph JS client", () => {
  it("starts with Graph's documented limits", async () => {
    expect(await control.getLimits()).toMatchObject({
      invitationsPerTenant: { requests: 150, windowSeconds: 5 },
      mailboxConcurrency: 4,
    });
  });

  it("the client retries a throttled invitation after Retry-After and succeeds", async () => {
    await control.setLimits({ invitationsPerTenant: { requests: 1, windowSeconds: 1 } });
    const graph = appGraphClient(emulator);
    await graph.api("/invitations").post(invite("alice@fabrikam.com"));
    const started = Date.now();
    const second = (await graph.api("/invitations").post(invite("bruno@fabrikam.com"))) as { status: string };
    expect(second.status).toBe("PendingAcceptance");
    // It waited for the window (Retry-After: 1) instead of failing.
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    const counters = await control.getCounters();
    expect(counters.routes["POST /v1.0/invitations"]).toMatchObject({ calls: 3, throttled: 1 });
  });

  it("151 invitations in one burst meet the 150 per 5 s tenant limit with 429 and Retry-After", async () => {
    await appGraphClient(emulator).api("/invitations").post(invite("first@fabrikam.com"));
    // Raw requests (no retry middleware) to see the 429 itself.
    const msal = new ConfidentialClientApplication({
      auth: {
        clientId: DEMO_APP.clientId,
        clientSecret: DEMO_APP.clientSecret,
        authority: `${emulator.authorityHost}/${DEMO_TENANTS.contoso.id}`,
        knownAuthorities: [new URL(emulator.authorityHost).host],
      },
    });
    const accessToken = (await msal.acquireTokenByClientCredential({
      scopes: ["https://graph.microsoft.com/.default"],
    }))!.accessToken;
    const statuses: number[] = [];
    let refused: Response | undefined;
    for (let index = 0; index < 150; index += 1) {
      const response = await fetch(`${emulator.graphBaseUrl}/v1.0/invitations`, {
        method: "POST",
        headers: { authorization: `Bearer ${accessToken}`, "content-type": "application/json" },
        body: JSON.stringify(invite(`user${index}@fabrikam.com`)),
      });
      statuses.push(response.status);
      if (response.status === 429) refused = response;
      else await response.arrayBuffer();
    }
    // 1 call before the loop + 149 in it fit; the 150th in the loop is the 151st in the window.
    expect(statuses.filter((status) => status === 201)).toHaveLength(149);
    expect(statuses.at(-1)).toBe(429);
    expect(Number(refused?.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(((await refused!.json()) as { error: { code: string } }).error.code).toBe("TooManyRequests");
  });

  it("the client retries an injected 503 and the counters show it", async () => {
    await control.setFaults({
      rules: [
        {
          pathPrefix: "/v1.0/users",
          serverErrorRate: 1,
          serverErrorStatus: 503,
          serverErrorRetryAfterSeconds: 1,
          remaining: 1,
        },
      ],
    });
    const users = (await appGraphClient(emulator).api("/users").select("id").top(1).get()) as { value: unknown[] };
    expect(users.value).toHaveLength(1);
    const counters = await control.getCounters();
    expect(counters.routes["GET /v1.0/users"]).toMatchObject({ calls: 2, serverErrors: 1 });
    expect((await control.getFaults()).rules).toEqual([]);
  });

  it("a connection reset reaches the client as a network failure, and latency slows calls down", async () => {
    await control.setFaults({
      rules: [
        { pathPrefix: "/v1.0/users", connectionResetRate: 1, remaining: 1 },
        { pathPrefix: "/v1.0/users", latency: { minMs: 200, maxMs: 250 } },
      ],
    });
    const graph = appGraphClient(emulator);
    await expect(graph.api("/users").top(1).get()).rejects.toThrow();
    const started = Date.now();
    await graph.api("/users").top(1).get();
    expect(Date.now() - started).toBeGreaterThanOrEqual(195);
    expect((await control.getCounters()).routes["GET /v1.0/users"]).toMatchObject({ connectionResets: 1 });
  });

  it("a fifth concurrent sendMail on one mailbox gets ApplicationThrottled; the client's retry gets it through", async () => {
    await control.setFaults({ rules: [{ pathPrefix: "/v1.0/me/sendMail", latency: { minMs: 400, maxMs: 400 } }] });
    const alice = emulator.state.getUser(DEMO_USERS.alice.id)!;
    const token = await delegatedToken(emulator, alice, ["Mail.Send"]);
    const message = { message: { subject: "s", toRecipients: [{ emailAddress: { address: "x@example.org" } }] } };
    const raw = await Promise.all(
      Array.from({ length: 5 }, () =>
        fetch(`${emulator.graphBaseUrl}/v1.0/me/sendMail`, {
          method: "POST",
          headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
          body: JSON.stringify(message),
        }),
      ),
    );
    const refused = raw.find((response) => response.status === 429);
    expect(raw.map((response) => response.status).sort()).toEqual([202, 202, 202, 202, 429]);
    expect(refused?.headers.get("retry-after")).toBe("1");
    expect(((await refused!.json()) as { error: { code: string; message: string } }).error).toMatchObject({
      code: "ApplicationThrottled",
      message: "Application is over its MailboxConcurrency limit.",
    });
    // The counters saw four at once on Alice's mailbox, never the fifth.
    expect((await control.getCounters()).mailboxes[`oid:${alice.id}`]).toEqual({ inFlight: 0, peakInFlight: 4 });

    const graph = delegatedGraphClient(emulator, token);
    await Promise.all(Array.from({ length: 5 }, () => graph.api("/me/sendMail").post(message)));
    expect(emulator.state.sentMail).toHaveLength(9);
  });

  it("holdAnswerMs: the mail is recorded at once, its 202 comes only after the hold", async () => {
    await control.setFaults({ rules: [{ pathPrefix: "/v1.0/me/sendMail", holdAnswerMs: 500 }] });
    const alice = emulator.state.getUser(DEMO_USERS.alice.id)!;
    const token = await delegatedToken(emulator, alice, ["Mail.Send"]);
    const started = Date.now();
    let answeredAt: number | null = null;
    const answer = fetch(`${emulator.graphBaseUrl}/v1.0/me/sendMail`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({
        message: { subject: "held", toRecipients: [{ emailAddress: { address: "x@example.org" } }] },
      }),
    }).then((response) => {
      answeredAt = Date.now();
      return response;
    });
    await vi.waitFor(() => expect(emulator.state.sentMail).toHaveLength(1), { interval: 10 });
    expect(answeredAt).toBeNull();
    expect((await answer).status).toBe(202);
    expect(answeredAt! - started).toBeGreaterThanOrEqual(480);
  });

  it("throttles requests inside a $batch one by one", async () => {
    await control.setLimits({ invitationsPerTenant: { requests: 1, windowSeconds: 5 } });
    const body = (address: string) => ({
      invitedUserEmailAddress: address,
      inviteRedirectUrl: "https://portal.example/c",
    });
    const result = (await appGraphClient(emulator)
      .api("/$batch")
      .post({
        requests: [
          {
            id: "1",
            method: "POST",
            url: "/invitations",
            headers: { "Content-Type": "application/json" },
            body: body("alice@fabrikam.com"),
          },
          {
            id: "2",
            method: "POST",
            url: "/invitations",
            headers: { "Content-Type": "application/json" },
            body: body("bruno@fabrikam.com"),
          },
        ],
      })) as { responses: { id: string; status: number; headers: Record<string, string> }[] };
    const statuses = result.responses.map((response) => response.status).sort();
    expect(statuses).toEqual([201, 429]);
    expect(
      Number(result.responses.find((response) => response.status === 429)?.headers["Retry-After"]),
    ).toBeGreaterThanOrEqual(1);
  });

  it("faults identity calls only when includeIdentity is set", async () => {
    const tokenPath = `/${DEMO_TENANTS.contoso.id}/oauth2/v2.0/token`;
    const rule = { pathPrefix: tokenPath, serverErrorRate: 1, serverErrorStatus: 503 as const, remaining: 1 };
    const msal = () =>
      new ConfidentialClientApplication({
        auth: {
          clientId: DEMO_APP.clientId,
          clientSecret: DEMO_APP.clientSecret,
          authority: `${emulator.authorityHost}/${DEMO_TENANTS.contoso.id}`,
          knownAuthorities: [new URL(emulator.authorityHost).host],
        },
      });
    await control.setFaults({ rules: [rule] });
    await expect(
      msal().acquireTokenByClientCredential({ scopes: ["https://graph.microsoft.com/.default"] }),
    ).resolves.toBeTruthy();
    expect((await control.getCounters()).totals.serverErrors).toBe(0);

    await control.setFaults({ includeIdentity: true, rules: [rule] });
    // MSAL Node does not retry a 503 from /token: it reports Entra's error code.
    await expect(
      msal().acquireTokenByClientCredential({ scopes: ["https://graph.microsoft.com/.default"] }),
    ).rejects.toMatchObject({
      errorCode: "temporarily_unavailable",
    });
    expect((await control.getCounters()).totals.serverErrors).toBe(1);
    await expect(
      msal().acquireTokenByClientCredential({ scopes: ["https://graph.microsoft.com/.default"] }),
    ).resolves.toBeTruthy();
  });

  it("refuses invalid settings on the control API", async () => {
    await expect(control.setFaults({ rules: [{ serverErrorRate: 2 }] })).rejects.toThrow(/400/);
    await expect(control.setLimits({ mailboxConcurrency: -1 })).rejects.toThrow(/400/);
  });
});
