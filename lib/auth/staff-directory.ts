import "server-only";
// Staff accounts as Guestpass knows them: upserted from the ID token at each sign-in, so audit
// entries and invitations can point at a stable User row, and sessions read their roles from it.
// No Microsoft token is ever stored.
import { recordAuditEntry } from "@/lib/audit/record";
import { prisma } from "@/lib/db/client";
import { primaryRole, type StaffRole } from "./permissions";

export interface StaffIdentity {
  tenantId: string;
  objectId: string;
  email: string;
  name: string | null;
  roles: StaffRole[];
}

/** Throws when the database cannot be reached (sign-in checks this before it completes). */
export async function checkStaffDirectoryReachable(): Promise<void> {
  await prisma.$queryRaw`SELECT 1`;
}

export async function recordStaffSignIn(identity: StaffIdentity): Promise<string> {
  const user = await prisma.user.upsert({
    where: { entraTenantId_entraObjectId: { entraTenantId: identity.tenantId, entraObjectId: identity.objectId } },
    create: {
      entraTenantId: identity.tenantId,
      entraObjectId: identity.objectId,
      email: identity.email,
      name: identity.name,
      roles: identity.roles,
      lastSignInAt: new Date(),
      accessCheckedAt: new Date(),
    },
    // Microsoft just signed this person in with these roles: that is a fresh access check.
    update: {
      email: identity.email,
      name: identity.name,
      roles: identity.roles,
      lastSignInAt: new Date(),
      accessCheckedAt: new Date(),
      disabledAt: null,
    },
    select: { id: true },
  });
  await recordAuditEntry({
    actorType: "Staff",
    actorId: user.id,
    actorEmail: identity.email,
    actorRole: primaryRole({ userId: user.id, email: identity.email, name: identity.name, roles: identity.roles }),
    action: "staff.sign_in",
    targetType: "User",
    targetId: user.id,
    outcome: "Success",
  });
  return user.id;
}

/** An account without a Guestpass role got as far as Microsoft's consent screen: worth recording. */
export async function recordDeniedSignIn(email: string, objectId: string): Promise<void> {
  await recordAuditEntry({
    actorType: "Staff",
    actorEmail: email,
    action: "staff.sign_in",
    targetType: "EntraUser",
    targetId: objectId,
    outcome: "Denied",
    detail: { reason: "no Guestpass.Admin or Guestpass.Support role in the ID token" },
  });
}
