import { apiHandler } from "@/lib/api/operation";
import { createInvitation, listInvitations } from "@/lib/api/invitations/operations";

export const GET = apiHandler(listInvitations);
export const POST = apiHandler(createInvitation);
