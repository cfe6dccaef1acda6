import { apiHandler } from "@/lib/api/operation";
import { createConsentLink } from "@/lib/api/invitations/operations";

export const POST = apiHandler(createConsentLink);
