// Who is calling Graph, and whether the token's permissions allow a call. Graph reads
// application permissions from `roles` (app-only tokens) and delegated ones from `scp`.
import { GraphHttpError } from "./errors";

export interface GraphCaller {
  kind: "application" | "delegated";
  /** Tenant that issued the token (`tid`). */
  tenantId: string;
  /** Client id of the calling app (`appid` / `azp`). */
  appId: string;
  /** Signed-in user (`oid`) for delegated tokens. */
  userObjectId: string | null;
  /** Application permissions (`roles`) or delegated scopes (`scp`), by kind. */
  permissions: readonly string[];
}

export interface PermissionRequirement {
  /** Any one of these application permissions is enough (least privileged first, as in Graph's docs). */
  application: readonly string[];
  /** Any one of these delegated permissions is enough. */
  delegated: readonly string[];
}

/** Builds the caller from a verified token's claims; throws 401 when the claims do not describe one. */
export function callerFromClaims(claims: Record<string, unknown>): GraphCaller {
  const text = (value: unknown) => (typeof value === "string" && value.length > 0 ? value : null);
  const tenantId = text(claims.tid);
  const appId = text(claims.appid) ?? text(claims.azp);
  if (!tenantId || !appId) {
    throw new GraphHttpError(401, "InvalidAuthenticationToken", "Access token validation failure.");
  }
  const scopes = text(claims.scp);
  if (scopes) {
    return {
      kind: "delegated",
      tenantId,
      appId,
      userObjectId: text(claims.oid),
      permissions: scopes.split(" ").filter(Boolean),
    };
  }
  const roles = Array.isArray(claims.roles)
    ? claims.roles.filter((role): role is string => typeof role === "string")
    : [];
  return { kind: "application", tenantId, appId, userObjectId: null, permissions: roles };
}

export function hasPermission(caller: GraphCaller, requirement: PermissionRequirement): boolean {
  const accepted = caller.kind === "application" ? requirement.application : requirement.delegated;
  const held = new Set(caller.permissions.map((permission) => permission.toLowerCase()));
  return accepted.some((permission) => held.has(permission.toLowerCase()));
}

/** Directory (Entra) calls answer a missing permission this way. */
export function requireDirectoryPermission(caller: GraphCaller, requirement: PermissionRequirement): void {
  if (!hasPermission(caller, requirement)) {
    throw new GraphHttpError(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.");
  }
}

/** Outlook (Exchange) calls answer a missing permission in Exchange's words. */
export function requireMailPermission(caller: GraphCaller, requirement: PermissionRequirement): void {
  if (!hasPermission(caller, requirement)) {
    throw new GraphHttpError(403, "ErrorAccessDenied", "Access is denied. Check credentials and try again.");
  }
}

// Permission tables from each API's "Permissions" section in the Graph v1.0 reference.
export const PERMISSIONS = {
  createInvitation: {
    application: ["User.Invite.All", "User.ReadWrite.All", "Directory.ReadWrite.All"],
    delegated: ["User.Invite.All", "User.ReadWrite.All", "Directory.ReadWrite.All"],
  },
  /** Inviting a Member, or resetting a redemption, needs more than User.Invite.All. */
  inviteMemberOrResetRedemption: {
    application: ["User.ReadWrite.All", "Directory.ReadWrite.All"],
    delegated: ["User.ReadWrite.All", "Directory.ReadWrite.All"],
  },
  readUsers: {
    application: ["User.Read.All", "User.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"],
    delegated: [
      "User.ReadBasic.All",
      "User.Read.All",
      "User.ReadWrite.All",
      "Directory.Read.All",
      "Directory.ReadWrite.All",
    ],
  },
  updateUser: {
    application: ["User.ReadWrite.All", "Directory.ReadWrite.All"],
    delegated: ["User.ReadWrite.All", "Directory.ReadWrite.All"],
  },
  deleteUser: {
    application: ["User.DeleteRestore.All", "User.ReadWrite.All"],
    delegated: ["User.DeleteRestore.All", "User.ReadWrite.All"],
  },
  readMe: {
    application: [],
    delegated: [
      "User.Read",
      "User.ReadWrite",
      "User.ReadBasic.All",
      "User.Read.All",
      "User.ReadWrite.All",
      "Directory.Read.All",
      "Directory.ReadWrite.All",
    ],
  },
  sendMail: {
    application: ["Mail.Send"],
    delegated: ["Mail.Send"],
  },
  /** Listing a mailbox's messages (Mail.ReadBasic leaves out bodies and attachments). */
  readMail: {
    application: ["Mail.ReadBasic.All", "Mail.Read", "Mail.ReadWrite"],
    delegated: ["Mail.ReadBasic", "Mail.Read", "Mail.ReadWrite"],
  },
  /** Sending as another user of one's tenant with a delegated token. */
  sendMailShared: {
    application: ["Mail.Send"],
    delegated: ["Mail.Send.Shared"],
  },
} satisfies Record<string, PermissionRequirement>;
