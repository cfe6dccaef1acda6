import "server-only";
// The invitations of the REST API: list (by address and status; cursor pages), read one, and create
// one with the invite form's validation and look-up (lib/invitations/invite.ts), an Idempotency-Key
// making a repeat return the first invitation; resend one and create a consent link for it, with the
// rules the portal's buttons keep.
import { withInvitationKey } from "@/lib/invitations/create";
import { inviteAddress, type InviteResult } from "@/lib/invitations/invite";
import { resendStateRefusal } from "@/lib/invitations/permissions";
import { performResend } from "@/lib/invitations/resend";
import { consentLinkAllowed } from "@/lib/auth/permissions";
import { issueConsentLink } from "@/lib/consent/links";
import { validateInvitationInput } from "@/lib/shared/invitation-validation";
import { prisma } from "@/lib/db/client";
import { auditApiCall } from "../auth";
import { onceForIdempotencyKey, readIdempotencyKey, requestHashOf } from "../idempotency";
import { defineApiOperation } from "../operation";
import { ApiProblem, invalidFields, problemFromActionError } from "../problem";
import { idempotencyHeaders, idParams } from "../schemas/common";
import {
  invitationListQuery,
  invitationListSchema,
  invitationRequestSchema,
  invitationSchema,
  resendSchema,
} from "../schemas/invitations";
import { consentLinkSchema } from "../schemas/connections";
import { getApiInvitation, INVITATION_RESOURCE_SELECT, listApiInvitations, toApiInvitation } from "./queries";

const TAGS = ["Invitations"];

export const listInvitations = defineApiOperation({
  operationId: "listInvitations",
  method: "GET",
  path: "/invitations",
  scope: "invitations:read",
  tags: TAGS,
  summary: "List invitations",
  description: "Invitations, newest first. Filter by address or status; page with `cursor`.",
  query: invitationListQuery,
  responses: { 200: { description: "A page of invitations.", schema: invitationListSchema } },
  run: async ({ query }) => ({ status: 200, body: await listApiInvitations(query) }),
});

export const getInvitation = defineApiOperation({
  operationId: "getInvitation",
  method: "GET",
  path: "/invitations/{id}",
  scope: "invitations:read",
  tags: TAGS,
  summary: "Get an invitation",
  description:
    "One invitation with its status, the guest's object id once Microsoft created it, and why sending failed.",
  params: idParams,
  responses: { 200: { description: "The invitation.", schema: invitationSchema } },
  async run({ params }) {
    const invitation = await getApiInvitation(params.id);
    if (!invitation) throw new ApiProblem(404, "api.not_found", "No invitation has that id.");
    return { status: 200, body: invitation };
  },
});

export const createInvitation = defineApiOperation({
  operationId: "createInvitation",
  method: "POST",
  path: "/invitations",
  scope: "invitations:write",
  tags: TAGS,
  summary: "Invite a user",
  description:
    "Checks the address as the portal's invite form does, looks it up in Guestpass and in the tenant, and queues the invitation (status Queued); Guestpass then sends it through Microsoft Graph. An address Guestpass already has, or a user already in the tenant, is refused with 409 and nothing is sent. With an Idempotency-Key, repeating the request returns the first invitation (201, `Idempotent-Replayed: true`) and sends nothing again; the same key with another body is refused with 422.",
  headers: idempotencyHeaders({
    required: false,
    description:
      "A unique value per invitation (e.g. a UUID): repeating the request with it returns the first answer and invites no one again.",
  }),
  body: invitationRequestSchema,
  responses: {
    201: { description: "Queued: Guestpass sends it; read its status at /invitations/{id}.", schema: invitationSchema },
    409: { description: "Guestpass already has the address, or it is a user of the tenant: nothing was sent." },
    422: { description: "The Idempotency-Key was used for a different request." },
  },
  async run({ body, caller, request, correlationId }) {
    const idempotencyKey = readIdempotencyKey(request, {
      required: false,
      hint: "An Idempotency-Key header is 1–255 visible characters (e.g. a UUID).",
    });
    const checked = validateInvitationInput(body);
    if (!checked.ok) throw invalidFields(checked.fieldErrors);
    const input = withInvitationKey(checked.value);
    const requestHash = idempotencyKey ? requestHashOf({ invitation: input }) : null;
    const invite = async (): Promise<InviteResult> => {
      try {
        return await inviteAddress(input, {
          createdById: null,
          actor: { actorType: "ApiKey", actorId: caller.keyId },
          apiRequest: { apiKeyId: caller.keyId, idempotencyKey, requestHash },
        });
      } catch (error) {
        throw problemFromActionError(error);
      }
    };
    let refused: InviteResult["outcome"] | undefined;
    const outcome =
      idempotencyKey && requestHash
        ? await onceForIdempotencyKey({
            requestHash,
            find: async () => {
              const found = await prisma.invitation.findUnique({
                where: { apiKeyId_idempotencyKey: { apiKeyId: caller.keyId, idempotencyKey } },
                select: { ...INVITATION_RESOURCE_SELECT, requestHash: true },
              });
              return found ? { requestHash: found.requestHash, value: found.id } : null;
            },
            // Another request's invitation of the address may be this key's (two at once): look by key.
            create: async () => {
              const { outcome: result } = await invite();
              if (result.kind === "queued") return result.invitationId;
              refused = result;
              return null;
            },
          })
        : await invite().then(({ outcome: result }) =>
            result.kind === "queued"
              ? { kind: "created" as const, value: result.invitationId }
              : ((refused = result), { kind: "taken" as const }),
          );
    if (outcome.kind === "key_reused")
      throw new ApiProblem(
        422,
        "api.idempotency_conflict",
        `The Idempotency-Key "${idempotencyKey}" was already used for another invitation request.`,
        { errors: [{ field: "header.Idempotency-Key", message: "Used for a different request." }] },
      );
    if (outcome.kind === "taken") {
      if (refused?.kind === "existingUser")
        throw new ApiProblem(
          409,
          "api.conflict",
          `${input.email} is already a user of the tenant (object id ${refused.existingUser.id}); nothing was sent.`,
        );
      const invitationId = refused?.kind === "alreadyInvited" ? refused.invitation.id : "unknown";
      throw new ApiProblem(409, "api.conflict", `Guestpass already has ${input.email}: invitation ${invitationId}.`);
    }
    if (outcome.kind === "created")
      await auditApiCall(caller, correlationId, {
        action: "invitation.create",
        targetType: "invitation",
        targetId: outcome.value,
        detail: { email: input.email, userType: input.userType, idempotencyKey },
      });
    const row = await prisma.invitation.findUniqueOrThrow({
      where: { id: outcome.value },
      select: INVITATION_RESOURCE_SELECT,
    });
    return {
      status: 201,
      body: toApiInvitation(row),
      headers: {
        location: `/api/v1/invitations/${outcome.value}`,
        ...(outcome.kind === "repeated" ? { "idempotent-replayed": "true" } : {}),
      },
    };
  },
});

const notFound = () => new ApiProblem(404, "api.not_found", "No invitation has that id.");

export const resendInvitation = defineApiOperation({
  operationId: "resendInvitation",
  method: "POST",
  path: "/invitations/{id}/resend",
  scope: "invitations:write",
  tags: TAGS,
  summary: "Resend an invitation",
  description:
    "Mails the invitation again with a fresh redeem link, as Invitations → Resend does in the portal; an invitation that never reached Microsoft is sent again. Once every 10 minutes per invitation: sooner is refused with 429 and Retry-After. Refused with 409 while it is still being sent, when it was revoked, and for a person connected by consent link alone (create a consent link instead).",
  params: idParams,
  responses: {
    200: { description: "Resent.", schema: resendSchema },
    409: { description: "Still being sent, revoked, or connected by consent link alone: nothing was sent." },
    429: { description: "Resent less than 10 minutes ago: nothing was sent; wait Retry-After seconds." },
  },
  async run({ params, caller, correlationId }) {
    const invitation = await prisma.invitation.findUnique({ where: { id: params.id } });
    if (!invitation) throw notFound();
    const refusal = resendStateRefusal(invitation);
    if (refusal) throw new ApiProblem(409, "api.conflict", refusal.message);
    const actor = { actorType: "ApiKey" as const, actorId: caller.keyId };
    const audit = (outcome: "Success" | "Failed", detail: Record<string, string>) =>
      auditApiCall(caller, correlationId, {
        action: "invitation.resend",
        targetType: "invitation",
        targetId: invitation.id,
        outcome,
        detail,
      });
    let resent: Awaited<ReturnType<typeof performResend>>;
    try {
      resent = await performResend(invitation, { actor, resetRedemption: false });
    } catch (error) {
      const problem = problemFromActionError(error);
      if (problem instanceof ApiProblem) await audit("Failed", { code: problem.code });
      throw problem;
    }
    await audit("Success", { nextResendAt: resent.nextResendAt });
    const current = await getApiInvitation(invitation.id);
    if (!current) throw notFound();
    return { status: 200, body: { invitation: current, nextResendAt: resent.nextResendAt } };
  },
});

export const createConsentLink = defineApiOperation({
  operationId: "createConsentLink",
  method: "POST",
  path: "/invitations/{id}/consent-links",
  scope: "invitations:write",
  tags: TAGS,
  summary: "Create a consent link",
  description:
    "A fresh consent link for the person to open (or to reconnect with), returned only in this answer: Guestpass keeps its hash. Earlier unused links of the invitation stop working. Refused with 409 while the invitation is queued or being sent, when sending failed, and when it was revoked.",
  params: idParams,
  responses: {
    201: { description: "The link; send it to the person.", schema: consentLinkSchema },
    409: { description: "The invitation is not sent yet, failed or was revoked: no link was made." },
  },
  async run({ params, caller, correlationId }) {
    const invitation = await prisma.invitation.findUnique({
      where: { id: params.id },
      select: { id: true, status: true },
    });
    if (!invitation) throw notFound();
    if (!consentLinkAllowed(invitation))
      throw new ApiProblem(
        409,
        "api.conflict",
        `A consent link cannot be made for an invitation that is ${invitation.status}: it needs a sent, unrevoked invitation.`,
      );
    const actor = { actorType: "ApiKey" as const, actorId: caller.keyId };
    const link = await prisma.$transaction((tx) => issueConsentLink(invitation.id, { actor }, tx));
    await auditApiCall(caller, correlationId, {
      action: "consent.link_issue",
      targetType: "invitation",
      targetId: invitation.id,
      detail: { consentRequestId: link.consentRequestId, expiresAt: link.expiresAt.toISOString() },
    });
    return { status: 201, body: { url: link.url, expiresAt: link.expiresAt.toISOString() } };
  },
});
