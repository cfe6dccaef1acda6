import "server-only";
// The staff session for pages, server actions and route handlers: one call per auth level, so no
// entry point can forget the check.
import { redirect } from "next/navigation";
import { cache } from "react";
import { DATABASE_UNAVAILABLE_DIGEST_PREFIX, isDatabaseUnavailable } from "@/lib/shared/database-unavailable";
import { auth } from "./config";
import { isAdmin, isStaff, toStaffRoles, type StaffSession } from "./permissions";
import { readLiveStaffSession } from "./staff-sessions";

/**
 * Once per request: the admin layout and its page both ask, and each auth() decrypts the session
 * cookie and encrypts a renewed one (about a tenth of the invitations list's server CPU under load),
 * then reads the session record and the person's stored roles (one primary-key read).
 * React's cache() lasts one server render; outside one (route handlers) every call decodes afresh.
 * Null for no cookie, a cookie past its absolute end, and a session ended on the server.
 */
export const getStaffSession = cache(async (): Promise<StaffSession | null> => {
  const session = await auth();
  if (!session?.user?.id || !session.sessionId) return null;
  try {
    const live = await readLiveStaffSession(session.sessionId);
    if (!live || live.userId !== session.user.id) return null;
    return { userId: live.userId, email: live.email, name: live.name, roles: toStaffRoles(live.roles) };
  } catch (error) {
    if (!isDatabaseUnavailable(error)) throw error;
    // Unverifiable, so no role at all; callers answer "the database is unavailable", not "sign in".
    const { id, email, name } = session.user;
    return { userId: id, email, name, roles: [], databaseUnavailable: true };
  }
});

/**
 * For the staff shell (layout) only: like requireStaff, but during a database outage it returns the
 * unverified session (no roles) so the shell still renders and the page inside it, which calls
 * requireStaff, explains the outage in its own error boundary.
 */
export async function requireStaffShell(): Promise<StaffSession> {
  const session = await getStaffSession();
  if (session?.databaseUnavailable) return session;
  return requireStaff();
}

/** Signed-in staff with a Guestpass role, or a redirect to sign-in / no-access. */
export async function requireStaff(returnTo?: string): Promise<StaffSession> {
  const session = await getStaffSession();
  if (!session) redirect(returnTo ? `/signin?callbackUrl=${encodeURIComponent(returnTo)}` : "/signin");
  if (session.databaseUnavailable) {
    // The pages' error boundaries explain an outage by this digest.
    throw Object.assign(new Error("The staff session cannot be checked: the database is unavailable."), {
      digest: `${DATABASE_UNAVAILABLE_DIGEST_PREFIX}session`,
    });
  }
  if (!isStaff(session)) redirect("/no-access");
  return session;
}

/** An administrator, or a redirect to /no-access explaining that the page needs that role. */
export async function requireAdmin(returnTo?: string): Promise<StaffSession> {
  const session = await requireStaff(returnTo);
  if (!isAdmin(session)) redirect("/no-access?need=admin");
  return session;
}
