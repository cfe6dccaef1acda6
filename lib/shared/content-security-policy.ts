// The Content-Security-Policy every response carries. proxy.ts builds it per request with a fresh
// nonce: Next reads `'nonce-…'` from the request's CSP header and stamps it on its own <script> tags
// (the inline ones that stream the App Router payload included), so scripts need no 'unsafe-inline'.
// next.config.ts sends the same policy without a nonce on what the proxy does not see (static files):
// script-src 'self' there allows no inline script at all.
// - 'strict-dynamic': scripts a nonced script loads (Next's chunks) run; host lists and 'self' are
//   then ignored by browsers that know it, so only nonced code starts anything.
// - No 'unsafe-eval' in production; `next dev` needs it (React rebuilds server error stacks with eval),
//   so only there.
// - style-src keeps 'unsafe-inline' and takes no nonce: React `style` attributes (progress bars) and
//   the toast library's injected <style> carry none, and a nonce in style-src would make browsers
//   ignore 'unsafe-inline'. Styles cannot run code; scripts are what the nonce protects.
// - No form-action: the sign-in form's redirect goes to the identity platform (known only at run
//   time) and Chrome applies form-action to redirects.

export interface PolicyOptions {
  /** The request's nonce; without one, no inline script may run (static files). */
  nonce?: string;
  /** `next dev`: adds 'unsafe-eval' for scripts. */
  development: boolean;
}

export function contentSecurityPolicy({ nonce, development }: PolicyOptions): string {
  const scripts = nonce ? ["'self'", `'nonce-${nonce}'`, "'strict-dynamic'"] : ["'self'"];
  if (development) scripts.push("'unsafe-eval'");
  return [
    "default-src 'self'",
    `script-src ${scripts.join(" ")}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** 128 random bits, base64 (the form Next's nonce parser and the CSP grammar accept). */
export function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}
