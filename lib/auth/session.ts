import "server-only";
// The staff session for pages, server actions and route handlers: one call per auth level, so no
// entry point can forget the check.
import { redirect } from "next/navigation";
import { cache } from "react";
import { auth } from "./config";
import { isAdmin, isStaff, type StaffSession } from "./permissions";

/**
 * Once per request: the admin layout and its page both ask, and each auth() decrypts the session
 * cookie and encrypts a renewed one (about a tenth of the invitations list's server CPU under load).
 * React's cache() lasts one server render; outside one (route handlers) every call decodes afresh.
 */
export const getStaffSession = cache(async (): Promise<StaffSession | null> => {
  const session = await auth();
  if (!session?.user?.id) return null;
  const { id, email, name, roles } = session.user;
  return { userId: id, email, name, roles };
});

/** Signed-in staff with a Guestpass role, or a redirect to sign-in / no-access. */
export async function requireStaff(returnTo?: string): Promise<StaffSession> {
  const session = await getStaffSession();
  if (!session) redirect(returnTo ? `/signin?callbackUrl=${encodeURIComponent(returnTo)}` : "/signin");
  if (!isStaff(session)) redirect("/no-access");
  return session;
}

/** An administrator, or a redirect to /no-access explaining that the page needs that role. */
export async function requireAdmin(returnTo?: string): Promise<StaffSession> {
  const session = await requireStaff(returnTo);
  if (!isAdmin(session)) redirect("/no-access?need=admin");
  return session;
}
