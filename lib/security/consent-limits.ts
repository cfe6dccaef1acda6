import "server-only";
// Rate limits of the public consent routes (/consent/*), applied by proxy.ts before anything runs:
// per client (lib/security/client-address.ts) and per consent entry named in the path (a link, an
// invitation, an attempt), so neither one client nor many clients aimed at one invitation can make
// the portal write rows or render pages without bound. POST /consent/start also draws from a
// per-invitation bucket and a cap on live attempts once it knows the invitation (lib/consent/start.ts).
// Sized for people: a consent is about five requests (page, start, callback, outcome page), and
// offices behind one NAT address share the per-client budget.
import { createHash } from "node:crypto";
import type { NextRequest, NextResponse } from "next/server";
import { getEnv } from "@/lib/env";
import { clientAddress } from "./client-address";
import { MemoryBuckets, takeFromBuckets, type BucketRule, type BucketTake, type TakeResult } from "./rate-limit";
import { refusalResponse } from "./refusal-page";

/** 60 at once, then one a second: a whole office consenting in the same minute fits. */
export const CONSENT_CLIENT_RULE: BucketRule = { capacity: 60, refillPerSecond: 1 };
/** 20 at once, then one every 3 seconds, for one link, invitation or attempt from all clients together. */
export const CONSENT_ENTRY_RULE: BucketRule = { capacity: 20, refillPerSecond: 1 / 3 };

const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
const ENTRY_PATHS: [RegExp, string][] = [
  [new RegExp(`^/consent/i/(${UUID})/?$`, "i"), "invitation"],
  [new RegExp(`^/consent/(?:done|admin|disconnect)/(${UUID})/?$`, "i"), "attempt"],
  [/^\/consent\/([A-Za-z0-9_-]{43})\/?$/, "link"],
];

/** The bucket of the consent entry a path names, if it names one. A link's secret is never a key: its hash is. */
export function consentEntryKey(pathname: string): string | null {
  for (const [pattern, kind] of ENTRY_PATHS) {
    const value = pattern.exec(pathname)?.[1];
    if (!value) continue;
    return kind === "link"
      ? `consent:link:${createHash("sha256").update(value).digest("hex").slice(0, 32)}`
      : `consent:${kind}:${value.toLowerCase()}`;
  }
  return null;
}

export function consentBuckets(pathname: string, client: string): BucketTake[] {
  const entry = consentEntryKey(pathname);
  return [
    { key: `consent:client:${client}`, rule: CONSENT_CLIENT_RULE },
    ...(entry ? [{ key: entry, rule: CONSENT_ENTRY_RULE }] : []),
  ];
}

export function tooManyRequests(retryAfterSeconds: number): NextResponse {
  const minutes =
    retryAfterSeconds >= 90
      ? `${Math.ceil(retryAfterSeconds / 60)} minutes`
      : `${Math.max(1, Math.ceil(retryAfterSeconds))} seconds`;
  return refusalResponse({
    status: 429,
    title: "Too many requests, please wait a moment",
    paragraphs: [
      `This page was asked for too often in a short time from your network or for this link, so Guestpass is pausing it. Nothing was changed and your link still works.`,
      `Try again in about ${minutes}. If you only opened your link once or twice, someone else on your network may be using Guestpass at the same time.`,
    ],
    retryAfterSeconds,
  });
}

const memory = new MemoryBuckets();

/** The 429 answer for a consent request over its limits, or null to let it through. */
export async function limitConsentRequest(request: NextRequest): Promise<NextResponse | null> {
  const takes = consentBuckets(request.nextUrl.pathname, clientAddress(request.headers, getEnv().TRUSTED_PROXY_HOPS));
  const first = memory.take(takes);
  if (!first.allowed) return tooManyRequests(first.retryAfterSeconds);
  let shared: TakeResult;
  try {
    shared = await takeFromBuckets(takes);
  } catch {
    // Database unreachable: the page itself says so (and writes nothing); the in-process layer still applies.
    return null;
  }
  return shared.allowed ? null : tooManyRequests(shared.retryAfterSeconds);
}
