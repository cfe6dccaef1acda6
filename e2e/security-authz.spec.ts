// Authorization matrix: every page, route handler and server action of the build, found from the
// code (e2e/security/route-inventory.ts), against every kind of visitor. An entry that is not
// classified below fails the first test: a new way in must be given a rule before it ships.
import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import {
  concreteUrl,
  listActionsInBuild,
  listActionsInSource,
  listRoutes,
  type RouteEntry,
} from "./security/route-inventory";
import { callAction, submitActionForm } from "./security/server-actions";
import {
  cookieHeader,
  FORGED_SESSION,
  mintStaffCookie,
  type Persona,
  type StaffCookie,
} from "./security/staff-sessions";

/**
 * public: anyone. invitedUser: public, reached through a link that carries its own secret.
 * apiKey: the REST API, for an API key only; a staff session counts for nothing there.
 */
type Access = "public" | "invitedUser" | "staff" | "admin" | "apiKey";

const PAGES: Record<string, Access> = {
  "/": "staff", // redirects to /invitations
  "/signin": "public",
  "/no-access": "public",
  "/invitations": "staff",
  "/invitations/[id]": "staff",
  "/invitations/new": "admin",
  "/invitations/connect": "admin",
  "/invitations/bulk": "admin",
  "/invitations/bulk/[runId]": "admin",
  "/bulk-invite": "admin", // redirects to /invitations/bulk (admin only)
  "/audit": "staff",
  "/settings": "admin",
  "/settings/api-keys": "admin",
  "/settings/brand": "admin",
  "/settings/invitation-mail": "admin",
  "/settings/webhooks": "staff",
  "/settings/webhooks/[id]": "staff",
  "/docs/api": "public",
  "/consent/[token]": "invitedUser",
  "/consent/i/[invitationId]": "invitedUser",
  "/consent/done/[attemptId]": "invitedUser",
  "/consent/disconnect/[attemptId]": "invitedUser",
  "/consent/problem/[reason]": "invitedUser",
};

/** Route handlers, with the request that exercises each (GET unless the handler only takes POST). */
const ROUTES: Record<string, { access: Access; probe: string; method?: "POST" }> = {
  "/api/auth/[...nextauth]": { access: "public", probe: "/api/auth/session" },
  "/api/invitations/stream": { access: "staff", probe: "/api/invitations/stream" },
  "/invitations/bulk/[runId]/results.csv": { access: "admin", probe: `/invitations/bulk/${randomUUID()}/results.csv` },
  "/consent/callback": { access: "invitedUser", probe: "/consent/callback?state=forged&code=forged" },
  "/consent/start": { access: "invitedUser", probe: "/consent/start" },
  "/consent/disconnect": { access: "invitedUser", probe: "/consent/disconnect" },
  "/consent/admin/[attemptId]": { access: "invitedUser", probe: `/consent/admin/${randomUUID()}` },
  "/audit/export.csv": { access: "staff", probe: "/audit/export.csv" },
  "/api/v1/openapi.json": { access: "public", probe: "/api/v1/openapi.json" },
  // Paths no operation serves: a problem+json 404 for anyone, nothing behind it.
  "/api/v1/[[...rest]]": { access: "public", probe: "/api/v1/nonexistent" },
  "/api/v1/grants": { access: "apiKey", probe: "/api/v1/grants" },
  "/api/v1/invitations": { access: "apiKey", probe: "/api/v1/invitations" },
  "/api/v1/invitations/[id]": { access: "apiKey", probe: `/api/v1/invitations/${randomUUID()}` },
  "/api/v1/connections": { access: "apiKey", probe: "/api/v1/connections", method: "POST" },
  "/api/v1/invitations/[id]/resend": {
    access: "apiKey",
    probe: `/api/v1/invitations/${randomUUID()}/resend`,
    method: "POST",
  },
  "/api/v1/invitations/[id]/consent-links": {
    access: "apiKey",
    probe: `/api/v1/invitations/${randomUUID()}/consent-links`,
    method: "POST",
  },
  "/api/v1/grants/[id]": { access: "apiKey", probe: `/api/v1/grants/${randomUUID()}` },
  "/api/v1/grants/[id]/messages": { access: "apiKey", probe: `/api/v1/grants/${randomUUID()}/messages` },
  "/api/v1/messages/[id]": { access: "apiKey", probe: `/api/v1/messages/${randomUUID()}` },
  "/api/v1/grants/[id]/graph/[...path]": { access: "apiKey", probe: `/api/v1/grants/${randomUUID()}/graph/me` },
  "/api/v1/grants/[id]/token": { access: "apiKey", probe: `/api/v1/grants/${randomUUID()}/token` },
  "/settings/registration/manifest": { access: "admin", probe: "/settings/registration/manifest" },
  "/settings/registration/script": { access: "admin", probe: "/settings/registration/script" },
};

const id = () => randomUUID();
const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.set(name, value);
  return data;
};

/**
 * Server actions by `file#export` (inline "use server" functions appear as $$RSC_SERVER_ACTION_n of
 * their file), with arguments that would do nothing harmful even if the check failed.
 */
const ACTIONS: Record<string, { access: Access; args: () => unknown[] }> = {
  "app/(admin)/invitations/actions.ts#inviteUser": {
    access: "admin",
    args: () => [form({ email: "not-an-address" })],
  },
  "app/(admin)/invitations/actions.ts#connectByLink": {
    access: "admin",
    args: () => [form({ email: "not-an-address" })],
  },
  "app/(admin)/invitations/actions.ts#lookupInvitee": { access: "admin", args: () => ["not-an-address"] },
  "app/(admin)/invitations/actions.ts#resendInvitation": { access: "staff", args: () => [id(), {}] },
  "app/(admin)/invitations/actions.ts#checkInvitationNow": { access: "staff", args: () => [id()] },
  "app/(admin)/invitations/actions.ts#revokeInvitation": { access: "admin", args: () => [id()] },
  "app/(admin)/invitations/bulk/actions.ts#startBulkInvite": { access: "admin", args: () => [undefined, form({})] },
  "app/(admin)/invitations/bulk/actions.ts#confirmBulkInvite": { access: "admin", args: () => [id()] },
  "app/(admin)/invitations/bulk/actions.ts#resumeBulkInvite": { access: "admin", args: () => [id()] },
  "app/(admin)/invitations/bulk/actions.ts#discardBulkInvite": { access: "admin", args: () => [id()] },
  "app/(admin)/invitations/[id]/consent-actions.ts#issueConsentLink": { access: "staff", args: () => [id()] },
  "app/(admin)/invitations/[id]/consent-actions.ts#sendTestMail": {
    access: "staff",
    args: () => [undefined, form({ invitationId: id(), to: "user" })],
  },
  "app/(admin)/invitations/[id]/grant-actions.ts#suspendGrant": { access: "admin", args: () => [id()] },
  "app/(admin)/invitations/[id]/grant-actions.ts#resumeGrant": { access: "admin", args: () => [id()] },
  "app/(admin)/invitations/[id]/grant-actions.ts#eraseGrant": { access: "admin", args: () => [id()] },
  "app/(admin)/invitations/[id]/grant-actions.ts#revokeConsentLink": { access: "staff", args: () => [id()] },
  "app/(admin)/settings/actions.ts#runRegistrationCheck": { access: "admin", args: () => [] },
  "app/(admin)/settings/api-keys/actions.ts#createApiKey": { access: "admin", args: () => [form({ name: "" })] },
  "app/(admin)/settings/api-keys/actions.ts#revokeApiKey": { access: "admin", args: () => [id()] },
  "app/(admin)/settings/webhooks/actions.ts#createWebhookEndpoint": {
    access: "admin",
    args: () => [form({ url: "" })],
  },
  "app/(admin)/settings/webhooks/actions.ts#setWebhookEndpointEnabled": { access: "admin", args: () => [id(), false] },
  "app/(admin)/settings/webhooks/actions.ts#deleteWebhookEndpoint": { access: "admin", args: () => [id()] },
  "app/(admin)/settings/webhooks/actions.ts#rotateWebhookSecret": { access: "admin", args: () => [id()] },
  "app/(admin)/settings/webhooks/actions.ts#sendWebhookTest": { access: "admin", args: () => [id()] },
  "app/(admin)/settings/webhooks/actions.ts#redeliverWebhooks": { access: "admin", args: () => [id()] },
  "app/(admin)/settings/brand/actions.ts#saveBrand": {
    access: "admin",
    args: () => [form({ supportUrl: "not a url" })],
  },
  "app/(admin)/settings/invitation-mail/actions.ts#saveInvitationMailSettings": {
    access: "admin",
    args: () => [form({ mode: "guestpass", senderMailbox: "not an address" })],
  },
  // Inline: signOutAction in the staff layout, signInWithMicrosoft on the sign-in page.
  "app/(admin)/layout.tsx#$$RSC_SERVER_ACTION_0": { access: "public", args: () => [] },
  "app/signin/page.tsx#$$RSC_SERVER_ACTION_0": { access: "public", args: () => [] },
};

const PERSONAS: Persona[] = ["anonymous", "forgedCookie", "invitedUser", "support", "admin"];
let cookies: Record<Persona, string | undefined>;

test.beforeAll(async () => {
  const support: StaffCookie = await mintStaffCookie("support");
  const admin: StaffCookie = await mintStaffCookie("admin");
  cookies = {
    anonymous: undefined,
    forgedCookie: FORGED_SESSION,
    // What an invited person's browser holds: the consent binding cookie, no staff session.
    invitedUser: `guestpass_consent_binding=${randomUUID()}`,
    support: cookieHeader(support),
    admin: cookieHeader(admin),
  };
});

type Verdict = "allowed" | "signin" | "noAccess" | "denied" | "serverError";

/** What a visitor got, in the matrix's words, after following the portal's own redirects. */
async function visit(
  path: string,
  cookie: string | undefined,
  baseURL: string,
  method: "GET" | "POST" = "GET",
): Promise<{ verdict: Verdict; detail: string }> {
  let url = new URL(path, baseURL);
  const hops: string[] = [];
  for (;;) {
    const controller = new AbortController();
    const response = await fetch(url, {
      method: hops.length === 0 ? method : "GET",
      redirect: "manual",
      headers: cookie ? { Cookie: cookie } : {},
      signal: controller.signal,
    });
    const streaming = (response.headers.get("content-type") ?? "").startsWith("text/event-stream");
    const body = streaming ? "" : await response.text();
    if (streaming) controller.abort();
    // A page that redirects after streaming has begun does it with a meta refresh.
    const location =
      response.headers.get("location") ?? /http-equiv="refresh" content="\d+;url=([^"]+)"/.exec(body)?.[1] ?? "";
    hops.push(`${response.status} ${location}`.trim());
    const detail = hops.join(" → ");
    if (response.status >= 500) return { verdict: "serverError", detail };
    if (location.includes("/signin")) return { verdict: "signin", detail };
    if (location.includes("/no-access")) return { verdict: "noAccess", detail };
    if (response.status === 401 || response.status === 403) return { verdict: "denied", detail };
    const next = location ? new URL(location, url) : null;
    if (!next || next.origin !== url.origin || hops.length > 4) return { verdict: "allowed", detail };
    url = next;
  }
}

function expectedFor(access: Access, persona: Persona, kind: RouteEntry["kind"]): Verdict[] {
  if (access === "public" || access === "invitedUser") return ["allowed"];
  if (access === "apiKey") return ["denied"];
  const staff = persona === "support" || persona === "admin";
  // No session cookie at all: proxy.ts sends pages and handlers under staff paths to /signin first.
  if (!staff) return kind === "page" ? ["signin"] : persona === "forgedCookie" ? ["denied"] : ["signin", "denied"];
  if (access === "admin" && persona === "support") return kind === "page" ? ["noAccess"] : ["denied"];
  return ["allowed"];
}

test("every page, route handler and server action is classified", () => {
  const routes = listRoutes();
  const unclassifiedRoutes = routes.filter((r) => (r.kind === "page" ? !(r.pattern in PAGES) : !(r.pattern in ROUTES)));
  expect(unclassifiedRoutes, "classify these in e2e/security-authz.spec.ts").toEqual([]);

  const built = listActionsInBuild();
  expect(built.length).toBeGreaterThan(0);
  expect(
    built.filter((a) => !(a.key in ACTIONS)).map((a) => a.key),
    "classify these server actions",
  ).toEqual([]);
  // Source "use server" exports must be classified too (a build only lists the ones some page uses).
  const source = listActionsInSource();
  expect(
    source.exported.filter((key) => !(key in ACTIONS)),
    "classify these server actions",
  ).toEqual([]);
  // Inline "use server" functions: as many per file in the table as in the source (a new one is _1, _2, …).
  const inlinePerFile = (keys: string[]) =>
    keys.reduce<Record<string, number>>(
      (n, key) => ({ ...n, [key.split("#")[0]!]: (n[key.split("#")[0]!] ?? 0) + 1 }),
      {},
    );
  expect(inlinePerFile(Object.keys(ACTIONS).filter((key) => key.includes("#$$RSC_SERVER_ACTION_")))).toEqual(
    inlinePerFile(source.inline),
  );
});

test("pages: anonymous, forged cookie and invited users reach no staff page; support reaches no admin page", async ({
  baseURL,
}) => {
  const rows: string[] = [];
  for (const route of listRoutes().filter((r) => r.kind === "page")) {
    const access = PAGES[route.pattern]!;
    for (const persona of PERSONAS) {
      const { verdict, detail } = await visit(
        concreteUrl(route.pattern, { reason: "state_expired" }),
        cookies[persona],
        baseURL!,
      );
      rows.push(`${route.pattern} ${persona} → ${verdict} (${detail})`);
      expect.soft(expectedFor(access, persona, "page"), `${route.pattern} as ${persona}: ${detail}`).toContain(verdict);
    }
  }
  test.info().annotations.push({ type: "matrix", description: `${rows.length} page checks` });
});

test("route handlers: 401 without a staff session, 403 for the wrong role", async ({ baseURL }) => {
  for (const route of listRoutes().filter((r) => r.kind === "route")) {
    const { access, probe, method } = ROUTES[route.pattern]!;
    for (const persona of PERSONAS) {
      const { verdict, detail } = await visit(probe, cookies[persona], baseURL!, method);
      expect.soft(expectedFor(access, persona, "route"), `${probe} as ${persona}: ${detail}`).toContain(verdict);
    }
  }
});

test("server actions refuse callers without the role, before reading their input", async ({ baseURL }) => {
  let checks = 0;
  // The staff layout's sign-out ends the persona's session: it runs last, or every action after it
  // in the build's order would meet a signed-out caller.
  const signOutLast = (key: string) => (key.startsWith("app/(admin)/layout.tsx#") ? 1 : 0);
  for (const action of listActionsInBuild().sort((a, b) => signOutLast(a.key) - signOutLast(b.key))) {
    const rule = ACTIONS[action.key]!;
    const url = new URL(concreteUrl(action.pages[0] ?? "/signin"), baseURL).toString();
    for (const persona of PERSONAS) {
      // Inline actions that close over page values can only be called through the page's form.
      const inlineForm = action.key.includes("#$$RSC_SERVER_ACTION_") && rule.args().length === 0;
      const answer = inlineForm
        ? await submitActionForm(url, action.id, cookies[persona])
        : await callAction({ url, actionId: action.id, args: rule.args(), cookie: cookies[persona] });
      const what = `${action.key} as ${persona}: ${answer.status} ${answer.code ?? ""} ${answer.redirect ?? ""}`;
      checks += 1;
      expect.soft(answer.status, what).toBeLessThan(500);
      if (rule.access === "public" || rule.access === "invitedUser") continue;
      const staff = persona === "support" || persona === "admin";
      if (!staff) {
        // Without a cookie proxy.ts already sends the request to /signin; otherwise the action refuses.
        const refused =
          answer.code === "unauthenticated" ||
          (persona !== "forgedCookie" && (answer.redirect ?? "").includes("/signin"));
        expect.soft(refused, what).toBe(true);
        expect.soft(answer.ok, what).toBe(false);
      } else if (rule.access === "admin" && persona === "support") {
        expect.soft(answer.code, what).toBe("forbidden");
      } else {
        expect.soft(["unauthenticated", "forbidden"], what).not.toContain(answer.code);
      }
    }
  }
  test.info().annotations.push({ type: "matrix", description: `${checks} action checks` });
});
