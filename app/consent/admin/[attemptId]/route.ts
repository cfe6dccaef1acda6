// GET /consent/admin/{consentAttemptId}: the link an invited user forwards to their IT administrator
// after "admin approval required". Records an admin-consent attempt bound to this browser and sends
// the administrator to Microsoft's admin-consent endpoint (lib/consent/admin-consent.ts).
import { NextResponse, type NextRequest } from "next/server";
import { startAdminConsent } from "@/lib/consent/admin-consent";
import { BROWSER_BINDING_COOKIE, browserBindingCookie } from "@/lib/consent/browser-binding";
import { isDatabaseUnavailable } from "@/lib/shared/database-unavailable";
import { getEnv } from "@/lib/env";
import { toUserFacingMessage } from "@/lib/errors/user-error";
import { refusalResponse } from "@/lib/security/refusal-page";
import { delegatedConfigFromEnv } from "@/lib/tokens/delegated-client";
import { methodNotAllowed } from "../../other-methods";

export const dynamic = "force-dynamic";

export async function GET(
  request: NextRequest,
  { params }: { params: Promise<{ attemptId: string }> },
): Promise<NextResponse> {
  const appUrl = getEnv().APP_URL;
  const { attemptId } = await params;
  let started;
  try {
    started = await startAdminConsent(attemptId, delegatedConfigFromEnv(), {
      browserBinding: request.cookies.get(BROWSER_BINDING_COOKIE)?.value,
    });
  } catch (error) {
    const shown = toUserFacingMessage(error, { context: "consent.admin" });
    const reason = isDatabaseUnavailable(error) ? "unavailable" : "error";
    return NextResponse.redirect(
      new URL(`/consent/problem/${reason}?ref=${encodeURIComponent(shown.correlationId ?? "")}`, appUrl),
      303,
    );
  }
  if (started.kind === "unknown")
    return NextResponse.redirect(new URL("/consent/problem/admin_link_unknown", appUrl), 303);
  if (started.kind === "too_many") {
    return refusalResponse({
      status: 429,
      title: "Too many approvals started for this invitation",
      paragraphs: [
        "This approval link has been opened many times in the last hour from different browsers, so Guestpass is not starting another one for now. Nothing was changed.",
        "If you already started an approval, finish it in the browser where you began, or try this link again later.",
      ],
      retryAfterSeconds: started.retryAfterSeconds,
    });
  }
  const response = NextResponse.redirect(started.microsoftUrl, 303);
  response.cookies.set(browserBindingCookie(started.browserBinding, appUrl));
  response.headers.set("Cache-Control", "no-store");
  response.headers.set("Referrer-Policy", "no-referrer");
  return response;
}

export const POST = methodNotAllowed("GET, HEAD");
export const PUT = methodNotAllowed("GET, HEAD");
export const PATCH = methodNotAllowed("GET, HEAD");
export const DELETE = methodNotAllowed("GET, HEAD");
