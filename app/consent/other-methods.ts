// What the consent route handlers answer to methods a browser never uses on them (PUT, PATCH,
// DELETE, a POST to the callback): Next's own answer is a 405 with an empty body, which explains
// nothing. Shared by app/consent/start and app/consent/callback.
import { NextResponse } from "next/server";

/** A handler for a method the route does not take; `allow` is the route's real methods ("GET, HEAD"). */
export function methodNotAllowed(allow: string): () => NextResponse {
  return () =>
    new NextResponse(
      "This address is only opened by your browser while connecting your account. Open the link from your email to continue.",
      {
        status: 405,
        headers: { Allow: allow, "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
      },
    );
}
