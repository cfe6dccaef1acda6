import "server-only";
// Which state-changing requests (POST, PUT, PATCH, DELETE) the portal takes: only those a Guestpass
// page sent. A browser names the page's origin in `Origin` on every POST, form or fetch, and sites
// cannot forge it; a browser that leaves it out still sends `Sec-Fetch-Site`. Next refuses a
// foreign Origin only on actions posted with the `Next-Action` header (a no-JS multipart form action
// has none) and lets a missing one through, so proxy.ts asks this of every such request.
// The origin is APP_URL's, or the Host the request was sent to (the portal opened by another name,
// 127.0.0.1 say). X-Forwarded-Host is never read: anyone can send it, and behind a reverse proxy
// APP_URL already names the public origin.
// No route is exempt: Microsoft returns to Guestpass with GET (the consent flow asks for
// response_mode=query; Auth.js's sign-in uses the default, query), never with a form post.
export const STATE_CHANGING_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export function comesFromOwnPages(headers: Headers, appUrl: string): boolean {
  const origin = headers.get("origin");
  // Pages served with Referrer-Policy: no-referrer (the consent pages) make Chromium send
  // `Origin: null` even on their own forms; a sandboxed frame or file: page elsewhere sends it too,
  // but then with Sec-Fetch-Site cross-site, which no page can forge.
  if (origin === null || origin === "null") return headers.get("sec-fetch-site") === "same-origin";
  try {
    const sender = new URL(origin);
    return sender.origin === new URL(appUrl).origin || sender.host === headers.get("host");
  } catch {
    return false;
  }
}
