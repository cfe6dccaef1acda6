// Cheap checks on the request line and headers before any rendering:
// 1. State-changing requests only from our own pages (lib/security/request-origin.ts): a POST, PUT,
//    PATCH or DELETE without our Origin (or Sec-Fetch-Site: same-origin) gets a 403 page in words.
//    Except the REST API under /api/v1: it authenticates each call by its API key alone and never
//    reads a cookie, so a forged cross-site request carries nothing that could act.
//    Next checks Origin only for actions posted with `Next-Action`, lets a missing one through, and
//    answers a foreign one on a no-JS form action with a bare 500.
// 2. Deep links into the staff pages (an invitation shared in chat, say) survive sign-in: a request
//    without a session cookie goes to /signin with the page it wanted as callbackUrl. This only looks
//    for the cookie; the admin layout still verifies the session and the role on every request.
// 3. An address with a broken percent-escape (`/consent/%FF`, a link cut inside `%E2%82`) gets the
//    not-found page (other methods a 303 to it). Next cannot decode such a dynamic segment and, with
//    no Pages Router error page to fall back on, answers a bare "Internal Server Error" (found by
//    e2e/security-fuzz.spec.ts).
// 4. A POST to a consent page gets the page itself (303). Those pages take no form posts (their button
//    posts to the /consent/start handler), but Next reads any multipart POST to a page as a no-JS
//    server action: a malformed body was a bare 500, a well-formed one "Invalid Server Action request."
// 5. Every request under /consent (public: pages and handlers an invited user reaches without signing
//    in) is rate-limited per client and per link/invitation/attempt (lib/security/consent-limits.ts):
//    over the limit, a 429 page in words with Retry-After, before anything renders or writes.
// 6. The invited person's language switcher (`?lang=` on a /consent page) is remembered in a cookie, so
//    the pages that follow (Microsoft's round trip, the outcome page) stay in that language.
// And on every answer, a Content-Security-Policy with a fresh nonce. It goes on the request too: Next
// reads the nonce from there and stamps it on its own scripts (so every page renders per request; the
// root layout makes sure of it). Inline scripts without it do not run.
import { NextResponse, type NextRequest } from "next/server";
import { getEnv } from "@/lib/env";
import { limitConsentRequest } from "@/lib/security/consent-limits";
import { contentSecurityPolicy, newNonce } from "@/lib/shared/content-security-policy";
import { isLocale, LOCALE_COOKIE, LOCALE_QUERY_PARAM } from "@/lib/shared/locales";
import { refusalResponse } from "@/lib/security/refusal-page";
import { comesFromOwnPages, STATE_CHANGING_METHODS } from "@/lib/security/request-origin";

const SESSION_COOKIES = ["authjs.session-token", "__Secure-authjs.session-token"];
const STAFF_PATHS = /^\/(invitations|bulk-invite|audit|settings)(\/|$)/;
const CONSENT_ROUTES = /^\/consent(\/|$)/;
const API_ROUTES = /^\/api\/v1(\/|$)/;
/** Pages under /consent; start, callback and disconnect (under /consent) are route handlers. */
const CONSENT_PAGES = /^\/consent\/(?!(start|callback|disconnect)\/?$)./;

function rememberLanguageChoice(request: NextRequest, response: NextResponse): void {
  const picked = request.nextUrl.searchParams.get(LOCALE_QUERY_PARAM);
  if (!CONSENT_ROUTES.test(request.nextUrl.pathname) || !isLocale(picked) || response.status >= 400) return;
  response.cookies.set({
    name: LOCALE_COOKIE,
    value: picked,
    path: "/consent",
    httpOnly: true,
    sameSite: "lax",
    secure: getEnv().APP_URL.startsWith("https://"),
    maxAge: 365 * 86_400,
  });
}

/** True when some `%` escape in the path is not valid UTF-8 (Next's own decoding would throw). */
function hasBrokenEscape(pathname: string): boolean {
  if (!pathname.includes("%")) return false;
  try {
    decodeURIComponent(pathname);
    return false;
  } catch {
    return true;
  }
}

export async function proxy(request: NextRequest) {
  // NODE_ENV is fixed by `next dev` / `next build` and inlined into the proxy bundle.
  const policy = contentSecurityPolicy({ nonce: newNonce(), development: process.env.NODE_ENV === "development" });
  const response = await answer(request, policy);
  response.headers.set("Content-Security-Policy", policy);
  rememberLanguageChoice(request, response);
  return response;
}

async function answer(request: NextRequest, policy: string): Promise<NextResponse> {
  const { pathname } = request.nextUrl;
  if (
    STATE_CHANGING_METHODS.has(request.method) &&
    !API_ROUTES.test(pathname) &&
    !comesFromOwnPages(request.headers, getEnv().APP_URL)
  ) {
    return refusalResponse({
      status: 403,
      title: "This form did not come from Guestpass",
      paragraphs: [
        "Guestpass only accepts forms sent from its own pages, so nothing was done.",
        "If you were using Guestpass, go back, reload the page and try again. If another site or an email brought you here, close this page: it tried to act in your name.",
      ],
      link: { href: "/", label: "Go to Guestpass" },
    });
  }
  if (CONSENT_ROUTES.test(pathname)) {
    const limited = await limitConsentRequest(request);
    if (limited) return limited;
  }
  const headers = new Headers(request.headers);
  headers.set("Content-Security-Policy", policy);
  // Only a GET may be rewritten to the not-found page: Next would read a POST there as a server action.
  const readsPage = request.method === "GET" || request.method === "HEAD";
  if (hasBrokenEscape(pathname))
    return readsPage
      ? NextResponse.rewrite(new URL("/_not-found", request.url), { request: { headers } })
      : NextResponse.redirect(request.nextUrl, 303);
  if (request.method === "POST" && CONSENT_PAGES.test(pathname)) return NextResponse.redirect(request.nextUrl, 303);
  if (!STAFF_PATHS.test(pathname)) return NextResponse.next({ request: { headers } });
  const hasSession = SESSION_COOKIES.some((name) => request.cookies.has(name) || request.cookies.has(`${name}.0`));
  if (hasSession) return NextResponse.next({ request: { headers } });
  const signIn = new URL("/signin", request.url);
  signIn.searchParams.set("callbackUrl", `${pathname}${request.nextUrl.search}`);
  return NextResponse.redirect(signIn);
}

export const config = {
  // Every page and handler (actions can be posted to any page); not static files.
  matcher: ["/((?!_next/static|_next/image|icon.svg|favicon.ico).*)"],
};
