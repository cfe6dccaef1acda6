// POST /consent/start (the consent page's one button): creates the OAuth attempt, sets the
// browser-binding cookie and sends the browser to Microsoft. A link that stopped being usable since
// the page was shown goes back to its page, which says why.
import { NextResponse, type NextRequest } from "next/server";
import { BROWSER_BINDING_COOKIE, browserBindingCookie } from "@/lib/consent/browser-binding";
import type { ConsentEntryKey } from "@/lib/consent/links";
import { startConsent } from "@/lib/consent/start";
import { getEnv } from "@/lib/env";
import { isUserFacingError, toUserFacingMessage } from "@/lib/errors/user-error";

export const dynamic = "force-dynamic";

function entryPath(key: ConsentEntryKey): string {
  return "token" in key ? `/consent/${encodeURIComponent(key.token)}` : `/consent/i/${encodeURIComponent(key.invitationId)}`;
}

export async function POST(request: NextRequest): Promise<NextResponse> {
  const appUrl = getEnv().APP_URL;
  const form = await request.formData().catch(() => null);
  const link = form?.get("link");
  const invitation = form?.get("invitation");
  const key: ConsentEntryKey | null = typeof link === "string" && link ? { token: link } : typeof invitation === "string" && invitation ? { invitationId: invitation } : null;
  if (!key) return NextResponse.redirect(new URL("/consent/problem/state_invalid", appUrl), 303);
  try {
    const started = await startConsent(key, { browserBinding: request.cookies.get(BROWSER_BINDING_COOKIE)?.value });
    const response = NextResponse.redirect(started.authorizeUrl, 303);
    response.cookies.set(browserBindingCookie(started.browserBinding, appUrl));
    response.headers.set("Cache-Control", "no-store");
    return response;
  } catch (error) {
    if (isUserFacingError(error)) return NextResponse.redirect(new URL(entryPath(key), appUrl), 303);
    toUserFacingMessage(error, { context: "consent.start" }); // logs it, redacted, with a correlation id
    return NextResponse.redirect(new URL(`${entryPath(key)}?error=start`, appUrl), 303);
  }
}
