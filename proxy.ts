// Deep links into the staff pages (an invitation shared in chat, say) survive sign-in: a request
// without a session cookie goes to /signin with the page it wanted as callbackUrl. This only looks
// for the cookie; the admin layout still verifies the session and the role on every request.
import { NextResponse, type NextRequest } from "next/server";

const SESSION_COOKIES = ["authjs.session-token", "__Secure-authjs.session-token"];

export function proxy(request: NextRequest) {
  const hasSession = SESSION_COOKIES.some((name) => request.cookies.has(name) || request.cookies.has(`${name}.0`));
  if (hasSession) return NextResponse.next();
  const signIn = new URL("/signin", request.url);
  signIn.searchParams.set("callbackUrl", `${request.nextUrl.pathname}${request.nextUrl.search}`);
  return NextResponse.redirect(signIn);
}

export const config = {
  matcher: ["/invitations/:path*", "/bulk-invite/:path*", "/audit/:path*", "/settings/:path*"],
};
