// GET /consent/callback: Microsoft's redirect back (the redirect URI registered on the app). All
// the checks live in lib/consent/callback.ts; this reads the cookie, runs them and redirects to the
// page for the outcome. The query (code, state) never reaches a page or a log line.
import { NextResponse, type NextRequest } from "next/server";
import { BROWSER_BINDING_COOKIE } from "@/lib/consent/browser-binding";
import { handleConsentCallback } from "@/lib/consent/callback";
import { consentResultPath } from "@/lib/consent/outcome";
import { getEnv } from "@/lib/env";
import { methodNotAllowed } from "../other-methods";
import { unexpectedErrorPath } from "../problem-path";

export const dynamic = "force-dynamic";

export async function GET(request: NextRequest): Promise<NextResponse> {
  const appUrl = getEnv().APP_URL;
  let path: string;
  try {
    const result = await handleConsentCallback({
      query: request.nextUrl.searchParams,
      browserBinding: request.cookies.get(BROWSER_BINDING_COOKIE)?.value,
    });
    path = consentResultPath(result);
  } catch (error) {
    // Database down: the state could not be checked, so nothing was stored or spent; the invited
    // user's link still works once it is back (the page says so).
    path = unexpectedErrorPath(error, "consent.callback");
  }
  const response = NextResponse.redirect(new URL(path, appUrl), 303);
  response.headers.set("Cache-Control", "no-store");
  response.headers.set("Referrer-Policy", "no-referrer");
  return response;
}

export const POST = methodNotAllowed("GET, HEAD");
export const PUT = methodNotAllowed("GET, HEAD");
export const PATCH = methodNotAllowed("GET, HEAD");
export const DELETE = methodNotAllowed("GET, HEAD");
