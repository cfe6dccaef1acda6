import "server-only";
// Staff sign-in with Auth.js (next-auth v5) and the Microsoft Entra ID provider.
// Decisions, and why:
// - JWT sessions, no database adapter: Microsoft's tokens for staff are never stored (we need none of
//   them after sign-in), and any number of web processes can verify a session without a DB query.
// - The cookie is not the session: it names a StaffSessionRecord (`sid`), and every request checks
//   that record and reads the person's roles from the User row (lib/auth/staff-sessions.ts). So
//   sign-out ends the session on the server, a session ends 12 hours after sign-in however often
//   Auth.js renewed the cookie (the `endsAt` claim and the record), and a role removed in Entra (or
//   a disabled account) stops working at the next access check (lib/auth/access-check.ts).
// - Roles come from the ID token's `roles` claim (app roles Guestpass.Admin / Guestpass.Support) at
//   sign-in, then from Entra's app role assignments.
// - Auth.js's own URLs (callback, redirects) come from APP_URL, never from the request's Host or
//   X-Forwarded-Host headers.
// - The provider (lib/auth/provider.ts) signs in with the app's one credential, secret or
//   certificate, and reads the profile from the ID token alone (no Graph call at sign-in).
// - Accounts with neither role get no session at all; they land on /no-access.
// - The ID token's signature, issuer, tenant and audience are checked again before anything is
//   stored (lib/auth/id-token.ts); failed callbacks are named for the sign-in page (sign-in-failure.ts).
import NextAuth, { type NextAuthConfig } from "next-auth";
import { getEnv, pinAuthJsUrlToAppUrl } from "@/lib/env";
import { clientCredentialFromEnv } from "@/lib/identity/credential";
import { claim, emailOf, staffSignInProvider } from "./provider";
import { toStaffRoles } from "./permissions";
import { isDatabaseUnavailable } from "@/lib/shared/database-unavailable";
import { checkStaffDirectoryReachable, recordDeniedSignIn, recordStaffSignIn } from "./staff-directory";
import { staffIdTokenProblem } from "./id-token";
import { endStaffSession, startStaffSession } from "./staff-sessions";
import { logAuthError } from "./sign-in-failure";
import { logFor } from "@/lib/log";

declare module "next-auth" {
  interface Session {
    user: { id: string; email: string; name: string | null };
    /** StaffSessionRecord.id: whether the session still counts is looked up by it on each request. */
    sessionId: string;
  }
}

/** Idle limit of the cookie; the absolute one is STAFF_SESSION_LIFETIME_SECONDS. */
const EIGHT_HOURS = 8 * 60 * 60;

function authConfig(): NextAuthConfig {
  const env = getEnv();
  pinAuthJsUrlToAppUrl();
  return {
    secret: env.AUTH_SECRET,
    // The portal runs behind the operator's proxy; AUTH_URL above pins the host users reach.
    trustHost: true,
    session: { strategy: "jwt", maxAge: EIGHT_HOURS },
    pages: { signIn: "/signin", error: "/signin" },
    logger: { error: logAuthError },
    events: {
      async signOut(message) {
        const sid = "token" in message ? message.token?.sid : undefined;
        if (typeof sid !== "string") return;
        try {
          await endStaffSession(sid, "sign_out");
        } catch (error) {
          // The cookie is cleared anyway; the record still ends at its absolute lifetime.
          logFor("auth").error(
            `sign-out could not end the session record: ${isDatabaseUnavailable(error) ? "database unavailable" : "unexpected error"}`,
          );
        }
      },
    },
    providers: [
      staffSignInProvider({
        clientId: env.AZURE_CLIENT_ID,
        tenantId: env.AZURE_TENANT_ID,
        authorityHost: env.MICROSOFT_AUTHORITY_HOST,
        credential: clientCredentialFromEnv(),
      }),
    ],
    callbacks: {
      async signIn({ account, profile }) {
        const problem = await staffIdTokenProblem(account?.id_token, {
          authorityHost: env.MICROSOFT_AUTHORITY_HOST,
          tenantId: env.AZURE_TENANT_ID,
          clientId: env.AZURE_CLIENT_ID,
        });
        if (problem) {
          logFor("auth").warn(
            `staff sign-in refused: the ID token failed validation (${problem}); no session, nothing stored`,
          );
          return "/signin?error=IdTokenRejected";
        }
        try {
          if (toStaffRoles(profile?.roles).length > 0) {
            // The jwt callback writes the staff row next; a failure there reaches the sign-in page
            // only as Auth.js's generic error. Asking the database first lets an outage say so.
            await checkStaffDirectoryReachable();
            return true;
          }
          await recordDeniedSignIn(emailOf(profile), claim(profile, "oid") ?? "unknown");
          return "/no-access";
        } catch (error) {
          if (isDatabaseUnavailable(error)) return "/signin?error=DatabaseUnavailable";
          throw error;
        }
      },
      async jwt({ token, profile, trigger }) {
        if (trigger !== "signIn") {
          // Past the absolute end (or from before sessions had one): no session, and the cookie goes.
          return typeof token.endsAt === "number" && token.endsAt * 1000 > Date.now() && typeof token.sid === "string"
            ? token
            : null;
        }
        if (profile) {
          const roles = toStaffRoles(profile.roles);
          const email = emailOf(profile);
          const name = claim(profile, "name") ?? null;
          const userId = await recordStaffSignIn({
            tenantId: claim(profile, "tid") ?? env.AZURE_TENANT_ID,
            objectId: claim(profile, "oid") ?? claim(profile, "sub") ?? email,
            email,
            name,
            roles,
          });
          const session = await startStaffSession(userId);
          token.userId = userId;
          token.sid = session.id;
          token.endsAt = session.endsAt;
          token.email = email;
          token.name = name;
          delete token.picture;
        }
        return token;
      },
      session({ session, token }) {
        // Roles are not taken from the cookie: lib/auth/session.ts reads the stored ones.
        session.user = {
          id: typeof token.userId === "string" ? token.userId : "",
          email: token.email ?? "",
          name: token.name ?? null,
        } as typeof session.user;
        session.sessionId = typeof token.sid === "string" ? token.sid : "";
        return session;
      },
    },
  };
}

export const { handlers, auth, signIn, signOut } = NextAuth(() => authConfig());
