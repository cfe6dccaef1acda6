import "server-only";
// The invitations of the REST API: list (by address and status; cursor pages) and read one.
import { defineApiOperation } from "../operation";
import { ApiProblem } from "../problem";
import { idParams } from "../schemas/common";
import { invitationListQuery, invitationListSchema, invitationSchema } from "../schemas/invitations";
import { getApiInvitation, listApiInvitations } from "./queries";

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
