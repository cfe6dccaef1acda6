import { apiHandler } from "@/lib/api/operation";
import { listInvitations } from "@/lib/api/invitations/operations";

export const GET = apiHandler(listInvitations);
