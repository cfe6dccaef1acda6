import { apiHandler } from "@/lib/api/operation";
import { resendInvitation } from "@/lib/api/invitations/operations";

export const POST = apiHandler(resendInvitation);
