// What `npm run demo -- --smoke` asks of the running demo: the sign-in page answers, and a staff
// member signs in through the emulator's own sign-in page, the way the button does it, and lands on
// the invitations list with the demo data. Plain HTTPS requests (no browser); started by
// scripts/demo.ts with NODE_EXTRA_CA_CERTS set to the emulator's CA, which Node reads only at start.
// Prints one line per check; exits 1 with the reason on the first that fails.
import { DEMO_PASSWORD, DEMO_USERS } from "../emulator/state/default-scenario";
import { ScriptedBrowser } from "../emulator/identity/scripted-browser";

const appUrl = process.env.APP_URL!;
const authorityHost = process.env.MICROSOFT_AUTHORITY_HOST!;
const staff = DEMO_USERS.admin;
/** An invitation prisma/seed.ts always creates. */
const SEEDED_ADDRESS = "omar.pending@fabrikam.example";

class SmokeFailure extends Error {}

/** The portal's cookies (Auth.js's CSRF, state, PKCE, nonce and session cookies). */
class PortalCookies {
  private readonly jar = new Map<string, string>();
  take(response: Response) {
    for (const cookie of response.headers.getSetCookie()) {
      const [pair = ""] = cookie.split(";");
      const index = pair.indexOf("=");
      this.jar.set(pair.slice(0, index), pair.slice(index + 1));
    }
  }
  get header() {
    return [...this.jar].map(([name, value]) => `${name}=${value}`).join("; ");
  }
}

async function portal(
  cookies: PortalCookies,
  pathOrUrl: string,
  init: { form?: Record<string, string> } = {},
): Promise<Response> {
  const response = await fetch(new URL(pathOrUrl, appUrl), {
    method: init.form ? "POST" : "GET",
    // A browser names the page that posts (the portal refuses state-changing requests from elsewhere).
    headers: {
      cookie: cookies.header,
      ...(init.form ? { "content-type": "application/x-www-form-urlencoded", origin: new URL(appUrl).origin } : {}),
    },
    body: init.form ? new URLSearchParams(init.form) : undefined,
    redirect: "manual",
    signal: AbortSignal.timeout(30_000),
  });
  cookies.take(response);
  return response;
}

function expectThat(condition: boolean, failure: string): asserts condition {
  if (!condition) throw new SmokeFailure(failure);
}

async function checkSignInPage(): Promise<void> {
  const response = await portal(new PortalCookies(), "/signin");
  const html = await response.text();
  expectThat(response.status === 200, `GET /signin answered ${response.status}, not 200`);
  expectThat(html.includes("Sign in with Microsoft"), "GET /signin did not show the “Sign in with Microsoft” button");
  console.log("  ✓ the sign-in page answers");
}

async function checkStaffSignIn(): Promise<void> {
  const cookies = new PortalCookies();
  const csrf = await portal(cookies, "/api/auth/csrf");
  const { csrfToken } = (await csrf.json()) as { csrfToken?: string };
  expectThat(typeof csrfToken === "string", "the portal's /api/auth/csrf gave no CSRF token");

  const start = await portal(cookies, "/api/auth/signin/microsoft-entra-id", {
    form: { csrfToken, callbackUrl: `${appUrl}/invitations` },
  });
  const authorizeUrl = start.headers.get("location") ?? "";
  expectThat(
    authorizeUrl.startsWith(`${authorityHost}/`) && authorizeUrl.includes("/oauth2/v2.0/authorize"),
    `starting a staff sign-in did not send the browser to the emulator's authorize page (got ${start.status} ${authorizeUrl || "without a location"})`,
  );

  const outcome = await new ScriptedBrowser(new URL(authorityHost).origin).run(authorizeUrl, {
    username: staff.upn,
    password: DEMO_PASSWORD,
  });
  if (outcome.kind !== "redirect") {
    const what =
      outcome.kind === "errorPage"
        ? `error page ${outcome.code}`
        : outcome.kind === "page"
          ? `the ${outcome.name} page${outcome.error ? ` (“${outcome.error}”)` : ""}`
          : outcome.kind;
    throw new SmokeFailure(`the emulator did not sign ${staff.upn} in: it stopped on ${what}`);
  }
  expectThat(
    outcome.url.href.startsWith(`${appUrl}/api/auth/callback/microsoft-entra-id?`),
    `the emulator sent the browser to ${outcome.url.origin}${outcome.url.pathname}, not to the portal's callback`,
  );
  console.log(`  ✓ the emulator signed ${staff.upn} in and sent the browser back to the portal`);

  const callback = await portal(cookies, outcome.url.href);
  const landing = callback.headers.get("location") ?? "";
  expectThat(
    callback.status >= 300 && callback.status < 400 && new URL(landing, appUrl).pathname === "/invitations",
    `the portal's sign-in callback answered ${callback.status} ${landing ? `→ ${landing}` : ""} instead of opening the invitations list`,
  );
  const session = (await (await portal(cookies, "/api/auth/session")).json()) as { user?: { email?: string } } | null;
  expectThat(session?.user?.email === staff.upn, `after the callback the portal has no session for ${staff.upn}`);
  // Roles are not in the session cookie (the server reads the stored ones on each request), so the
  // role shows in what the server lets the person open: the new-invitation page needs it.
  const adminPage = await portal(cookies, "/invitations/new");
  const refusedTo = adminPage.headers.get("location");
  expectThat(
    adminPage.status === 200,
    `the session of ${staff.upn} lacks the ${staff.role} role (GET /invitations/new answered ${adminPage.status}${refusedTo ? ` → ${refusedTo}` : ""})`,
  );

  const list = await portal(cookies, "/invitations");
  const html = await list.text();
  expectThat(
    list.status === 200,
    `GET /invitations as ${staff.upn} answered ${list.status}${list.headers.get("location") ? ` → ${list.headers.get("location")}` : ""}`,
  );
  expectThat(html.includes(SEEDED_ADDRESS), `the invitations list did not show the demo data (${SEEDED_ADDRESS})`);
  console.log(`  ✓ the portal opened a ${staff.role} session and the invitations list shows the demo data`);
}

try {
  await checkSignInPage();
  await checkStaffSignIn();
} catch (error) {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const reason =
    error instanceof SmokeFailure
      ? error.message
      : `a request to the demo failed (${cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error))})`;
  console.error(`  ✗ ${reason}`);
  process.exit(1);
}
