// sendMail through the unmodified Graph JS client, reproducing the seed's mail failures:
// a guest's token from the inviting tenant gets MailboxNotEnabledForRESTAPI, and a tenant whose
// outbound mail is refused for IP reputation gets 202 followed by a 550 5.7.708 bounce.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
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

const message = {
  message: {
    subject: "Hello from Guestpass",
    body: { contentType: "Text", content: "A test message." },
    toRecipients: [{ emailAddress: { address: "someone@example.org" } }],
  },
};

function user(id: string): User {
  const found = emulator.state.getUser(id);
  if (!found) throw new Error(`missing demo user ${id}`);
  return found;
}

/** Invites the home account into Contoso and redeems it, as the portal's flow does. */
async function redeemedGuestOf(home: User): Promise<User> {
  const invitation = (await appGraphClient(emulator)
    .api("/invitations")
    .post({ invitedUserEmailAddress: home.mail, inviteRedirectUrl: "https://portal.example/c" })) as {
    invitedUser: { id: string };
  };
  const guest = user(invitation.invitedUser.id);
  emulator.state.redeemInvitation(guest, home);
  return guest;
}

describe("POST /v1.0/me/sendMail", () => {
  it("sends as the user with a token from the user's home tenant (authority common): 202 and a delivered message", async () => {
    const alice = user(DEMO_USERS.alice.id);
    const graph = delegatedGraphClient(emulator, await delegatedToken(emulator, alice, ["User.Read", "Mail.Send"]));
    await graph.api("/me/sendMail").post(message);
    expect(emulator.state.sentMail).toEqual([
      expect.objectContaining({
        kind: "message",
        fromUserId: alice.id,
        from: expect.objectContaining({ address: "alice@fabrikam.com" }),
        subject: "Hello from Guestpass",
        delivery: { status: "delivered" },
      }),
    ]);
  });

  it("seed wall 2: a guest's token issued by the inviting tenant gets MailboxNotEnabledForRESTAPI", async () => {
    const guest = await redeemedGuestOf(user(DEMO_USERS.alice.id));
    const token = await delegatedToken(emulator, guest, ["User.Read", "Mail.Send"], DEMO_TENANTS.contoso.id);
    const error = await graphFailure(delegatedGraphClient(emulator, token).api("/me/sendMail").post(message));
    expect(error).toMatchObject({
      statusCode: 404,
      code: "MailboxNotEnabledForRESTAPI",
      message: "The mailbox is either inactive, soft-deleted, or is hosted on-premise.",
    });
    expect(emulator.state.sentMail).toHaveLength(0);
    // The emulator's request log (shown on its page) names the Graph error.
    // (written when the response has been sent, so wait for it rather than race it)
    await vi.waitFor(() =>
      expect(emulator.state.requestLog.at(-1)).toMatchObject({
        area: "graph",
        status: 404,
        errorCode: "MailboxNotEnabledForRESTAPI",
      }),
    );
  });

  it("answers MailboxNotEnabledForRESTAPI for an on-premises mailbox even with a home-tenant token", async () => {
    const tom = user(DEMO_USERS.tom.id);
    const error = await graphFailure(
      delegatedGraphClient(emulator, await delegatedToken(emulator, tom, ["Mail.Send"]))
        .api("/me/sendMail")
        .post(message),
    );
    expect(error).toMatchObject({ statusCode: 404, code: "MailboxNotEnabledForRESTAPI" });
  });

  it("seed wall 3: a tenant flagged for IP reputation gets 202, then a 550 5.7.708 non-delivery report in the sender's inbox", async () => {
    const lena = user(DEMO_USERS.lena.id);
    const token = await delegatedToken(emulator, lena, ["User.Read", "Mail.Send", "Mail.Read"]);
    const graph = delegatedGraphClient(emulator, token);
    await graph.api("/me/sendMail").post(message);
    const [sent, report] = emulator.state.sentMail;
    expect(sent).toMatchObject({
      kind: "message",
      delivery: { status: "bounced", smtpStatus: expect.stringMatching(/^550 5\.7\.708 /) },
    });
    expect(report).toMatchObject({
      kind: "nonDeliveryReport",
      inReplyToMailId: sent?.id,
      to: [{ address: "lena@litware.com" }],
    });
    const inbox = (await graph.api("/me/messages").get()) as {
      value: { subject: string; body: { content: string } }[];
    };
    expect(inbox.value[0]?.subject).toBe("Undeliverable: Hello from Guestpass");
    expect(inbox.value[0]?.body.content).toContain(
      "550 5.7.708 Service unavailable. Access denied, traffic not accepted from this IP.",
    );
  });

  it("needs delegated Mail.Send", async () => {
    const alice = user(DEMO_USERS.alice.id);
    const error = await graphFailure(
      delegatedGraphClient(emulator, await delegatedToken(emulator, alice, ["User.Read"]))
        .api("/me/sendMail")
        .post(message),
    );
    expect(error).toMatchObject({ statusCode: 403, code: "ErrorAccessDenied" });
  });

  it("refuses a message without recipients or without a message", async () => {
    const alice = user(DEMO_USERS.alice.id);
    const graph = delegatedGraphClient(emulator, await delegatedToken(emulator, alice, ["Mail.Send"]));
    const noRecipients = await graphFailure(
      graph.api("/me/sendMail").post({ message: { subject: "x", body: { contentType: "Text", content: "y" } } }),
    );
    expect(noRecipients).toMatchObject({ statusCode: 400, code: "ErrorInvalidRecipients" });
    const badRecipient = await graphFailure(
      graph.api("/me/sendMail").post({ message: { toRecipients: [{ emailAddress: { address: "not an address" } }] } }),
    );
    expect(badRecipient).toMatchObject({ statusCode: 400, code: "ErrorInvalidRecipients" });
    expect((await graphFailure(graph.api("/me/sendMail").post({}))).statusCode).toBe(400);
    expect(emulator.state.sentMail).toHaveLength(0);
  });
});

describe("GET /v1.0/me/mailFolders/SentItems/messages", () => {
  it("finds a sent message by the internetMessageId its sender gave it, with Mail.ReadBasic", async () => {
    const alice = user(DEMO_USERS.alice.id);
    const graph = delegatedGraphClient(
      emulator,
      await delegatedToken(emulator, alice, ["Mail.Send", "Mail.ReadBasic"]),
    );
    const id = "<guestpass-1@portal.example>";
    await graph.api("/me/sendMail").post({ message: { ...message.message, internetMessageId: id } });
    await graph.api("/me/sendMail").post(message);
    await graph.api("/me/sendMail").post({ ...message, saveToSentItems: false });
    const all = (await graph.api("/me/mailFolders/SentItems/messages").get()) as { value: unknown[] };
    expect(all.value).toHaveLength(2); // not the one sent without a copy in Sent Items
    const found = (await graph
      .api("/me/mailFolders/sentitems/messages")
      .filter(`internetMessageId eq '${id}'`)
      .get()) as { value: { internetMessageId: string; subject: string }[] };
    expect(found.value).toEqual([expect.objectContaining({ internetMessageId: id, subject: message.message.subject })]);
    const none = (await graph
      .api("/me/mailFolders/SentItems/messages")
      .filter("internetMessageId eq '<other@portal.example>'")
      .get()) as { value: unknown[] };
    expect(none.value).toEqual([]);
  });

  it("needs a mail read permission; refuses a malformed internetMessageId on send", async () => {
    const alice = user(DEMO_USERS.alice.id);
    const graph = delegatedGraphClient(emulator, await delegatedToken(emulator, alice, ["Mail.Send"]));
    expect(await graphFailure(graph.api("/me/mailFolders/SentItems/messages").get())).toMatchObject({
      statusCode: 403,
      code: "ErrorAccessDenied",
    });
    expect(
      await graphFailure(
        graph.api("/me/sendMail").post({ message: { ...message.message, internetMessageId: "no-brackets" } }),
      ),
    ).toMatchObject({ statusCode: 400, code: "ErrorInvalidInternetMessageId" });
  });
});

describe("POST /v1.0/users/{id}/sendMail", () => {
  it("sends with application Mail.Send for a mailbox of the tenant, and not without it", async () => {
    setApplicationPermissions(emulator, ["User.Invite.All", "User.Read.All"]);
    const graph = appGraphClient(emulator);
    expect(await graphFailure(graph.api(`/users/${DEMO_USERS.support.id}/sendMail`).post(message))).toMatchObject({
      statusCode: 403,
      code: "ErrorAccessDenied",
      message: "Access is denied. Check credentials and try again.",
    });
    expect(emulator.state.sentMail).toHaveLength(0);
    setApplicationPermissions(emulator, ["User.Invite.All", "User.Read.All", "Mail.Send"]);
    await appGraphClient(emulator).api(`/users/${DEMO_USERS.support.upn}/sendMail`).post(message);
    expect(emulator.state.sentMail[0]).toMatchObject({
      fromUserId: DEMO_USERS.support.id,
      delivery: { status: "delivered" },
    });
  });

  it("names an unknown sender in Exchange's words: 404 ErrorInvalidUser", async () => {
    const error = await graphFailure(appGraphClient(emulator).api("/users/nobody@contoso.com/sendMail").post(message));
    expect(error).toMatchObject({
      statusCode: 404,
      code: "ErrorInvalidUser",
      message: "The requested user 'nobody@contoso.com' is invalid.",
    });
  });

  it("answers MailboxNotEnabledForRESTAPI for a guest object even with application Mail.Send", async () => {
    const guest = await redeemedGuestOf(user(DEMO_USERS.alice.id));
    setApplicationPermissions(emulator, ["User.Invite.All", "User.Read.All", "Mail.Send"]);
    const error = await graphFailure(appGraphClient(emulator).api(`/users/${guest.id}/sendMail`).post(message));
    expect(error).toMatchObject({ statusCode: 404, code: "MailboxNotEnabledForRESTAPI" });
  });
});
