// POST /consent/start (the consent page's one button): creates the OAuth attempt, sets the
// browser-binding cookie and sends the browser to Microsoft. A link that stopped being usable since
// the page was shown goes back to its page, which says why.
import { NextResponse, type NextRequest } from "next/server";
import { BROWSER_BINDING_COOKIE, browserBindingCookie } from "@/lib/consent/browser-binding";
import type { ConsentEntryKey } from "@/lib/consent/links";
import { startConsent } from "@/lib/consent/start";
import { ConsentStartLimitedError } from "@/lib/consent/start-limits";
import { isDatabaseUnavailable } from "@/lib/shared/database-unavailable";
import { isLocale } from "@/lib/shared/locales";
import { getEnv } from "@/lib/env";
import { isUserFacingError, toUserFacingMessage } from "@/lib/errors/user-error";
import { tooManyRequests } from "@/lib/security/consent-limits";
import { methodNotAllowed } from "../other-methods";

export const dynamic = "force-dynamic";

function entryPath(key: ConsentEntryKey): string {
  return "token" in key
    ? `/consent/${encodeURIComponent(key.token)}`
    : `/consent/i/${encodeURIComponent(key.invitationId)}`;
}

// Real values are a 43-character token or a UUID; a forged 20 kB one would be sent back to an address
// longer than the server accepts (a bare 431), so anything far too long counts as no link at all.
function isEntryValue(value: FormDataEntryValue | null | undefined): value is string {
  return typeof value === "string" && value.length > 0 && value.length <= 512;
}

// Typed in, bookmarked or reloaded: there is no sign-in to start without the page's button.
export function GET(): NextResponse {
  return NextResponse.redirect(new URL("/consent/problem/missing_state", getEnv().APP_URL), 303);
}
export const PUT = methodNotAllowed("GET, HEAD, POST");
export const PATCH = methodNotAllowed("GET, HEAD, POST");
export const DELETE = methodNotAllowed("GET, HEAD, POST");

export async function POST(request: NextRequest): Promise<NextResponse> {
  const appUrl = getEnv().APP_URL;
  const form = await request.formData().catch(() => null);
  const link = form?.get("link");
  const invitation = form?.get("invitation");
  const key: ConsentEntryKey | null = isEntryValue(link)
    ? { token: link }
    : isEntryValue(invitation)
      ? { invitationId: invitation }
      : null;
  if (!key) return NextResponse.redirect(new URL("/consent/problem/state_invalid", appUrl), 303);
  try {
    const locale = form?.get("locale");
    const started = await startConsent(key, {
      browserBinding: request.cookies.get(BROWSER_BINDING_COOKIE)?.value,
      locale: isLocale(locale) ? locale : undefined,
    });
    const response = NextResponse.redirect(started.authorizeUrl, 303);
    response.cookies.set(browserBindingCookie(started.browserBinding, appUrl));
    response.headers.set("Cache-Control", "no-store");
    return response;
  } catch (error) {
    if (error instanceof ConsentStartLimitedError) return tooManyRequests(error.retryAfterSeconds);
    if (isUserFacingError(error)) return NextResponse.redirect(new URL(entryPath(key), appUrl), 303);
    const shown = toUserFacingMessage(error, { context: "consent.start" }); // logs it, redacted, with a correlation id
    if (isDatabaseUnavailable(error)) {
      return NextResponse.redirect(
        new URL(`/consent/problem/unavailable?ref=${encodeURIComponent(shown.correlationId ?? "")}`, appUrl),
        303,
      );
    }
    return NextResponse.redirect(new URL(`${entryPath(key)}?error=start`, appUrl), 303);
  }
}
