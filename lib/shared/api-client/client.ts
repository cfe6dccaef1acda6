// A typed client of Guestpass's REST API: openapi-fetch over the types openapi-typescript generates
// from /api/v1/openapi.json (schema.d.ts beside this file). Your product can copy both files, or
// generate its own types (docs/api.md, "Typed client"):
//   const guestpass = createGuestpassClient({ baseUrl: "https://guestpass.example.com", apiKey });
//   const { data, error } = await guestpass.GET("/grants", { params: { query: { status: "Active" } } });
import createClient, { type Client } from "openapi-fetch";
import type { paths } from "./schema";

export type GuestpassClient = Client<paths>;

export interface GuestpassClientOptions {
  /** Where Guestpass answers, e.g. https://guestpass.example.com (without /api/v1). */
  baseUrl: string;
  /** An API key from Settings → API keys (gpk_…). Keep it on your server. */
  apiKey: string;
  /** Another fetch (tests, proxies); the global one by default. */
  fetch?: (request: Request) => Promise<Response>;
}

/**
 * Path parameters as openapi-fetch fills them, each encoded, except the Graph proxy's `path`: its
 * `/`s separate Graph's segments and must stay slashes (the proxy refuses an encoded one).
 */
function fillPath(pathname: string, params: Record<string, unknown>): string {
  return pathname.replace(/\{(\w+)\}/g, (placeholder, name: string) => {
    const value = params[name];
    if (value === undefined || value === null) return placeholder;
    const text = String(value);
    return name === "path" ? text.split("/").map(encodeURIComponent).join("/") : encodeURIComponent(text);
  });
}

export function createGuestpassClient({ baseUrl, apiKey, fetch }: GuestpassClientOptions): GuestpassClient {
  return createClient<paths>({
    baseUrl: `${baseUrl.replace(/\/+$/, "")}/api/v1`,
    headers: { Authorization: `Bearer ${apiKey}` },
    pathSerializer: fillPath,
    ...(fetch ? { fetch } : {}),
  });
}
