// Admin consent end to end through the route handlers as Next runs them: the invited user of an
// admins-only organisation is shown the portal's approval link; their administrator opens it (the
// portal records an attempt and signs the state), approves on the emulator's real pages, and the
// callback says "approved" only for that state, once, in that browser. A made-up callback
// (`?admin_consent=True` with no state, a forged or re-signed state) says the approval was not
// started here.
import { randomBytes } from "node:crypto";
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { EmulatorControl } from "@/emulator/control/client";
import { DEMO_PASSWORD } from "@/emulator/state/default-scenario";
import { ADMIN_CONSENT_ATTEMPT_LIFETIME_MS, MAX_LIVE_ADMIN_CONSENT_ATTEMPTS } from "@/lib/consent/admin-consent";
import { handleAdminConsentCallback } from "@/lib/consent/admin-consent-callback";
import { asUser, callback, createInvitation, driveConsent, newBrowser } from "@/lib/consent/flow.test-support";
import { prisma } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { signValue } from "@/lib/security/signed-value";
import { GET as adminRoute } from "./admin/[attemptId]/route";
import { GET as callbackRoute } from "./callback/route";

/** A new admins-only organisation (so no earlier approval lets its users through), its admin and an invited user. */
async function adminsOnlyOrganisation() {
  const control = EmulatorControl.fromEnv();
  const domain = `adm-${randomBytes(4).toString("hex")}.example`;
  const tenant = await control.createTenant({
    displayName: `Admins only ${domain}`,
    domains: [domain],
    userConsent: "adminOnly",
  });
  const person = (local: string, isTenantAdmin: boolean) =>
    control.createUser({
      tenantId: tenant.id,
      userPrincipalName: `${local}@${domain}`,
      mail: `${local}@${domain}`,
      displayName: local,
      password: DEMO_PASSWORD,
      mailbox: "exchangeOnline",
      isTenantAdmin,
    });
  const [user, admin, colleague] = await Promise.all([
    person("user", false),
    person("admin", true),
    person("colleague", false),
  ]);
  const invitation = await createInvitation(user.userPrincipalName);
  // The user signs in and is stopped at "admin approval required".
  const driven = await driveConsent({ invitationId: invitation.id }, asUser(user.userPrincipalName));
  const result = await callback(driven.callbackUrl!, driven.started.browserBinding);
  if (result.kind !== "attempt" || result.outcome.kind !== "admin_approval_required")
    throw new Error(`expected admin approval, got ${JSON.stringify(result)}`);
  return { tenant, admin, colleague, user, invitationId: invitation.id, approvalLink: result.outcome.adminConsentUrl };
}

const locationOf = (response: Response) => new URL(response.headers.get("location")!);
const cookieOf = (response: Response) => response.headers.get("set-cookie")!.split(";")[0]!;

/** The administrator's browser opens the approval link: the portal answers with a redirect to Microsoft. */
async function openApprovalLink(link: string, cookie?: string) {
  const url = new URL(link);
  const response = await adminRoute(new NextRequest(url, { headers: cookie ? { cookie } : {} }), {
    params: Promise.resolve({ attemptId: url.pathname.split("/").at(-1)! }),
  });
  return response;
}

async function callbackAt(url: URL | string, cookie?: string): Promise<string> {
  const response = await callbackRoute(new NextRequest(url, { headers: cookie ? { cookie } : {} }));
  expect(response.status).toBe(303);
  return locationOf(response).pathname;
}

describe("admin consent", () => {
  it("shows approved only for the portal's state, once, in the browser that opened the link", async () => {
    const org = await adminsOnlyOrganisation();
    expect(org.approvalLink).toMatch(new RegExp(`^${getEnv().APP_URL}/consent/admin/[0-9a-f-]{36}$`));

    const opened = await openApprovalLink(org.approvalLink);
    expect(opened.status).toBe(303);
    const toMicrosoft = locationOf(opened);
    expect(toMicrosoft.origin).toBe(getEnv().MICROSOFT_AUTHORITY_HOST);
    expect(toMicrosoft.pathname).toBe(`/${org.tenant.domains[0]}/adminconsent`);
    const state = toMicrosoft.searchParams.get("state")!;
    expect(state).toMatch(/^admin\.[0-9a-f-]{36}\.[A-Za-z0-9_-]{43}$/);
    const cookie = cookieOf(opened);

    const microsoft = await newBrowser().run(toMicrosoft.toString(), asUser(org.admin.userPrincipalName));
    expect(microsoft.kind).toBe("redirect");
    const back = microsoft.kind === "redirect" ? microsoft.url : new URL("about:blank");
    // Microsoft returns the state unchanged, beside admin_consent and the tenant
    expect(back.searchParams.get("state")).toBe(state);
    expect(back.searchParams.get("admin_consent")).toBe("True");

    // Made up elsewhere: no state, a state with a broken signature, an attempt id signed with another key
    const attemptId = state.split(".")[1]!;
    const callbackUrl = new URL("/consent/callback", getEnv().APP_URL);
    const forged = (fields: Record<string, string>) => {
      const url = new URL(callbackUrl);
      for (const [name, value] of Object.entries(fields)) url.searchParams.set(name, value);
      return url;
    };
    expect(await callbackAt(forged({ admin_consent: "True", tenant: org.tenant.id }), cookie)).toBe(
      "/consent/problem/admin_not_started",
    );
    expect(await callbackAt(forged({ admin_consent: "true" }))).toBe("/consent/problem/admin_not_started");
    const flipped = state.slice(0, -1) + (state.endsWith("A") ? "B" : "A");
    expect(await callbackAt(forged({ admin_consent: "True", tenant: org.tenant.id, state: flipped }), cookie)).toBe(
      "/consent/problem/admin_not_started",
    );
    const otherKey = `admin.${attemptId}.${signValue("admin-consent-state", attemptId, "x".repeat(40))}`;
    expect(await callbackAt(forged({ admin_consent: "True", tenant: org.tenant.id, state: otherKey }), cookie)).toBe(
      "/consent/problem/admin_not_started",
    );
    const unknownId = "01900000-0000-7000-8000-000000000000";
    expect(
      await callbackAt(
        forged({ admin_consent: "True", state: `admin.${unknownId}.${signValue("admin-consent-state", unknownId)}` }),
        cookie,
      ),
    ).toBe("/consent/problem/admin_not_started");
    // The real answer in another browser does not count, and does not use the attempt up
    expect(await callbackAt(back)).toBe("/consent/problem/admin_other_browser");
    expect(await prisma.adminConsentAttempt.findUniqueOrThrow({ where: { id: attemptId } })).toMatchObject({
      spentAt: null,
    });

    expect(await callbackAt(back, cookie)).toBe("/consent/problem/admin_approved");
    expect(await prisma.adminConsentAttempt.findUniqueOrThrow({ where: { id: attemptId } })).toMatchObject({
      outcome: "approved",
      tenantId: org.tenant.id,
      spentAt: expect.any(Date),
    });
    // Replayed: the same answer again
    expect(await callbackAt(back, cookie)).toBe("/consent/problem/admin_replayed");

    // And the approval was real: the user now consents without being stopped
    const again = await driveConsent({ invitationId: org.invitationId }, asUser(org.user.userPrincipalName));
    expect(await callback(again.callbackUrl!, again.started.browserBinding)).toMatchObject({
      outcome: { kind: "consented" },
    });
  });

  it("says expired for an attempt past its lifetime, declined or failed for Microsoft's refusals", async () => {
    const org = await adminsOnlyOrganisation();
    const opened = await openApprovalLink(org.approvalLink);
    const cookie = cookieOf(opened);
    const browserBinding = cookie.split("=")[1]!;
    const microsoft = await newBrowser().run(locationOf(opened).toString(), {
      ...asUser(org.admin.userPrincipalName),
      consent: "cancel",
    });
    const declined = microsoft.kind === "redirect" ? microsoft.url : new URL("about:blank");
    expect(declined.searchParams.get("error")).toBe("access_denied");
    expect(declined.searchParams.get("state")).toBe(locationOf(opened).searchParams.get("state"));
    const later = new Date(Date.now() + ADMIN_CONSENT_ATTEMPT_LIFETIME_MS + 1000);
    expect(await handleAdminConsentCallback({ query: declined.searchParams, browserBinding, now: later })).toBe(
      "expired",
    );
    expect(await callbackAt(declined, cookie)).toBe("/consent/problem/admin_declined");

    // A colleague who is no administrator, in a new browser
    const second = await openApprovalLink(org.approvalLink);
    const refused = await newBrowser().run(locationOf(second).toString(), asUser(org.colleague.userPrincipalName));
    const refusedUrl = refused.kind === "redirect" ? refused.url : new URL("about:blank");
    expect(refusedUrl.searchParams.get("error_description")).toMatch(/^AADSTS90093/);
    expect(await callbackAt(refusedUrl, cookieOf(second))).toBe("/consent/problem/admin_failed");
  });

  it("reuses a browser's live attempt and refuses (429) once an invitation has too many live ones", async () => {
    const org = await adminsOnlyOrganisation();
    const first = await openApprovalLink(org.approvalLink);
    const reloaded = await openApprovalLink(org.approvalLink, cookieOf(first));
    expect(locationOf(reloaded).searchParams.get("state")).toBe(locationOf(first).searchParams.get("state"));
    for (let i = 1; i < MAX_LIVE_ADMIN_CONSENT_ATTEMPTS; i++)
      expect((await openApprovalLink(org.approvalLink)).status).toBe(303);
    expect(await prisma.adminConsentAttempt.count({ where: { invitationId: org.invitationId } })).toBe(
      MAX_LIVE_ADMIN_CONSENT_ATTEMPTS,
    );
    const refused = await openApprovalLink(org.approvalLink);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await refused.text()).toContain("Too many approvals started");
    expect(await prisma.adminConsentAttempt.count({ where: { invitationId: org.invitationId } })).toBe(
      MAX_LIVE_ADMIN_CONSENT_ATTEMPTS,
    );
  });

  it("sends an unknown approval link to a page that explains", async () => {
    const response = await openApprovalLink(`${getEnv().APP_URL}/consent/admin/not-an-attempt`);
    expect(locationOf(response).pathname).toBe("/consent/problem/admin_link_unknown");
  });
});
