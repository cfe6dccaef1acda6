import "server-only";
// The staff access check: who still holds a Guestpass app role, and whose account still works,
// read from Entra for everyone with a live session (lib/jobs/staff/check-access.ts runs it every
// minute). Roles are otherwise only what the ID token said at sign-in; this is how a role removed
// from someone, or a disabled or deleted account, stops working within minutes instead of at the
// session's end.
//
// Where the truth comes from: the app's service principal lists its app role assignments
// (GET /servicePrincipals(appId='…')/appRoleAssignedTo, Application.Read.All), and each person's
// account state comes from /users (accountEnabled, User.Read.All, which Guestpass holds already).
// Without Application.Read.All only the account check runs; roles then stay as of sign-in (and the
// session's 12-hour end still applies). A role held through a group assignment cannot be traced
// to a person without reading group memberships, so it is kept while any group holds that role.
import { recordAuditEntry } from "@/lib/audit/record";
import { prisma } from "@/lib/db/client";
import { batchGetUsers } from "@/lib/graph/batch";
import type { GraphClient } from "@/lib/graph/client";
import { GraphRequestError } from "@/lib/graph/errors";
import { odataString } from "@/lib/graph/users";
import { toStaffRoles, type StaffRole } from "./permissions";
import { endSessionsOf } from "./staff-sessions";

/** Who holds which Guestpass role, as Entra's assignments say. */
export interface AppRoleHolders {
  /** Directly assigned roles by user object id. */
  byUser: Map<string, StaffRole[]>;
  /** Roles assigned to at least one group (membership is not read). */
  viaGroups: Set<StaffRole>;
}

interface ServicePrincipal {
  id: string;
  appRoles?: { id: string; value?: string | null }[];
}

interface AppRoleAssignment {
  appRoleId: string;
  principalId: string;
  principalType?: string | null;
}

const isDenied = (error: unknown) => error instanceof GraphRequestError && error.status === 403;

/** Null when the app may not read its service principal (no Application.Read.All). */
export async function readAppRoleHolders(graph: GraphClient, clientId: string): Promise<AppRoleHolders | null> {
  const key = `/servicePrincipals(appId=${odataString(clientId)})`;
  try {
    const principal = await graph.get<ServicePrincipal>(key, { query: { $select: "id,appRoles" } });
    const valueOf = new Map((principal.appRoles ?? []).map((role) => [role.id, role.value ?? ""]));
    const holders: AppRoleHolders = { byUser: new Map(), viaGroups: new Set() };
    for await (const page of graph.pages<AppRoleAssignment>(`${key}/appRoleAssignedTo`, {
      query: { $select: "appRoleId,principalId,principalType", $top: 999 },
    })) {
      for (const assignment of page) {
        const [role] = toStaffRoles([valueOf.get(assignment.appRoleId)]);
        if (!role) continue;
        if (assignment.principalType === "Group") holders.viaGroups.add(role);
        else if (assignment.principalType === "User" || !assignment.principalType) {
          holders.byUser.set(assignment.principalId, [
            ...new Set([...(holders.byUser.get(assignment.principalId) ?? []), role]),
          ]);
        }
      }
    }
    return holders;
  } catch (error) {
    if (isDenied(error)) return null;
    throw error;
  }
}

/** A person's roles now: their direct assignments, plus those they had that a group may still give them. */
export function rolesNow(objectId: string, stored: readonly StaffRole[], holders: AppRoleHolders): StaffRole[] {
  const direct = holders.byUser.get(objectId) ?? [];
  const viaGroup = stored.filter((role) => holders.viaGroups.has(role) && !direct.includes(role));
  return [...direct, ...viaGroup].sort();
}

export interface AccessCheckSummary {
  checked: number;
  rolesChanged: number;
  disabled: number;
  sessionsEnded: number;
  /** False when the app lacks Application.Read.All: only account states were checked. */
  rolesRead: boolean;
}

export interface AccessCheckOptions {
  graph: GraphClient;
  /** AZURE_CLIENT_ID: whose app roles. */
  clientId: string;
  /** AZURE_TENANT_ID: staff sign in from this tenant only. */
  tenantId: string;
  now?: Date;
}

const sameRoles = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && [...a].sort().every((role, i) => role === [...b].sort()[i]);

export async function checkStaffAccess(options: AccessCheckOptions): Promise<AccessCheckSummary> {
  const now = options.now ?? new Date();
  const summary: AccessCheckSummary = { checked: 0, rolesChanged: 0, disabled: 0, sessionsEnded: 0, rolesRead: true };
  // Only people who could act right now; anyone else is checked by Microsoft at their next sign-in.
  const staff = await prisma.user.findMany({
    where: {
      entraTenantId: options.tenantId,
      disabledAt: null,
      sessions: { some: { revokedAt: null, expiresAt: { gt: now } } },
    },
    select: { id: true, entraObjectId: true, email: true, roles: true },
  });
  if (staff.length === 0) return summary;
  const holders = await readAppRoleHolders(options.graph, options.clientId);
  summary.rolesRead = holders !== null;
  const accounts = await batchGetUsers(
    options.graph,
    staff.map((person) => person.entraObjectId),
    { select: ["id", "accountEnabled"] },
  );

  for (const person of staff) {
    summary.checked++;
    const account = accounts.get(person.entraObjectId);
    const system = {
      actorType: "System" as const,
      targetType: "User" as const,
      targetId: person.id,
      outcome: "Success" as const,
    };
    if (!account || account.accountEnabled === false) {
      await prisma.user.update({ where: { id: person.id }, data: { disabledAt: now, accessCheckedAt: now } });
      const ended = await endSessionsOf(person.id, "account_disabled", now);
      summary.disabled++;
      summary.sessionsEnded += ended;
      await recordAuditEntry({
        ...system,
        action: "staff.access_revoked",
        detail: {
          email: person.email,
          reason: account ? "account disabled in Entra" : "account deleted from Entra",
          sessionsEnded: ended,
        },
      });
      continue;
    }
    const stored = toStaffRoles(person.roles);
    const roles = holders ? rolesNow(person.entraObjectId, stored, holders) : stored;
    await prisma.user.update({ where: { id: person.id }, data: { roles, accessCheckedAt: now } });
    if (!sameRoles(roles, stored)) {
      summary.rolesChanged++;
      await recordAuditEntry({
        ...system,
        action: "staff.roles_changed",
        detail: { email: person.email, from: stored, to: roles },
      });
    }
  }
  return summary;
}

/** Session records are kept a week past their end for support questions, then dropped. */
export const STAFF_SESSION_RETENTION_DAYS = 7;

export async function pruneStaffSessions(now = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - STAFF_SESSION_RETENTION_DAYS * 86_400_000);
  const { count } = await prisma.staffSessionRecord.deleteMany({ where: { expiresAt: { lt: cutoff } } });
  return count;
}
