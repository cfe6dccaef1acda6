import { apiHandler } from "@/lib/api/operation";
import { deleteGrant, getGrant } from "@/lib/api/grants/operations";

export const GET = apiHandler(getGrant);
export const DELETE = apiHandler(deleteGrant);
