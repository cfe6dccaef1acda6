import { apiHandler } from "@/lib/api/operation";
import { listGrantMessages, sendMessage } from "@/lib/api/messages/operations";

export const GET = apiHandler(listGrantMessages);
export const POST = apiHandler(sendMessage);
