import { apiHandler } from "@/lib/api/operation";
import { createConnection } from "@/lib/api/connections/operations";

export const POST = apiHandler(createConnection);
