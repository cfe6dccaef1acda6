import { apiHandler } from "@/lib/api/operation";
import { getMessage } from "@/lib/api/messages/operations";

export const GET = apiHandler(getMessage);
