import "server-only";
// Staff sign-in with Auth.js (next-auth v5) and the Microsoft Entra ID provider.
// Decisions, and why:
// - JWT sessions, no database adapter: Microsoft's tokens for staff are never stored (we need none of
//   them after sign-in), and any number of web processes can verify a session without a DB query.
// - Roles come from the ID token's `roles` claim (app roles Guestpass.Admin / Guestpass.Support) at
//   sign-in; a role change takes effect at the next sign-in (sessions last 8 hours).
// - The provider (lib/auth/provider.ts) signs in with the app's one credential, secret or
//   certificate, and reads the profile from the ID token alone (no Graph call at sign-in).
// - Accounts with neither role get no session at all; they land on /no-access.
// - The ID token's signature, issuer, tenant and audience are checked again before anything is
//   stored (lib/auth/id-token.ts); failed callbacks are named for the sign-in page (sign-in-failure.ts).
import NextAuth, { type NextAuthConfig } from "next-auth";
import { getEnv } from "@/lib/env";
import { clientCredentialFromEnv } from "@/lib/identity/credential";
import { claim, emailOf, staffSignInProvider } from "./provider";
import { toStaffRoles, type StaffRole } from "./permissions";
import { isDatabaseUnavailable } from "@/lib/db/unavailable";
import { checkStaffDirectoryReachable, recordDeniedSignIn, recordStaffSignIn } from "./staff-directory";
import { staffIdTokenProblem } from "./id-token";
import { logAuthError } from "./sign-in-failure";

declare module "next-auth" {
  interface Session {
    user: { id: string; email: string; name: string | null; roles: StaffRole[] };
  }
}

const EIGHT_HOURS = 8 * 60 * 60;

function authConfig(): NextAuthConfig {
  const env = getEnv();
  return {
    secret: env.AUTH_SECRET,
    // The portal runs behind the operator's proxy; APP_URL's host is the one users reach.
    trustHost: true,
    session: { strategy: "jwt", maxAge: EIGHT_HOURS },
    pages: { signIn: "/signin", error: "/signin" },
    logger: { error: logAuthError },
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
          console.warn(`[auth] staff sign-in refused: the ID token failed validation (${problem}); no session, nothing stored`);
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
        if (trigger === "signIn" && profile) {
          const roles = toStaffRoles(profile.roles);
          const email = emailOf(profile);
          const name = claim(profile, "name") ?? null;
          token.userId = await recordStaffSignIn({
            tenantId: claim(profile, "tid") ?? env.AZURE_TENANT_ID,
            objectId: claim(profile, "oid") ?? claim(profile, "sub") ?? email,
            email,
            name,
            roles,
          });
          token.roles = roles;
          token.email = email;
          token.name = name;
          delete token.picture;
        }
        return token;
      },
      session({ session, token }) {
        session.user = {
          id: typeof token.userId === "string" ? token.userId : "",
          email: token.email ?? "",
          name: token.name ?? null,
          roles: toStaffRoles(token.roles),
        } as typeof session.user;
        return session;
      },
    },
  };
}

export const { handlers, auth, signIn, signOut } = NextAuth(() => authConfig());
