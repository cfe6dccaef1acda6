import "server-only";
// The invitations of the REST API: list (by address and status; cursor pages), read one, and create
// one with the invite form's validation and look-up (lib/invitations/invite.ts), an Idempotency-Key
// making a repeat return the first invitation.
import { recordAuditEntry } from "@/lib/audit/record";
import { withInvitationKey } from "@/lib/invitations/create";
import { inviteAddress, type InviteResult } from "@/lib/invitations/invite";
import { validateInvitationInput } from "@/lib/shared/invitation-validation";
import { prisma } from "@/lib/db/client";
import { apiCallerLabel } from "../auth";
import { onceForIdempotencyKey, readIdempotencyKey, requestHashOf } from "../idempotency";
import { defineApiOperation } from "../operation";
import { ApiProblem, invalidFields, problemFromActionError } from "../problem";
import { idempotencyHeaders, idParams } from "../schemas/common";
import {
  invitationListQuery,
  invitationListSchema,
  invitationRequestSchema,
  invitationSchema,
} from "../schemas/invitations";
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
      await recordAuditEntry({
        actorType: "ApiKey",
        actorId: caller.keyId,
        actorEmail: apiCallerLabel(caller),
        action: "invitation.create",
        targetType: "invitation",
        targetId: outcome.value,
        outcome: "Success",
        detail: { email: input.email, userType: input.userType, idempotencyKey },
        correlationId,
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
