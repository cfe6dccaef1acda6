// The API's OpenAPI 3.1 document, public (it describes the API, holds nothing secret).
import { buildOpenApiDocument } from "@/lib/api/openapi";

export function GET(): Response {
  return Response.json(buildOpenApiDocument(), { headers: { "cache-control": "no-cache" } });
}
