// Two jobs, both cheap checks on headers before any rendering:
// 1. Server actions only from our own pages: a POST carrying `Next-Action` must name this host in
//    `Origin`. Next itself refuses a foreign Origin but lets a missing one through; we refuse both.
// 2. Deep links into the staff pages (an invitation shared in chat, say) survive sign-in: a request
//    without a session cookie goes to /signin with the page it wanted as callbackUrl. This only looks
//    for the cookie; the admin layout still verifies the session and the role on every request.
import { NextResponse, type NextRequest } from "next/server";

const SESSION_COOKIES = ["authjs.session-token", "__Secure-authjs.session-token"];
const STAFF_PATHS = /^\/(invitations|bulk-invite|audit|settings)(\/|$)/;

function isSameOriginAction(request: NextRequest): boolean {
  const origin = request.headers.get("origin");
  if (!origin || origin === "null") return false;
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

export function proxy(request: NextRequest) {
  if (request.method === "POST" && request.headers.has("next-action") && !isSameOriginAction(request)) {
    return new NextResponse("This request did not come from a Guestpass page.", { status: 403, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
  if (!STAFF_PATHS.test(request.nextUrl.pathname)) return NextResponse.next();
  const hasSession = SESSION_COOKIES.some((name) => request.cookies.has(name) || request.cookies.has(`${name}.0`));
  if (hasSession) return NextResponse.next();
  const signIn = new URL("/signin", request.url);
  signIn.searchParams.set("callbackUrl", `${request.nextUrl.pathname}${request.nextUrl.search}`);
  return NextResponse.redirect(signIn);
}

export const config = {
  // Every page and handler (actions can be posted to any page); not static files.
  matcher: ["/((?!_next/static|_next/image|icon.svg|favicon.ico).*)"],
};
