// Every path under /api/v1 that no operation serves, whatever the method: a problem+json 404, so no
// answer of the API is Next's HTML not-found page. More specific routes always win over this one.
import { noSuchOperation } from "@/lib/api/problem";

export const GET = noSuchOperation;
export const POST = noSuchOperation;
export const PUT = noSuchOperation;
export const PATCH = noSuchOperation;
export const DELETE = noSuchOperation;
