// POST /invitations: creates (or finds again) the guest user for an address and returns an
// invitation whose inviteRedeemUrl opens the emulator's redemption page.
import { randomUUID } from "node:crypto";
import type { FastifyInstance } from "fastify";
import type { Invitation, Tenant, User } from "../../state/types";
import { authenticate, versionRoot, type GraphContext } from "../context";
import { GraphHttpError } from "../errors";
import { PERMISSIONS, requireDirectoryPermission, type GraphCaller } from "../permissions";
import { guestUserPrincipalName } from "../users/representation";
import { parseInvitationRequest, type InvitationRequest } from "./request";
import { recordInvitationMail } from "./mail";

/** Who may invite, for this caller: app-only invitations do not work when invitations are limited to admins. */
function invitesAllowedFor(tenant: Tenant, caller: GraphCaller): boolean {
  if (tenant.invitationsDisabled || tenant.allowInvitesFrom === "none") return false;
  return (
    caller.kind === "delegated" ||
    tenant.allowInvitesFrom === "adminsGuestInvitersAndAllMembers" ||
    tenant.allowInvitesFrom === "everyone"
  );
}

/** Tenant switches that stop invitations before anything is created. */
function assertTenantMayInvite(tenant: Tenant, caller: GraphCaller): void {
  if (!invitesAllowedFor(tenant, caller)) {
    throw new GraphHttpError(
      403,
      "Authorization_RequestDenied",
      "Guest invitations not allowed for your company. Contact your company administrator for more details.",
    );
  }
  if (tenant.invitationsBlockedForSuspiciousActivity) {
    throw new GraphHttpError(
      403,
      "Authorization_RequestDenied",
      "Invitations from your organization have been blocked because of suspicious activity. Contact Microsoft support to restore invitations.",
    );
  }
}

export function redeemUrlFor(
  context: GraphContext,
  invitation: Pick<Invitation, "id" | "tenantId" | "invitedUserId">,
): string {
  const query = new URLSearchParams({
    tenant: invitation.tenantId,
    user: invitation.invitedUserId,
    ticket: invitation.id,
  });
  return `${context.tokens.authorityHost}/redeem?${query.toString()}`;
}

function createGuest(request: InvitationRequest, tenant: Tenant, now: string): User {
  const address = request.invitedUserEmailAddress;
  return {
    id: randomUUID(),
    tenantId: tenant.id,
    userPrincipalName: guestUserPrincipalName(address, tenant.domains[0] ?? `${tenant.id}.onmicrosoft.com`),
    displayName: request.invitedUserDisplayName ?? address.split("@")[0] ?? address,
    givenName: null,
    surname: null,
    mail: address,
    otherMails: [address],
    userType: request.invitedUserType,
    accountEnabled: true,
    createdDateTime: now,
    externalUserState: "PendingAcceptance",
    externalUserStateChangeDateTime: now,
    password: null,
    // The guest object has no mailbox in the inviting tenant: mail lives with the home account.
    mailbox: "none",
    isTenantAdmin: false,
    redeemedBy: null,
  };
}

/** Finds the user this invitation is for, creating the guest when there is none. */
function invitedUserFor(
  context: GraphContext,
  caller: GraphCaller & { tenant: Tenant },
  request: InvitationRequest,
  body: unknown,
  now: string,
) {
  const requestedId = (body as { invitedUser?: { id?: unknown } }).invitedUser?.id;
  const existing =
    (typeof requestedId === "string" ? context.state.getUser(requestedId) : undefined) ??
    context.state.findUserByMail(caller.tenant.id, request.invitedUserEmailAddress);
  if (existing && existing.tenantId !== caller.tenant.id) {
    throw new GraphHttpError(
      404,
      "Request_ResourceNotFound",
      `Resource '${existing.id}' does not exist or one of its queried reference-property objects are not present.`,
    );
  }
  if (!existing) return { user: context.state.addUser(createGuest(request, caller.tenant, now)), created: true };
  if (request.resetRedemption && existing.externalUserState !== null) {
    // Same object id, memberships and assignments; the user redeems again, possibly as another identity.
    existing.externalUserState = "PendingAcceptance";
    existing.externalUserStateChangeDateTime = now;
    existing.redeemedBy = null;
    existing.redeemedWithPasscode = false;
    existing.mail = request.invitedUserEmailAddress;
    if (!existing.otherMails.some((mail) => mail.toLowerCase() === request.invitedUserEmailAddress.toLowerCase())) {
      existing.otherMails = [request.invitedUserEmailAddress];
    }
  }
  return { user: existing, created: false };
}

export function registerInvitationRoutes(app: FastifyInstance, context: GraphContext): void {
  app.post("/invitations", async (request, reply) => {
    const caller = await authenticate(context, request);
    requireDirectoryPermission(caller, PERMISSIONS.createInvitation);
    const invitationRequest = parseInvitationRequest(request.body);
    if (invitationRequest.invitedUserType === "Member" || invitationRequest.resetRedemption) {
      requireDirectoryPermission(caller, PERMISSIONS.inviteMemberOrResetRedemption);
    }
    assertTenantMayInvite(caller.tenant, caller);

    const now = new Date().toISOString();
    const { user } = invitedUserFor(context, caller, invitationRequest, request.body, now);
    // An address that already belongs to a redeemed guest or to one of the tenant's own members
    // needs no redemption: Graph answers Completed.
    const status = user.externalUserState === "PendingAcceptance" ? "PendingAcceptance" : "Completed";
    const id = randomUUID();
    const invitation: Invitation = {
      id,
      tenantId: caller.tenant.id,
      invitedByAppId: caller.appId,
      invitedUserEmailAddress: invitationRequest.invitedUserEmailAddress,
      invitedUserDisplayName: invitationRequest.invitedUserDisplayName,
      invitedUserType: invitationRequest.invitedUserType,
      inviteRedirectUrl: invitationRequest.inviteRedirectUrl,
      inviteRedeemUrl: redeemUrlFor(context, { id, tenantId: caller.tenant.id, invitedUserId: user.id }),
      sendInvitationMessage: invitationRequest.sendInvitationMessage,
      invitedUserMessageInfo: {
        customizedMessageBody: invitationRequest.invitedUserMessageInfo.customizedMessageBody,
        messageLanguage: invitationRequest.invitedUserMessageInfo.messageLanguage,
        ccRecipients: invitationRequest.invitedUserMessageInfo.ccRecipients.filter(
          (recipient): recipient is { emailAddress: { name: string | null; address: string } } =>
            recipient.emailAddress.address !== null,
        ),
      },
      resetRedemption: invitationRequest.resetRedemption,
      status,
      invitedUserId: user.id,
      createdDateTime: now,
    };
    context.state.invitations.set(id, invitation);
    if (invitation.sendInvitationMessage) recordInvitationMail(context, caller.tenant, invitation, caller.kind);

    return reply.code(201).send({
      "@odata.context": `${versionRoot(request)}/$metadata#invitations/$entity`,
      id,
      inviteRedeemUrl: invitation.inviteRedeemUrl,
      invitedUserDisplayName: invitation.invitedUserDisplayName,
      invitedUserType: invitation.invitedUserType,
      invitedUserEmailAddress: invitation.invitedUserEmailAddress,
      sendInvitationMessage: invitation.sendInvitationMessage,
      resetRedemption: invitation.resetRedemption,
      inviteRedirectUrl: invitation.inviteRedirectUrl,
      status,
      invitedUserMessageInfo: invitationRequest.invitedUserMessageInfo,
      invitedUser: { id: user.id },
    });
  });
}
