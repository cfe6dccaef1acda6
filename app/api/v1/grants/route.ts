import { apiHandler } from "@/lib/api/operation";
import { listGrants } from "@/lib/api/grants/operations";

export const GET = apiHandler(listGrants);
