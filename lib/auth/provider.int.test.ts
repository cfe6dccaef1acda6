// Staff sign-in through the portal's own Entra ID provider (lib/auth/provider.ts) and Auth.js,
// against the emulator's real authorize and token endpoints: with a client secret, and with a
// certificate alone (the configuration .env.example calls preferred).
import { Auth, type AuthConfig } from "@auth/core";
import { describe, expect, it } from "vitest";
import { EmulatorControl } from "@/emulator/control/client";
import { ScriptedBrowser } from "@/emulator/identity/scripted-browser";
import { DEMO_PASSWORD, DEMO_USERS } from "@/emulator/state/default-scenario";
import { getEnv } from "@/lib/env";
import { createTestCertificate } from "@/lib/identity/certificate.test-support";
import type { ClientCredential } from "@/lib/identity/credential";
import { staffSignInProvider } from "./provider";

function authConfig(credential: ClientCredential): AuthConfig {
  const env = getEnv();
  return {
    basePath: "/api/auth",
    secret: "a-test-secret-that-is-long-enough-0123456789",
    trustHost: true,
    providers: [
      staffSignInProvider({
        clientId: env.AZURE_CLIENT_ID,
        tenantId: env.AZURE_TENANT_ID,
        authorityHost: env.MICROSOFT_AUTHORITY_HOST,
        credential,
      }),
    ],
    // Auth.js's default logger prints whole token answers; these tests read the outcome instead.
    logger: { error: () => {} },
  };
}

/** Cookies Auth.js sets on the app's side (state, PKCE, nonce, session). */
function cookieJar() {
  const jar = new Map<string, string>();
  return {
    take(response: Response) {
      for (const cookie of response.headers.getSetCookie()) {
        const [pair = ""] = cookie.split(";");
        const index = pair.indexOf("=");
        jar.set(pair.slice(0, index), pair.slice(index + 1));
      }
    },
    get header() {
      return [...jar].map(([name, value]) => `${name}=${value}`).join("; ");
    },
  };
}

async function signIn(credential: ClientCredential) {
  const appUrl = getEnv().APP_URL;
  const config = authConfig(credential);
  const cookies = cookieJar();
  const csrf = await Auth(new Request(`${appUrl}/api/auth/csrf`), config);
  cookies.take(csrf);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const start = await Auth(
    new Request(`${appUrl}/api/auth/signin/microsoft-entra-id`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookies.header },
      body: new URLSearchParams({ csrfToken, callbackUrl: `${appUrl}/invitations` }),
    }),
    config,
  );
  cookies.take(start);
  const outcome = await new ScriptedBrowser(getEnv().MICROSOFT_AUTHORITY_HOST).run(
    start.headers.get("location") ?? "",
    {
      username: DEMO_USERS.admin.upn,
      password: DEMO_PASSWORD,
    },
  );
  if (outcome.kind !== "redirect") throw new Error(`the identity platform did not redirect back: ${outcome.kind}`);
  const callback = await Auth(new Request(outcome.url, { headers: { cookie: cookies.header } }), config);
  cookies.take(callback);
  const session = await Auth(
    new Request(`${appUrl}/api/auth/session`, { headers: { cookie: cookies.header } }),
    config,
  );
  return {
    landedOn: callback.headers.get("location"),
    session: (await session.json()) as { user?: { email?: string } } | null,
  };
}

describe("staff sign-in provider", () => {
  it("signs staff in with the client secret", async () => {
    const secret = getEnv().AZURE_CLIENT_SECRET as string;
    const { landedOn, session } = await signIn({ kind: "secret", secret });
    expect(landedOn).toBe(`${getEnv().APP_URL}/invitations`);
    expect(session?.user?.email).toBe(DEMO_USERS.admin.upn);
  });

  it("signs staff in with a certificate alone, and only with one registered on the app", async () => {
    const certificate = await createTestCertificate("Guestpass staff sign-in");
    try {
      const credential: ClientCredential = { kind: "certificate", path: certificate.path };
      // Not registered: the token endpoint refuses the assertion, so no session starts.
      const refused = await signIn(credential);
      expect(refused.landedOn).toContain("error=");
      expect(refused.session).toBeNull();

      await EmulatorControl.fromEnv().addCertificate(getEnv().AZURE_CLIENT_ID, {
        certificatePem: certificate.certificatePem,
        displayName: "staff sign-in",
      });
      const { landedOn, session } = await signIn(credential);
      expect(landedOn).toBe(`${getEnv().APP_URL}/invitations`);
      expect(session?.user?.email).toBe(DEMO_USERS.admin.upn);
    } finally {
      await certificate.remove();
    }
  });
});
