// Users, paging and $batch through the unmodified Microsoft Graph JS client: the calls the
// portal's status sync makes (list pages with $select/$filter, follow nextLink, batch lookups).
import { randomUUID } from "node:crypto";
import { BatchRequestContent, BatchResponseContent, PageIterator } from "@microsoft/microsoft-graph-client";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { EmulatorControl } from "../control/client";
import type { RunningEmulator } from "../server";
import { DEMO_TENANTS, DEMO_USERS } from "../state/default-scenario";
import type { User } from "../state/types";
import { startTestEmulator } from "../test-support";
import {
  appGraphClient,
  delegatedGraphClient,
  delegatedToken,
  graphFailure,
  setApplicationPermissions,
} from "./test-clients";

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startTestEmulator();
});
afterAll(async () => {
  await emulator?.close();
});
beforeEach(() => emulator.reset());

const faultControl = () => new EmulatorControl(emulator.controlUrl, emulator.controlToken);

function addGuests(count: number): User[] {
  const now = new Date().toISOString();
  return Array.from({ length: count }, (_, index) =>
    emulator.state.addUser({
      id: randomUUID(),
      tenantId: DEMO_TENANTS.contoso.id,
      userPrincipalName: `guest${index}_example.org#EXT#@contoso.com`,
      displayName: `Guest ${index}`,
      givenName: null,
      surname: null,
      mail: `guest${index}@example.org`,
      otherMails: [`guest${index}@example.org`, `g${index}@private.example`],
      userType: "Guest",
      accountEnabled: true,
      createdDateTime: now,
      externalUserState: index % 3 === 0 ? "Accepted" : "PendingAcceptance",
      externalUserStateChangeDateTime: now,
      password: null,
      mailbox: "none",
      isTenantAdmin: false,
      redeemedBy: null,
    }),
  );
}

interface UserPage {
  value: Record<string, unknown>[];
  "@odata.nextLink"?: string;
}

describe("GET /v1.0/users", () => {
  it("pages 2,500 guests with $top=999 into 3 pages through nextLink (PageIterator)", async () => {
    addGuests(2500);
    await faultControl().resetCounters();
    const graph = appGraphClient(emulator);
    const first = (await graph
      .api("/users")
      .filter("userType eq 'Guest'")
      .select(["id", "mail", "externalUserState"])
      .top(999)
      .get()) as UserPage;
    expect(first.value).toHaveLength(999);
    expect(first["@odata.nextLink"]).toMatch(new RegExp(`^${emulator.graphBaseUrl}/v1.0/users\\?`));
    const ids = new Set<string>();
    const iterator = new PageIterator(graph, first, (user) => {
      ids.add(user.id as string);
      expect(Object.keys(user).sort()).toEqual(["externalUserState", "id", "mail"]);
      return true;
    });
    await iterator.iterate();
    expect(ids.size).toBe(2500);
    expect(iterator.isComplete()).toBe(true);
    // One GET for the first page, two more through nextLink.
    expect((await faultControl().getCounters()).routes["GET /v1.0/users"]?.calls).toBe(3);
  });

  it("walks exactly three pages by hand, the last without nextLink", async () => {
    addGuests(2500);
    const graph = appGraphClient(emulator);
    const sizes: number[] = [];
    let page = (await graph.api("/users").filter("userType eq 'Guest'").select("id").top(999).get()) as UserPage;
    sizes.push(page.value.length);
    while (page["@odata.nextLink"]) {
      page = (await graph.api(page["@odata.nextLink"]).get()) as UserPage;
      sizes.push(page.value.length);
    }
    expect(sizes).toEqual([999, 999, 502]);
  });

  it("filters on userType, externalUserState, mail, userPrincipalName and otherMails/any", async () => {
    const [zero, one] = addGuests(6);
    const graph = appGraphClient(emulator);
    const pending = (await graph
      .api("/users")
      .filter("userType eq 'Guest' and externalUserState eq 'PendingAcceptance'")
      .select("id")
      .get()) as UserPage;
    expect(pending.value).toHaveLength(4);
    const byMail = (await graph.api("/users").filter("mail eq 'GUEST1@example.org'").get()) as UserPage;
    expect(byMail.value.map((user) => user.id)).toEqual([one!.id]);
    // '#' must be sent percent-encoded, as with Microsoft's Graph (the client leaves $filter as given).
    const byUpn = (await graph
      .api("/users")
      .filter(`userPrincipalName eq '${zero!.userPrincipalName.replaceAll("#", "%23")}'`)
      .get()) as UserPage;
    expect(byUpn.value.map((user) => user.id)).toEqual([zero!.id]);
    const byOther = (await graph.api("/users").filter("otherMails/any(x:x eq 'g1@private.example')").get()) as UserPage;
    expect(byOther.value.map((user) => user.id)).toEqual([one!.id]);
    const either = (await graph
      .api("/users")
      .filter("mail eq 'guest0@example.org' or mail eq 'guest1@example.org'")
      .get()) as UserPage;
    expect(either.value).toHaveLength(2);
    const byName = (await graph.api("/users").filter("startswith(displayName,'Guest 5')").get()) as UserPage;
    expect(byName.value).toHaveLength(1);
  });

  it("returns Graph's default properties without $select (no userType) and counts with ConsistencyLevel", async () => {
    addGuests(3);
    const graph = appGraphClient(emulator);
    const page = (await graph.api("/users").top(1).get()) as UserPage;
    expect(page.value[0]).toHaveProperty("userPrincipalName");
    expect(page.value[0]).not.toHaveProperty("userType");
    const counted = (await graph
      .api("/users")
      .header("ConsistencyLevel", "eventual")
      .count(true)
      .filter("userType eq 'Guest'")
      .top(1)
      .get()) as UserPage & { "@odata.count": number };
    expect(counted["@odata.count"]).toBe(3);
    expect((await graphFailure(graph.api("/users").count(true).get())).statusCode).toBe(400);
  });

  it("runs ne, not and endsWith only as advanced queries, as Microsoft does; eq on all three address fields by default", async () => {
    const [zero] = addGuests(2);
    const graph = appGraphClient(emulator);
    for (const filter of [
      "userType ne 'Member'",
      "not(mail eq 'guest0@example.org')",
      "endswith(mail,'@example.org')",
      "otherMails/any(x:endswith(x,'.example'))",
    ]) {
      const refused = await graphFailure(graph.api("/users").filter(filter).get());
      expect(refused, filter).toMatchObject({ statusCode: 400, code: "Request_UnsupportedQuery" });
      expect(refused.message).toMatch(
        /^Operator '(ne|not|endsWith)' is not supported because the required parameters might be missing/,
      );
      const advanced = (await graph
        .api("/users")
        .header("ConsistencyLevel", "eventual")
        .count(true)
        .filter(filter)
        .get()) as UserPage;
      expect(advanced.value.length, filter).toBeGreaterThan(0);
    }
    const address = zero!.mail!;
    const combined = (await graph
      .api("/users")
      .filter(`mail eq '${address}' or otherMails/any(m:m eq '${address}') or userPrincipalName eq '${address}'`)
      .get()) as UserPage;
    expect(combined.value.map((user) => user.id)).toEqual([zero!.id]);
  });

  it("refuses $top above 999, unknown properties and malformed filters with 400", async () => {
    const graph = appGraphClient(emulator);
    const tooMany = await graphFailure(graph.api("/users").top(1000).get());
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.message).toBe("Invalid page size specified: '1000'. Must be between 1 and 999 inclusive.");
    expect((await graphFailure(graph.api("/users").select("shoeSize").get())).message).toContain("shoeSize");
    expect((await graphFailure(graph.api("/users").filter("userType eq").get())).statusCode).toBe(400);
  });

  it("needs User.Read.All (User.Invite.All alone cannot read users)", async () => {
    setApplicationPermissions(emulator, ["User.Invite.All"]);
    expect(await graphFailure(appGraphClient(emulator).api("/users").get())).toMatchObject({
      statusCode: 403,
      code: "Authorization_RequestDenied",
    });
  });
});

describe("single users, PATCH, DELETE and /me", () => {
  it("reads a user by id or UPN and answers 404 Request_ResourceNotFound for others", async () => {
    const graph = appGraphClient(emulator);
    expect(await graph.api(`/users/${DEMO_USERS.support.upn}`).select("id").get()).toMatchObject({
      id: DEMO_USERS.support.id,
    });
    // users of another tenant are not in this directory
    expect(await graphFailure(graph.api(`/users/${DEMO_USERS.alice.id}`).get())).toMatchObject({
      statusCode: 404,
      code: "Request_ResourceNotFound",
    });
  });

  it("changes userType with User.ReadWrite.All only, and deletes a guest", async () => {
    const [guest] = addGuests(1);
    expect(
      await graphFailure(appGraphClient(emulator).api(`/users/${guest!.id}`).patch({ userType: "Member" })),
    ).toMatchObject({ statusCode: 403 });
    expect(await graphFailure(appGraphClient(emulator).api(`/users/${guest!.id}`).delete())).toMatchObject({
      statusCode: 403,
    });
    setApplicationPermissions(emulator, ["User.Invite.All", "User.Read.All", "User.ReadWrite.All"]);
    const graph = appGraphClient(emulator);
    await graph.api(`/users/${guest!.id}`).patch({ userType: "Member" });
    expect(emulator.state.getUser(guest!.id)?.userType).toBe("Member");
    expect((await graphFailure(graph.api(`/users/${guest!.id}`).patch({ userType: "Owner" }))).statusCode).toBe(400);
    expect((await graphFailure(graph.api(`/users/${guest!.id}`).patch({ id: "x" }))).statusCode).toBe(400);
    await graph.api(`/users/${guest!.id}`).delete();
    expect(emulator.state.getUser(guest!.id)).toBeUndefined();
    expect((await graphFailure(graph.api(`/users/${guest!.id}`).get())).statusCode).toBe(404);
  });

  it("answers /me for a delegated token with User.Read, and refuses it for an app token", async () => {
    const alice = emulator.state.getUser(DEMO_USERS.alice.id)!;
    const me = await delegatedGraphClient(emulator, await delegatedToken(emulator, alice, ["User.Read"]))
      .api("/me")
      .select(["id", "mail"])
      .get();
    expect(me).toMatchObject({ id: alice.id, mail: "alice@fabrikam.com" });
    const noScope = await graphFailure(
      delegatedGraphClient(emulator, await delegatedToken(emulator, alice, ["Mail.Send"]))
        .api("/me")
        .get(),
    );
    expect(noScope.statusCode).toBe(403);
    const appOnly = await graphFailure(appGraphClient(emulator).api("/me").get());
    expect(appOnly).toMatchObject({
      statusCode: 400,
      message: "/me request is only valid with delegated authentication flow.",
    });
  });
});

describe("authentication", () => {
  it("answers 401 InvalidAuthenticationToken for a missing, malformed, foreign or expired token", async () => {
    const users = `${emulator.graphBaseUrl}/v1.0/users`;
    const missing = await fetch(users);
    expect(missing.status).toBe(401);
    expect(((await missing.json()) as { error: { code: string; message: string } }).error).toMatchObject({
      code: "InvalidAuthenticationToken",
      message: "Access token is empty.",
    });
    expect(missing.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect((await fetch(users, { headers: { authorization: "Bearer not-a-jwt" } })).status).toBe(401);
    const forged = "eyJhbGciOiJIUzI1NiJ9.eyJ0aWQiOiJ4In0.c2lnbmF0dXJl";
    expect((await fetch(users, { headers: { authorization: `Bearer ${forged}` } })).status).toBe(401);

    const alice = emulator.state.getUser(DEMO_USERS.alice.id)!;
    const token = await delegatedToken(emulator, alice, ["User.Read"]);
    expect(
      (await fetch(`${emulator.graphBaseUrl}/v1.0/me`, { headers: { authorization: `Bearer ${token}` } })).status,
    ).toBe(200);
    emulator.state.expireAccessTokens();
    const expired = await graphFailure(delegatedGraphClient(emulator, token).api("/me").get());
    expect(expired).toMatchObject({
      statusCode: 401,
      code: "InvalidAuthenticationToken",
      message: "Lifetime validation failed, the token is expired.",
    });
  });

  it("answers unknown segments the way Graph does and echoes client-request-id", async () => {
    const response = await fetch(`${emulator.graphBaseUrl}/v1.0/nothingHere`, {
      headers: { "client-request-id": "abc-123" },
    });
    expect(response.status).toBe(400);
    expect(response.headers.get("client-request-id")).toBe("abc-123");
    const body = (await response.json()) as {
      error: { code: string; message: string; innerError: Record<string, string> };
    };
    expect(body.error).toMatchObject({
      code: "BadRequest",
      message: "Resource not found for the segment 'nothingHere'.",
    });
    expect(body.error.innerError).toMatchObject({
      "client-request-id": "abc-123",
      "request-id": response.headers.get("request-id"),
    });
  });
});

describe("POST /v1.0/$batch", () => {
  it("runs up to 20 requests, echoes ids with per-request status, and fails dependants of a failed request with 424", async () => {
    const graph = appGraphClient(emulator);
    const base = emulator.graphBaseUrl;
    const parallel = new BatchRequestContent([
      {
        id: "1",
        request: new Request(`${base}/users/${DEMO_USERS.admin.id}?$select=id,displayName`, { method: "GET" }),
      },
      { id: "2", request: new Request(`${base}/users/${randomUUID()}`, { method: "GET" }) },
    ]);
    const responses = new BatchResponseContent(await graph.api("/$batch").post(await parallel.getContent()));
    const one = responses.getResponseById("1");
    expect(one.status).toBe(200);
    expect(await one.json()).toMatchObject({ id: DEMO_USERS.admin.id, displayName: expect.any(String) });
    const two = responses.getResponseById("2");
    expect(two.status).toBe(404);
    expect(((await two.json()) as { error: { code: string } }).error.code).toBe("Request_ResourceNotFound");

    // Every request after the first depends on it; the first fails, so they are not run.
    const dependants = new BatchRequestContent([
      { id: "missing", request: new Request(`${base}/users/${randomUUID()}`, { method: "GET" }) },
      {
        id: "a",
        request: new Request(`${base}/users/${DEMO_USERS.support.id}`, { method: "GET" }),
        dependsOn: ["missing"],
      },
      {
        id: "b",
        request: new Request(`${base}/users/${DEMO_USERS.employee.id}`, { method: "GET" }),
        dependsOn: ["missing"],
      },
    ]);
    const failed = new BatchResponseContent(await graph.api("/$batch").post(await dependants.getContent()));
    expect(failed.getResponseById("missing").status).toBe(404);
    expect(failed.getResponseById("a").status).toBe(424);
    expect(failed.getResponseById("b").status).toBe(424);
  });

  it("runs a serial chain in dependsOn order: the lookup sees the user the invitation created", async () => {
    const graph = appGraphClient(emulator);
    const base = emulator.graphBaseUrl;
    const batch = new BatchRequestContent([
      {
        id: "invite",
        request: new Request(`${base}/invitations`, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({
            invitedUserEmailAddress: "bruno@fabrikam.com",
            inviteRedirectUrl: "https://portal.example/c",
          }),
        }),
      },
      {
        id: "lookup",
        request: new Request(
          `${base}/users?$filter=${encodeURIComponent("mail eq 'bruno@fabrikam.com'")}&$select=id,externalUserState`,
          { method: "GET" },
        ),
        dependsOn: ["invite"],
      },
    ]);
    const responses = new BatchResponseContent(await graph.api("/$batch").post(await batch.getContent()));
    const invitation = (await responses.getResponseById("invite").json()) as { invitedUser: { id: string } };
    expect(responses.getResponseById("invite").status).toBe(201);
    const lookup = (await responses.getResponseById("lookup").json()) as UserPage;
    expect(lookup.value).toEqual([{ id: invitation.invitedUser.id, externalUserState: "PendingAcceptance" }]);
  });

  it("refuses more than 20 requests and invalid payloads as a whole", async () => {
    const graph = appGraphClient(emulator);
    const requests = Array.from({ length: 21 }, (_, index) => ({
      id: String(index + 1),
      method: "GET",
      url: "/users?$top=1",
    }));
    const error = await graphFailure(graph.api("/$batch").post({ requests }));
    expect(error).toMatchObject({ statusCode: 400, code: "BadRequest" });
    expect(error.message).toContain("20");
    expect(
      (
        await graphFailure(
          graph.api("/$batch").post({ requests: [{ id: "1", method: "GET", url: "/users", dependsOn: ["9"] }] }),
        )
      ).statusCode,
    ).toBe(400);
  });

  it("authorizes each inner request on its own", async () => {
    setApplicationPermissions(emulator, ["User.Invite.All"]);
    const result = (await appGraphClient(emulator)
      .api("/$batch")
      .post({ requests: [{ id: "a", method: "GET", url: "/users" }] })) as {
      responses: { id: string; status: number; body: { error: { code: string } } }[];
    };
    expect(result.responses[0]).toMatchObject({
      id: "a",
      status: 403,
      body: { error: { code: "Authorization_RequestDenied" } },
    });
  });
});
