import { randomBytes } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { EmulatorControl } from "@/emulator/control/client";
import { getEnv } from "@/lib/env";
import { createAppOnlyTokenProvider } from "@/lib/identity/app-only-token";
import { batchGetUsers, batchLookUpUsersByEmail } from "./batch";
import { createGraphClient, type GraphClient } from "./client";
import { AmbiguousWriteError, GraphRequestError } from "./errors";
import { createInvitation, inviteNewGuest, type CreateInvitationRequest } from "./invitations";
import { deleteUser, findUserByEmail, getUser, listGuests, lookUpUserByEmail, updateUserType } from "./users";

// Against the real emulator over HTTPS (integration global setup), with MSAL Node client
// credentials and this module's Graph client, unchanged.
const emulatorControl = EmulatorControl.fromEnv();
const unique = () => `int-${randomBytes(5).toString("hex")}@fabrikam.com`;

function setup(options: { sleeps?: number[]; app?: { clientId: string; clientSecret: string } } = {}) {
  const env = getEnv();
  const tokens = createAppOnlyTokenProvider({
    tenantId: env.AZURE_TENANT_ID,
    clientId: options.app?.clientId ?? env.AZURE_CLIENT_ID,
    clientSecret: options.app?.clientSecret ?? env.AZURE_CLIENT_SECRET,
    authorityHost: env.MICROSOFT_AUTHORITY_HOST,
  });
  const graph: GraphClient = createGraphClient({
    baseUrl: env.GRAPH_BASE_URL,
    getAccessToken: (o) => tokens.getAccessToken(o),
    sleep: async (ms) => {
      options.sleeps?.push(ms);
      await new Promise((resolve) => setTimeout(resolve, ms));
    },
  });
  return { env, tokens, graph };
}

const invitationFor = (email: string): CreateInvitationRequest => ({
  invitedUserEmailAddress: email,
  invitedUserDisplayName: "Integration Guest",
  inviteRedirectUrl: `${getEnv().APP_URL}/consent/int-test`,
  sendInvitationMessage: false,
});

const tokenRequestsOf = async (clientId: string) =>
  (await emulatorControl.requests({ area: "identity" })).filter(
    (r) => r.method === "POST" && r.url.includes("/oauth2/v2.0/token") && r.appId === clientId,
  ).length;

/**
 * An app registration of the test's own, with the portal's application permissions: counting (or
 * expiring, or re-permissioning) the portal's own app would also count and change whatever else
 * uses it against the same emulator.
 */
async function ownApp(
  permissions = ["User.Invite.All", "User.Read.All"],
): Promise<{ clientId: string; clientSecret: string }> {
  const tenantId = getEnv().AZURE_TENANT_ID;
  const app = await emulatorControl.createApp({ displayName: "Graph client test", homeTenantId: tenantId });
  await emulatorControl.setApplicationPermissions(app.appId, tenantId, permissions);
  const secret = await emulatorControl.addSecret(app.appId);
  return { clientId: app.appId, clientSecret: secret.value };
}

afterEach(async () => {
  await emulatorControl.resetFaults();
});

describe("Graph client against the emulator", () => {
  it("makes one token request for many Graph calls", async () => {
    const app = await ownApp();
    const { tokens, graph } = setup({ app });
    const before = await tokenRequestsOf(app.clientId);
    await Promise.all(Array.from({ length: 5 }, () => graph.get("/users", { query: { $top: 1, $select: "id" } })));
    for (let i = 0; i < 5; i++) await graph.get("/users", { query: { $top: 1, $select: "id" } });
    expect(await tokenRequestsOf(app.clientId)).toBe(before + 1);
    expect(await tokens.getApplicationPermissions()).toMatchObject({
      canInvite: true,
      canReadUsers: true,
      canManageUsers: false,
    });
  });

  it("recovers from a token the identity platform stopped honouring: one refresh, then success", async () => {
    const app = await ownApp();
    const { graph } = setup({ app });
    await graph.get("/users", { query: { $top: 1, $select: "id" } });
    const before = await tokenRequestsOf(app.clientId);
    const expired = await emulatorControl.expireTokens({ kind: "access", appId: app.clientId });
    expect(expired.accessTokens).toBeGreaterThan(0);
    await Promise.all(Array.from({ length: 3 }, () => graph.get("/users", { query: { $top: 1, $select: "id" } })));
    expect(await tokenRequestsOf(app.clientId)).toBe(before + 1);
  });

  it("invites a guest, then finds it by address, by id and in a $batch", async () => {
    const { graph } = setup();
    const email = unique();
    expect(await findUserByEmail(graph, email)).toBeNull();
    const invitation = await createInvitation(graph, invitationFor(email));
    expect(invitation.status).toBe("PendingAcceptance");
    expect(invitation.inviteRedeemUrl).toMatch(/^https:\/\//);
    const userId = invitation.invitedUser?.id ?? "";
    expect(userId).not.toBe("");

    const found = await findUserByEmail(graph, email.toUpperCase());
    expect(found).toMatchObject({ id: userId, userType: "Guest", externalUserState: "PendingAcceptance" });
    expect((await getUser(graph, userId))?.mail?.toLowerCase()).toBe(email);
    expect(await getUser(graph, "00000000-0000-4000-8000-0000000000ff")).toBeNull();

    const users = await batchGetUsers(graph, [userId, "00000000-0000-4000-8000-0000000000ff"]);
    expect(users.get(userId)?.id).toBe(userId);
    expect(users.get("00000000-0000-4000-8000-0000000000ff")).toBeNull();
  });

  it("explains what Graph refuses: a bad address, a Member without permission", async () => {
    const { graph } = setup();
    const badAddress = await createInvitation(graph, invitationFor("ada!x@fabrikam.com")).catch((e: unknown) => e);
    expect(badAddress).toBeInstanceOf(GraphRequestError);
    expect((badAddress as GraphRequestError).explained.catalogueKey).toBe("Request_BadRequest.InvitedUserEmailAddress");
    const member = await createInvitation(graph, { ...invitationFor(unique()), invitedUserType: "Member" }).catch(
      (e: unknown) => e,
    );
    expect(member).toBeInstanceOf(GraphRequestError);
    expect((member as GraphRequestError).status).toBe(403);
    expect((member as GraphRequestError).requestId).toBeTruthy();
    expect((member as GraphRequestError).explained.catalogueKey).toBe("Authorization_RequestDenied");
  });

  it("with User.ReadWrite.All: offers Members, turns a guest into a member and removes it", async () => {
    // An app of its own: the portal's app keeps the permissions the other tests expect.
    const { tokens, graph } = setup({ app: await ownApp(["User.Invite.All", "User.Read.All", "User.ReadWrite.All"]) });
    expect((await tokens.getApplicationPermissions()).canManageUsers).toBe(true);
    const member = await createInvitation(graph, { ...invitationFor(unique()), invitedUserType: "Member" });
    expect((await getUser(graph, member.invitedUser?.id ?? ""))?.userType).toBe("Member");
    const guest = await createInvitation(graph, invitationFor(unique()));
    const guestId = guest.invitedUser?.id ?? "";
    await updateUserType(graph, guestId, "Member");
    expect((await getUser(graph, guestId))?.userType).toBe("Member");
    await deleteUser(graph, guestId);
    await deleteUser(graph, guestId); // already gone counts as done
    expect(await getUser(graph, guestId)).toBeNull();
  });

  it("pages through guests", async () => {
    const { graph } = setup();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++)
      ids.push((await createInvitation(graph, invitationFor(unique()))).invitedUser?.id ?? "");
    const pages: string[][] = [];
    for await (const page of listGuests(graph, { pageSize: 2, select: ["id", "userType"] }))
      pages.push(page.map((u) => u.id));
    const all = pages.flat();
    expect(pages.length).toBeGreaterThanOrEqual(2);
    expect(pages.every((p) => p.length <= 2)).toBe(true);
    expect(new Set(all).size).toBe(all.length);
    for (const id of ids) expect(all).toContain(id);
  });

  it("honours Retry-After when the invitation endpoint throttles, inviting each address once", async () => {
    const sleeps: number[] = [];
    const { graph } = setup({ sleeps });
    await emulatorControl.setLimits({ invitationsPerTenant: { requests: 2, windowSeconds: 2 } });
    const before = (await emulatorControl.getCounters()).routes["POST /v1.0/invitations"] ?? { calls: 0, throttled: 0 };
    const emails = Array.from({ length: 4 }, unique);
    const results = await Promise.all(emails.map((email) => createInvitation(graph, invitationFor(email))));
    expect(results.map((r) => r.invitedUserEmailAddress.toLowerCase())).toEqual(emails);
    const after = (await emulatorControl.getCounters()).routes["POST /v1.0/invitations"];
    expect((after?.throttled ?? 0) - before.throttled).toBeGreaterThan(0);
    expect(sleeps.length).toBeGreaterThan(0);
    expect(Math.min(...sleeps)).toBeGreaterThanOrEqual(1000); // waited at least the Retry-After
    for (const email of emails) expect((await findUserByEmail(graph, email))?.userType).toBe("Guest");
  });

  it("surfaces an injected 5xx on the invitation POST as AmbiguousWriteError, without re-posting", async () => {
    const { graph } = setup();
    await emulatorControl.setFaults({
      rules: [
        {
          pathPrefix: "/v1.0/invitations",
          methods: ["POST"],
          serverErrorRate: 1,
          serverErrorStatus: 500,
          remaining: 1,
        },
      ],
    });
    const before = (await emulatorControl.getCounters()).routes["POST /v1.0/invitations"]?.calls ?? 0;
    const email = unique();
    const error = await createInvitation(graph, invitationFor(email)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AmbiguousWriteError);
    expect((error as AmbiguousWriteError).response?.status).toBe(500);
    expect((await emulatorControl.getCounters()).routes["POST /v1.0/invitations"]?.calls).toBe(before + 1);
    // Reconcile: the user is not there, so posting again is right.
    expect(await findUserByEmail(graph, email)).toBeNull();
    expect((await createInvitation(graph, invitationFor(email))).status).toBe("PendingAcceptance");
  });

  it("reconciles an ambiguous invite: re-posts when nobody is there, stops when the user exists", async () => {
    const { graph } = setup();
    // 500 before the invitation is handled: nobody was created, so one re-post.
    await emulatorControl.setFaults({
      rules: [
        {
          pathPrefix: "/v1.0/invitations",
          methods: ["POST"],
          serverErrorRate: 1,
          serverErrorStatus: 500,
          remaining: 1,
        },
      ],
    });
    const first = await inviteNewGuest(graph, invitationFor(unique()), { settleMs: 10 });
    expect(first.kind).toBe("invited");

    // The user was created by an earlier call whose answer was lost: found, not posted again.
    const email = unique();
    const created = await createInvitation(graph, invitationFor(email));
    await emulatorControl.setFaults({
      rules: [{ pathPrefix: "/v1.0/invitations", methods: ["POST"], connectionResetRate: 1, remaining: 1 }],
    });
    const before = (await emulatorControl.getCounters()).routes["POST /v1.0/invitations"]?.calls ?? 0;
    const second = await inviteNewGuest(graph, invitationFor(email), { settleMs: 10 });
    expect(second.kind).toBe("reconciled");
    if (second.kind === "reconciled") expect(second.user.id).toBe(created.invitedUser?.id);
    expect((await emulatorControl.getCounters()).routes["POST /v1.0/invitations"]?.calls).toBe(before + 1);
  });

  it("treats a reset connection on the invitation POST as ambiguous, and retries reads through one", async () => {
    const { graph } = setup();
    await emulatorControl.setFaults({
      rules: [
        { pathPrefix: "/v1.0/invitations", methods: ["POST"], connectionResetRate: 1, remaining: 1 },
        {
          pathPrefix: "/v1.0/users",
          methods: ["GET"],
          serverErrorRate: 1,
          serverErrorStatus: 503,
          serverErrorRetryAfterSeconds: 1,
          remaining: 1,
        },
      ],
    });
    await expect(createInvitation(graph, invitationFor(unique()))).rejects.toBeInstanceOf(AmbiguousWriteError);
    expect(await findUserByEmail(graph, unique())).toBeNull(); // first GET got 503, the retry answered
  });
});

describe("finding a user by address when Microsoft refuses one condition", () => {
  it("still checks the other conditions, one request each, and says which one it could not check", async () => {
    const { env, graph } = setup();
    const email = unique();
    const guest = await emulatorControl.createUser({
      tenantId: env.AZURE_TENANT_ID,
      userPrincipalName: `guest-${randomBytes(4).toString("hex")}@contoso.com`,
      mail: email,
      displayName: "Guest By Mail",
    });
    // Microsoft refuses the clause on otherMails (the combined query and that condition alone).
    await emulatorControl.setFaults({ rules: [{ pathPrefix: "/v1.0/users", refuseFilterOn: ["otherMails"] }] });
    await emulatorControl.resetCounters();

    const lookup = await lookUpUserByEmail(graph, email);
    expect(lookup.user?.id).toBe(guest.id);
    expect(lookup.unchecked).toEqual(["otherMails"]);
    const counters = (await emulatorControl.getCounters()).routes["GET /v1.0/users"];
    // combined (refused), then mail, otherMails (refused), userPrincipalName: no retries of a refusal
    expect(counters).toMatchObject({ calls: 4, refusedFilters: 2 });
  });

  it("looks many addresses up 20 to a $batch, each by mail, otherMails or UPN; a refused filter alone", async () => {
    const { env, graph } = setup();
    const tenantId = env.AZURE_TENANT_ID;
    const byMail = unique();
    const byOtherMail = unique();
    const memberUpn = `member-${randomBytes(4).toString("hex")}@contoso.com`;
    const guest = await emulatorControl.createUser({
      tenantId,
      userPrincipalName: `g-${randomBytes(4).toString("hex")}@contoso.com`,
      mail: byMail,
      displayName: "By Mail",
    });
    const other = await emulatorControl.createUser({
      tenantId,
      userPrincipalName: `o-${randomBytes(4).toString("hex")}@contoso.com`,
      mail: unique(),
      otherMails: [byOtherMail],
      displayName: "By Other Mail",
    });
    const member = await emulatorControl.createUser({
      tenantId,
      userPrincipalName: memberUpn,
      displayName: "Member",
      userType: "Member",
    });
    const nobody = Array.from({ length: 22 }, () => unique());
    await emulatorControl.resetCounters();

    const found = await batchLookUpUsersByEmail(graph, [byMail.toUpperCase(), byOtherMail, memberUpn, ...nobody]);
    expect(found.get(byMail)?.id).toBe(guest.id);
    expect(found.get(byOtherMail)?.id).toBe(other.id);
    expect(found.get(memberUpn)?.id).toBe(member.id);
    expect(nobody.every((email) => found.get(email) === null)).toBe(true);
    const counters = await emulatorControl.getCounters();
    expect(counters.routes["POST /v1.0/$batch"]?.calls).toBe(2); // 25 addresses: 20 + 5
    expect(counters.routes["GET /v1.0/users"]).toMatchObject({ calls: 25, insideBatch: 25 });

    // Microsoft refuses the clause on otherMails: that address is looked up alone, condition by condition.
    await emulatorControl.setFaults({ rules: [{ pathPrefix: "/v1.0/users", refuseFilterOn: ["otherMails"] }] });
    const refused = await batchLookUpUsersByEmail(graph, [byMail]);
    expect(refused.get(byMail)?.id).toBe(guest.id);
  });

  it("fails only when Microsoft refuses every condition", async () => {
    const { graph } = setup();
    await emulatorControl.setFaults({
      rules: [{ pathPrefix: "/v1.0/users", refuseFilterOn: ["mail", "otherMails", "userPrincipalName"] }],
    });
    const error = await lookUpUserByEmail(graph, unique()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphRequestError);
    expect(error).toMatchObject({ status: 400, code: "Request_UnsupportedQuery" });
  });
});
