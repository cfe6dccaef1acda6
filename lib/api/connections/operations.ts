import "server-only";
// Connect a person by consent link alone (no guest account, nothing posted to Microsoft): the same
// validation and rules as Invitations → Connect by link in the portal (lib/invitations/connect.ts).
import { connectByConsentLink } from "@/lib/invitations/connect";
import { invitationKey } from "@/lib/invitations/create";
import { validateConnectionInput } from "@/lib/shared/invitation-validation";
import { auditApiCall } from "../auth";
import { getApiInvitation } from "../invitations/queries";
import { defineApiOperation } from "../operation";
import { ApiProblem, invalidFields } from "../problem";
import { connectionRequestSchema, connectionSchema } from "../schemas/connections";

export const createConnection = defineApiOperation({
  operationId: "createConnection",
  method: "POST",
  path: "/connections",
  scope: "invitations:write",
  tags: ["Invitations"],
  summary: "Connect a person by consent link",
  description:
    "Creates an invitation of kind `consent_link` (no guest account in your tenant; nothing is sent to Microsoft) and its first consent link, returned only in this answer. The person consents with their own work, school or personal Microsoft account that owns the address. An address Guestpass already has is refused with 409 and its invitation id: create a new link for it with the invitation's consent-link endpoint.",
  body: connectionRequestSchema,
  responses: { 201: { description: "The connection and its consent link.", schema: connectionSchema } },
  async run({ body, caller, correlationId }) {
    const checked = validateConnectionInput(body);
    if (!checked.ok) throw invalidFields(checked.fieldErrors);
    const input = { ...checked.value, email: invitationKey(checked.value.email) };
    const actor = { actorType: "ApiKey" as const, actorId: caller.keyId };
    const created = await connectByConsentLink(input, { createdById: null, actor });
    if (created.kind === "exists")
      throw new ApiProblem(
        409,
        "api.conflict",
        `Guestpass already has ${input.email}: invitation ${created.invitationId}.`,
      );
    await auditApiCall(caller, correlationId, {
      action: "invitation.connect",
      targetType: "invitation",
      targetId: created.invitationId,
      detail: { email: input.email, consentRequestId: created.link.consentRequestId },
    });
    const invitation = await getApiInvitation(created.invitationId);
    if (!invitation) throw new Error("the new connection vanished");
    return {
      status: 201,
      body: {
        invitation,
        consentLink: { url: created.link.url, expiresAt: created.link.expiresAt.toISOString() },
      },
    };
  },
});
