// Auth.js (the @auth/core behind next-auth v5) with its Microsoft Entra ID provider against the
// emulator: the staff sign-in Guestpass uses. The provider is configured as the portal must be
// with the emulator: a tenant issuer, and a profile() that does not fetch graph.microsoft.com.
import { Auth, type AuthConfig } from "@auth/core";
import MicrosoftEntraID from "@auth/core/providers/microsoft-entra-id";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_APP, DEMO_PASSWORD, DEMO_TENANTS, DEMO_USERS } from "../state/default-scenario";
import type { RunningEmulator } from "../server";
import { startTestEmulator } from "../test-support";
import { ScriptedBrowser } from "./scripted-browser";

const APP_URL = "http://localhost:3999";
let emulator: RunningEmulator;
let config: AuthConfig;

beforeAll(async () => {
  emulator = await startTestEmulator({ appUrl: APP_URL });
  config = {
    basePath: "/api/auth",
    secret: "a-test-secret-that-is-long-enough-0123456789",
    trustHost: true,
    providers: [
      MicrosoftEntraID({
        clientId: DEMO_APP.clientId,
        clientSecret: DEMO_APP.clientSecret,
        issuer: `${emulator.authorityHost}/${DEMO_TENANTS.contoso.id}/v2.0`,
        // as lib/auth/config.ts: account picker, and nonce checked on top of PKCE and state
        authorization: { params: { scope: "openid profile email", prompt: "select_account" } },
        checks: ["pkce", "state", "nonce"],
        profile: (profile) => ({
          id: profile.sub,
          name: profile.name,
          email: profile.email ?? profile.preferred_username,
        }),
      }),
    ],
    callbacks: {
      jwt({ token, profile }) {
        if (profile) token.roles = (profile as { roles?: string[] }).roles ?? [];
        return token;
      },
      session({ session, token }) {
        return { ...session, roles: token.roles };
      },
    },
  };
});
afterAll(async () => {
  await emulator?.close();
});

/** A cookie jar for the app's side (Auth.js sets its state, PKCE and session cookies). */
class AppCookies {
  private readonly jar = new Map<string, string>();
  take(response: Response) {
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(";");
      const index = pair!.indexOf("=");
      this.jar.set(pair!.slice(0, index), pair!.slice(index + 1));
    }
  }
  get header() {
    return [...this.jar].map(([name, value]) => `${name}=${value}`).join("; ");
  }
}

async function signIn(user: { upn: string }) {
  const cookies = new AppCookies();
  const csrf = await Auth(new Request(`${APP_URL}/api/auth/csrf`), config);
  cookies.take(csrf);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const start = await Auth(
    new Request(`${APP_URL}/api/auth/signin/microsoft-entra-id`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookies.header },
      body: new URLSearchParams({ csrfToken, callbackUrl: `${APP_URL}/` }),
    }),
    config,
  );
  cookies.take(start);
  const authorizeUrl = start.headers.get("location")!;
  expect(authorizeUrl.startsWith(`${emulator.authorityHost}/${DEMO_TENANTS.contoso.id}/oauth2/v2.0/authorize`)).toBe(
    true,
  );
  const outcome = await new ScriptedBrowser(emulator.url).run(authorizeUrl, {
    username: user.upn,
    password: DEMO_PASSWORD,
  });
  if (outcome.kind !== "redirect") return { outcome, cookies, session: null };
  const callback = await Auth(new Request(outcome.url, { headers: { cookie: cookies.header } }), config);
  cookies.take(callback);
  const session = await Auth(
    new Request(`${APP_URL}/api/auth/session`, { headers: { cookie: cookies.header } }),
    config,
  );
  return {
    outcome,
    cookies,
    callback,
    session: (await session.json()) as { user?: { email?: string; name?: string }; roles?: string[] } | null,
  };
}

describe("Auth.js Microsoft Entra ID provider", () => {
  it("signs staff in at the company tenant with their app role", async () => {
    const { callback, session } = await signIn(DEMO_USERS.admin);
    expect(callback?.headers.get("location")).toBe(`${APP_URL}/`);
    expect(session).toMatchObject({ user: { email: DEMO_USERS.admin.upn }, roles: ["Guestpass.Admin"] });
  });

  it("stops a user of another tenant at AADSTS50020", async () => {
    const { outcome, session } = await signIn(DEMO_USERS.alice);
    expect(outcome).toMatchObject({ kind: "errorPage", code: "AADSTS50020" });
    expect(session).toBeNull();
  });
});
