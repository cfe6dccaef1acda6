import "server-only";
// The page for a request the portal refuses before any rendering: a form posted from somewhere other
// than a Guestpass page (403) and a client or consent link over its limit (429). It is a small static
// HTML document, not a React page: it goes out from proxy.ts and the consent start handler while a
// flood is being turned away, so it costs no render, and it needs no script (nothing to nonce).
import { NextResponse } from "next/server";

export interface Refusal {
  status: 403 | 429;
  title: string;
  /** Paragraphs of plain text, written for people. */
  paragraphs: string[];
  /** 429: when trying again can work (sent as Retry-After, in whole seconds). */
  retryAfterSeconds?: number;
  /** Where the page's one link goes (a path on the portal), if anywhere. */
  link?: { href: string; label: string };
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function refusalHtml({ title, paragraphs, link }: Refusal): string {
  const body = paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join("");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>${escapeHtml(title)} · Guestpass</title><style>
:root{color-scheme:light dark;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
body{margin:0;min-height:100vh;display:grid;place-items:center;background:#f6f7f9;color:#1f2328}
main{box-sizing:border-box;width:min(34rem,100% - 2rem);margin:2rem 1rem;padding:2rem;border:1px solid #d8dde3;border-radius:.75rem;background:#fff}
h1{margin:0 0 .75rem;font-size:1.25rem;line-height:1.4}p{margin:.75rem 0;font-size:.95rem;line-height:1.6;color:#4b5563}
a{display:inline-block;margin-top:.5rem;padding:.5rem .9rem;border-radius:.4rem;background:#1f4fd1;color:#fff;text-decoration:none;font-weight:600}a:focus-visible{outline:3px solid #1f4fd1;outline-offset:2px}
@media (prefers-color-scheme:dark){body{background:#0f1216;color:#e6e8eb}main{background:#171b21;border-color:#2c333d}p{color:#aab2bd}}
</style></head><body><main aria-labelledby="refusal-title"><h1 id="refusal-title">${escapeHtml(title)}</h1>${body}${link ? `<a href="${escapeHtml(link.href)}">${escapeHtml(link.label)}</a>` : ""}</main></body></html>`;
}

export function refusalResponse(refusal: Refusal): NextResponse {
  const headers: Record<string, string> = { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" };
  if (refusal.retryAfterSeconds !== undefined)
    headers["Retry-After"] = String(Math.max(1, Math.ceil(refusal.retryAfterSeconds)));
  return new NextResponse(refusalHtml(refusal), { status: refusal.status, headers });
}
