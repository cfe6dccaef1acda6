import { apiHandler } from "@/lib/api/operation";
import { getInvitation } from "@/lib/api/invitations/operations";

export const GET = apiHandler(getInvitation);
