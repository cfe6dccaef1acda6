// POST /consent/disconnect (the disconnect page's one button): erases the invited person's grant
// when this browser ran its consent (lib/consent/disconnect.ts), then goes back to the page, which
// shows the result as the database has it.
import { NextResponse, type NextRequest } from "next/server";
import { BROWSER_BINDING_COOKIE } from "@/lib/consent/browser-binding";
import { disconnectGrant } from "@/lib/consent/disconnect";
import { getEnv } from "@/lib/env";
import { methodNotAllowed } from "../other-methods";
import { unexpectedErrorPath } from "../problem-path";

export const dynamic = "force-dynamic";

const isAttemptId = (value: FormDataEntryValue | null | undefined): value is string =>
  typeof value === "string" && /^[0-9a-f-]{36}$/i.test(value);

// Typed in or reloaded: nothing is erased without the page's button.
export function GET(): NextResponse {
  return NextResponse.redirect(new URL("/consent/problem/missing_state", getEnv().APP_URL), 303);
}
export const PUT = methodNotAllowed("GET, HEAD, POST");
export const PATCH = methodNotAllowed("GET, HEAD, POST");
export const DELETE = methodNotAllowed("GET, HEAD, POST");

export async function POST(request: NextRequest): Promise<NextResponse> {
  const appUrl = getEnv().APP_URL;
  const form = await request.formData().catch(() => null);
  const attemptId = form?.get("attempt");
  if (!isAttemptId(attemptId)) return NextResponse.redirect(new URL("/consent/problem/state_invalid", appUrl), 303);
  let path = `/consent/disconnect/${attemptId}`;
  try {
    const outcome = await disconnectGrant(attemptId, request.cookies.get(BROWSER_BINDING_COOKIE)?.value);
    if (outcome === "not_allowed") path += "?refused=1";
  } catch (error) {
    path = unexpectedErrorPath(error, "consent.disconnect");
  }
  const response = NextResponse.redirect(new URL(path, appUrl), 303);
  response.headers.set("Cache-Control", "no-store");
  return response;
}
