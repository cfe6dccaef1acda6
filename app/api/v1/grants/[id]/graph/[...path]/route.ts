import { apiHandler } from "@/lib/api/operation";
import { proxyGraphGet, proxyGraphPost } from "@/lib/api/graph-proxy/operations";

export const GET = apiHandler(proxyGraphGet);
export const POST = apiHandler(proxyGraphPost);
