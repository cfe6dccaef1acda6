import { apiHandler } from "@/lib/api/operation";
import { issueToken } from "@/lib/api/graph-proxy/operations";

export const GET = apiHandler(issueToken);
