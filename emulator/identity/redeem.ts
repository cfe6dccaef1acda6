// The invitation redemption page (`inviteRedeemUrl` = `/redeem?tenant=…&user=…&ticket=…`, built by
// the Graph part): the invited person signs in with their own account; the guest object becomes
// Accepted (with its change time) and the browser goes on to the invitation's inviteRedirectUrl.
import { randomInt, randomUUID } from "node:crypto";
import type { FastifyInstance, FastifyReply } from "fastify";
import { DEMO_PASSWORD } from "../state/default-scenario";
import { BRAND, escapeHtml, page } from "../ui/html";
import type { EmulatorState } from "../state/store";
import type { User } from "../state/types";
import { IdentityError } from "./errors";
import { sendAuthorizeError, type RequestParameters } from "./authorize-request";
import { showSignIn, type InteractiveOptions } from "./authorize";
import type { Transaction } from "./sessions";

const invalidInvitation = () =>
  new IdentityError(
    "invalid_request",
    90072,
    "This invitation link is not valid (unknown or withdrawn invitation). Ask the organization that invited you for a new one.",
  );

const addressesOf = (user: { mail: string | null; otherMails: string[] }) =>
  [user.mail, ...user.otherMails]
    .filter((address): address is string => !!address)
    .map((address) => address.toLowerCase());

export function continueRedemption(
  options: InteractiveOptions,
  reply: FastifyReply,
  transaction: Transaction,
): FastifyReply {
  const { state } = options;
  const guest = state.getUser(transaction.request.guestUserId ?? "");
  if (!guest) throw invalidInvitation();
  const home = state.getUser(transaction.homeAccountId!)!;
  const invitation = [...state.invitations.values()]
    .reverse()
    .find((candidate) => candidate.invitedUserId === guest.id);
  const redirect = invitation?.inviteRedirectUrl ?? transaction.request.redirectUri;
  if (guest.externalUserState !== "Accepted") {
    // The account that redeems is the one whose sign-in name is the invited address — never one
    // picked by its `mail` attribute, which any tenant's admin can set to any address.
    if (!addressesOf(guest).includes(home.userPrincipalName.toLowerCase())) {
      transaction.homeAccountId = null;
      transaction.formError = `This invitation was sent to ${guest.mail ?? "another address"}. Sign in with that account to accept it.`;
      return showSignIn(options, reply.request, reply, transaction, false);
    }
    state.redeemInvitation(guest, home);
  }
  options.interactions.finish(transaction.id);
  return reply.code(302).header("location", redirect).header("cache-control", "no-store").send();
}

/**
 * Creates a home account for an invited address nobody signs in with yet (Microsoft would offer a
 * one-time passcode or a new Microsoft account): in the tenant of its domain, created if needed.
 */
export function createInvitedAccount(state: EmulatorState, address: string): User {
  const domain = address.split("@")[1]?.toLowerCase() ?? "example.com";
  let tenant = state.resolveTenant(domain);
  if (!tenant) {
    tenant = {
      id: randomUUID(),
      displayName: domain,
      domains: [domain],
      userConsent: "allowed",
      outboundMailBlocked: false,
      invitationsDisabled: false,
      invitationsBlockedForSuspiciousActivity: false,
      allowInvitesFrom: "everyone",
    };
    state.tenants.set(tenant.id, tenant);
  }
  const local = address.split("@")[0] ?? address;
  return state.addUser({
    id: randomUUID(),
    tenantId: tenant.id,
    userPrincipalName: address.toLowerCase(),
    displayName: local,
    givenName: null,
    surname: null,
    mail: address.toLowerCase(),
    otherMails: [],
    userType: "Member",
    accountEnabled: true,
    createdDateTime: new Date().toISOString(),
    externalUserState: null,
    externalUserStateChangeDateTime: null,
    password: DEMO_PASSWORD,
    mailbox: "exchangeOnline",
    isTenantAdmin: false,
    redeemedBy: null,
  });
}

/** The passcode form: the code went to the invited address (the emulator records it as sent mail). */
function passcodePage(transaction: Transaction, address: string, error: string | null): string {
  return page(
    "Enter code",
    `${BRAND}<h1>Enter code</h1><p>We sent a code to <b>${escapeHtml(address)}</b>. Enter it to accept the invitation.</p>
${error ? `<p class="error" role="alert" id="passcode-error">${escapeHtml(error)}</p>` : ""}
<form method="post" action="/redeem/passcode/${escapeHtml(transaction.id)}/verify"><label for="passcode">Code</label><input id="passcode" name="passcode" inputmode="numeric" autocomplete="one-time-code" required><div class="buttons"><button type="submit" id="passcode-submit">Sign in</button></div></form>`,
  );
}

function recordPasscodeMail(state: EmulatorState, guest: User, passcode: string): void {
  const tenant = state.getTenant(guest.tenantId);
  state.recordMail({
    id: randomUUID(),
    kind: "oneTimePasscode",
    tenantId: guest.tenantId,
    fromUserId: null,
    from: { address: "account-security-noreply@accountprotection.microsoft.com", name: "Microsoft account team" },
    to: [{ address: guest.mail!, name: null }],
    cc: [],
    bcc: [],
    subject: `Your ${tenant?.displayName ?? "organization"} account verification code`,
    body: { contentType: "text", content: `Your account verification code is: ${passcode}` },
    saveToSentItems: false,
    delivery: { status: "delivered" },
    inReplyToMailId: null,
    sentDateTime: new Date().toISOString(),
  });
}

/**
 * Email one-time passcode (external-id/one-time-passcode): for an invited address that no Microsoft
 * or work account signs in with, Microsoft mails a code; entering it redeems the invitation with no
 * account behind the guest (Graph: identity issuer `mail`). Such a guest has no mailbox Microsoft
 * could let an app send from.
 */
function registerPasscodeRoutes(app: FastifyInstance, options: InteractiveOptions): void {
  const pendingGuest = (tx: string) => {
    const transaction = options.interactions.get(tx);
    const guest =
      transaction?.request.kind === "redeem" ? options.state.getUser(transaction.request.guestUserId ?? "") : undefined;
    if (!transaction || !guest?.mail || options.state.findHomeAccount(guest.mail)) throw invalidInvitation();
    return { transaction, guest: guest as User & { mail: string } };
  };
  app.post<{ Params: { tx: string } }>("/redeem/passcode/:tx", async (request, reply) => {
    try {
      const { transaction, guest } = pendingGuest(request.params.tx);
      transaction.passcode = String(randomInt(10_000_000, 100_000_000));
      recordPasscodeMail(options.state, guest, transaction.passcode);
      return reply
        .type("text/html; charset=utf-8")
        .header("cache-control", "no-store")
        .send(passcodePage(transaction, guest.mail, null));
    } catch (error) {
      return sendAuthorizeError(reply, error, options.authorityHost);
    }
  });
  app.post<{ Params: { tx: string } }>("/redeem/passcode/:tx/verify", async (request, reply) => {
    try {
      const { transaction, guest } = pendingGuest(request.params.tx);
      const typed = String((request.body as Record<string, unknown> | undefined)?.passcode ?? "").trim();
      if (!transaction.passcode || typed !== transaction.passcode) {
        return reply
          .type("text/html; charset=utf-8")
          .header("cache-control", "no-store")
          .send(passcodePage(transaction, guest.mail, "That code didn't work. Check the code and try again."));
      }
      const invitation = [...options.state.invitations.values()]
        .reverse()
        .find((candidate) => candidate.invitedUserId === guest.id);
      if (guest.externalUserState !== "Accepted") options.state.redeemInvitation(guest, "passcode");
      options.interactions.finish(transaction.id);
      return reply
        .code(302)
        .header("location", invitation?.inviteRedirectUrl ?? transaction.request.redirectUri)
        .header("cache-control", "no-store")
        .send();
    } catch (error) {
      return sendAuthorizeError(reply, error, options.authorityHost);
    }
  });
}

export function registerRedeemRoutes(app: FastifyInstance, options: InteractiveOptions): void {
  registerPasscodeRoutes(app, options);
  app.post<{ Params: { tx: string } }>("/redeem/create-account/:tx", async (request, reply) => {
    try {
      const transaction = options.interactions.get(request.params.tx);
      const guest =
        transaction?.request.kind === "redeem"
          ? options.state.getUser(transaction.request.guestUserId ?? "")
          : undefined;
      if (!transaction || !guest?.mail) throw invalidInvitation();
      // Only for addresses nobody signs in with: an existing account must type its password.
      if (options.state.findHomeAccount(guest.mail)) return showSignIn(options, request, reply, transaction, false);
      const home = createInvitedAccount(options.state, guest.mail);
      options.interactions.rememberAccount(request, reply, home.id);
      transaction.homeAccountId = home.id;
      return continueRedemption(options, reply, transaction);
    } catch (error) {
      return sendAuthorizeError(reply, error, options.authorityHost);
    }
  });

  app.get("/redeem", async (request, reply) => {
    try {
      const { tenant: tenantId, user: userId, ticket } = request.query as RequestParameters;
      const { state } = options;
      const invitation = ticket ? state.invitations.get(ticket) : undefined;
      const guest = userId ? state.getUser(userId) : undefined;
      const tenant = tenantId ? state.getTenant(tenantId) : undefined;
      if (!invitation || !guest || !tenant || invitation.invitedUserId !== guest.id || guest.tenantId !== tenant.id)
        throw invalidInvitation();
      // Already redeemed: Microsoft sends the user straight on.
      if (guest.externalUserState === "Accepted")
        return reply.code(302).header("location", invitation.inviteRedirectUrl).send();
      const transaction = options.interactions.begin({
        kind: "redeem",
        authority: { kind: "tenant", segment: tenant.id, tenant },
        appId: invitation.invitedByAppId ?? [...state.apps.values()][0]?.appId ?? "",
        redirectUri: invitation.inviteRedirectUrl,
        responseMode: "query",
        state: null,
        nonce: null,
        scopes: [],
        codeChallenge: null,
        codeChallengeMethod: null,
        prompt: null,
        loginHint: guest.mail,
        guestUserId: guest.id,
      });
      return showSignIn(options, request, reply, transaction, false);
    } catch (error) {
      return sendAuthorizeError(reply, error, options.authorityHost);
    }
  });
}
