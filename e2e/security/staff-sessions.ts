// Staff sessions without a browser: Auth.js JWT session cookies minted with the stack's AUTH_SECRET,
// exactly as Auth.js writes them (next-auth/jwt `encode`, salt = cookie name), for a User row and a
// live session record in the stack's database (what a sign-in creates). Lets the matrix ask "what
// does support get here?" in one request.
import { randomUUID } from "node:crypto";
import { encode } from "next-auth/jwt";
import { stackEnv, withDatabase } from "../support/stack";

export type Persona = "anonymous" | "forgedCookie" | "invitedUser" | "support" | "admin";

export const SESSION_COOKIE = "authjs.session-token";
const ROLES = { support: ["Guestpass.Support"], admin: ["Guestpass.Admin"] } as const;

export interface StaffCookie {
  name: string;
  value: string;
  userId: string;
  email: string;
}

export interface MintOptions {
  /** When the session record ends (default: 12 hours from now, as at sign-in). */
  recordEndsAt?: Date;
  /** The cookie's own `endsAt` claim (default: the record's). */
  cookieEndsAt?: Date;
}

export async function mintStaffCookie(
  role: keyof typeof ROLES,
  options: MintOptions = {},
): Promise<StaffCookie & { sessionId: string }> {
  const userId = randomUUID();
  const sessionId = randomUUID();
  const email = `matrix-${role}-${userId.slice(0, 8)}@contoso.com`;
  const recordEndsAt = options.recordEndsAt ?? new Date(Date.now() + 12 * 3_600_000);
  await withDatabase(async (db) => {
    await db.query(
      `INSERT INTO "User" (id, "entraTenantId", "entraObjectId", email, name, roles, "updatedAt") VALUES ($1, 'matrix', $2, $3, $3, $4, now())`,
      [userId, randomUUID(), email, ROLES[role]],
    );
    await db.query(`INSERT INTO "StaffSessionRecord" (id, "userId", "expiresAt") VALUES ($1, $2, $3)`, [
      sessionId,
      userId,
      recordEndsAt,
    ]);
  });
  const value = await encode({
    secret: stackEnv().AUTH_SECRET ?? "",
    salt: SESSION_COOKIE,
    token: {
      sub: userId,
      userId,
      email,
      name: email,
      sid: sessionId,
      endsAt: Math.floor((options.cookieEndsAt ?? recordEndsAt).getTime() / 1000),
    },
  });
  return { name: SESSION_COOKIE, value, userId, email, sessionId };
}

/** A cookie with the session's name but a value nobody signed: gets past proxy.ts's presence check. */
export const FORGED_SESSION = `${SESSION_COOKIE}=forged.not-a-jwe.value`;

export function cookieHeader(cookie: StaffCookie | null): string | undefined {
  return cookie ? `${cookie.name}=${cookie.value}` : undefined;
}
