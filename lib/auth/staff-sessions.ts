import "server-only";
// Staff sessions on the server side. The Auth.js cookie only says who signed in and which session
// record that was (`sid`); whether it still counts is decided here, on every request, with one
// primary-key read: the record exists, was not ended (sign-out, account disabled), is inside its
// absolute lifetime, and the person's roles are the ones stored now (lib/auth/access-check.ts keeps
// them current from Entra). Auth.js renews the cookie's own expiry on every request; none of that
// extends a record.
import { prisma } from "@/lib/db/client";

/** Absolute: a session ends 12 hours after sign-in however active it was (a working day plus slack). */
export const STAFF_SESSION_LIFETIME_SECONDS = 12 * 60 * 60;

export type StaffSessionEndReason = "sign_out" | "account_disabled";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface StartedStaffSession {
  id: string;
  /** Seconds since the epoch, as JWT claims count. */
  endsAt: number;
}

export async function startStaffSession(userId: string, now = new Date()): Promise<StartedStaffSession> {
  const expiresAt = new Date(now.getTime() + STAFF_SESSION_LIFETIME_SECONDS * 1000);
  const record = await prisma.staffSessionRecord.create({
    data: { userId, createdAt: now, expiresAt },
    select: { id: true },
  });
  return { id: record.id, endsAt: Math.floor(expiresAt.getTime() / 1000) };
}

/** The person behind a session that still counts, with their roles as stored now. */
export interface LiveStaffSession {
  userId: string;
  email: string;
  name: string | null;
  roles: string[];
}

/** Null when the session was ended, is past its end, or its person is disabled. One indexed read. */
export async function readLiveStaffSession(sessionId: string, now = new Date()): Promise<LiveStaffSession | null> {
  if (!UUID.test(sessionId)) return null;
  const rows = await prisma.$queryRaw<LiveStaffSession[]>`
    SELECT u.id AS "userId", u.email, u.name, u.roles
    FROM "StaffSessionRecord" s JOIN "User" u ON u.id = s."userId"
    WHERE s.id = ${sessionId} AND s."revokedAt" IS NULL AND s."expiresAt" > ${now} AND u."disabledAt" IS NULL`;
  return rows[0] ?? null;
}

/** Ends one session (sign-out). Ending an ended one changes nothing. */
export async function endStaffSession(
  sessionId: string,
  reason: StaffSessionEndReason,
  now = new Date(),
): Promise<void> {
  if (!UUID.test(sessionId)) return;
  await prisma.staffSessionRecord.updateMany({
    where: { id: sessionId, revokedAt: null },
    data: { revokedAt: now, revokedReason: reason },
  });
}

/** Ends every live session of one person (their account was disabled or deleted). Returns how many. */
export async function endSessionsOf(userId: string, reason: StaffSessionEndReason, now = new Date()): Promise<number> {
  const ended = await prisma.staffSessionRecord.updateMany({
    where: { userId, revokedAt: null, expiresAt: { gt: now } },
    data: { revokedAt: now, revokedReason: reason },
  });
  return ended.count;
}
