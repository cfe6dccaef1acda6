// The two route handlers as Next runs them (NextRequest in, NextResponse out): the start button sets
// the HttpOnly binding cookie and sends the browser to Microsoft; the callback reads that cookie and
// redirects to the outcome page. The browser part in between is the emulator's real pages.
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { asUser, freshFabrikamInvitee, newBrowser } from "@/lib/consent/flow.test-support";
import { issueConsentLink } from "@/lib/consent/links";
import { prisma } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { GET as callbackRoute, POST as callbackPost } from "./callback/route";
import { GET as startGet, POST as startRoute, PUT as startPut } from "./start/route";

function startRequest(fields: Record<string, string>, cookie?: string) {
  const body = new URLSearchParams(fields);
  return new NextRequest(`${getEnv().APP_URL}/consent/start`, {
    method: "POST",
    body,
    headers: { "content-type": "application/x-www-form-urlencoded", ...(cookie ? { cookie } : {}) },
  });
}

describe("consent route handlers", () => {
  it("start → Microsoft → callback → success page, with the binding cookie HttpOnly, Lax, scoped to /consent", async () => {
    const invitee = await freshFabrikamInvitee("routes");
    const link = await issueConsentLink(invitee.invitationId);
    const start = await startRoute(startRequest({ link: link.url.split("/").at(-1)! }));
    expect(start.status).toBe(303);
    const authorize = new URL(start.headers.get("location")!);
    expect(authorize.origin).toBe(getEnv().MICROSOFT_AUTHORITY_HOST);
    const setCookie = start.headers.get("set-cookie")!;
    expect(setCookie).toMatch(/^guestpass_consent_binding=[A-Za-z0-9_-]{43};/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=lax/i);
    expect(setCookie).toMatch(/Path=\/consent/);
    const cookie = setCookie.split(";")[0]!;

    const microsoft = await newBrowser().run(authorize.toString(), asUser(invitee.upn));
    expect(microsoft.kind).toBe("redirect");
    const back = microsoft.kind === "redirect" ? microsoft.url : new URL("about:blank");
    const done = await callbackRoute(new NextRequest(back, { headers: { cookie } }));
    expect(done.status).toBe(303);
    expect(done.headers.get("location")).toMatch(/\/consent\/done\/[0-9a-f-]{36}$/);
    expect((await prisma.invitation.findUniqueOrThrow({ where: { id: invitee.invitationId } })).status).toBe(
      "Consented",
    );

    // the same callback again, or without the cookie, lands on a problem page
    expect((await callbackRoute(new NextRequest(back, { headers: { cookie } }))).headers.get("location")).toMatch(
      /\/consent\/problem\/state_replayed$/,
    );
    expect((await callbackRoute(new NextRequest(back))).headers.get("location")).toMatch(
      /\/consent\/problem\/(other_browser|state_replayed)$/,
    );
  });

  it("sends a spent or unknown link back to its page, which explains", async () => {
    const response = await startRoute(startRequest({ link: "x".repeat(43) }));
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toMatch(/\/consent\/x{43}$/);
    expect(response.headers.get("set-cookie")).toBeNull();
  });

  // Found by e2e/security-fuzz.spec.ts: a forged 20 kB link was sent back to a 20 kB address, which
  // Node refuses with a bare 431 before the portal can explain anything.
  it("treats a far too long link as no link, instead of redirecting to an address too long to serve", async () => {
    const response = await startRoute(startRequest({ link: "x".repeat(20_000) }));
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toMatch(/\/consent\/problem\/state_invalid$/);
  });

  it("answers a typed-in start address with a page, and methods no browser uses with an explanation", async () => {
    const typedIn = startGet();
    expect(typedIn.status).toBe(303);
    expect(typedIn.headers.get("location")).toMatch(/\/consent\/problem\/missing_state$/);
    for (const [response, allow] of [
      [startPut(), "GET, HEAD, POST"],
      [callbackPost(), "GET, HEAD"],
    ] as const) {
      expect(response.status).toBe(405);
      expect(response.headers.get("allow")).toBe(allow);
      expect(await response.text()).toMatch(/Open the link from your email/);
    }
  });
});
