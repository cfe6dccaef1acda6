// "Is this address already here?" — asked before inviting, so an existing user is shown as such
// and never invited twice. Two places to look: Guestpass's own invitations, and the tenant.
import { prisma } from "@/lib/db/client";
import { ActionError } from "@/lib/actions/action-error";
import { isAmbiguousWriteError, isGraphRequestError } from "@/lib/graph/errors";
import { appGraphClientFromEnv } from "@/lib/graph/from-env";
import { findUserByEmail, type DirectoryUser } from "@/lib/graph/users";
import type { InviteeLookup, TenantUserSummary } from "./types";

export function toTenantUserSummary(user: DirectoryUser): TenantUserSummary {
  return {
    id: user.id,
    displayName: user.displayName ?? undefined,
    mail: user.mail ?? undefined,
    userPrincipalName: user.userPrincipalName ?? undefined,
    userType: user.userType ?? undefined,
    externalUserState: user.externalUserState ?? undefined,
  };
}

/** Graph failures become an ActionError carrying the catalogue's explanation. */
export function microsoftActionError(error: unknown, doing: string): unknown {
  if (isGraphRequestError(error) || isAmbiguousWriteError(error)) {
    const explained = error.explained;
    return new ActionError("microsoft_error", `Microsoft refused ${doing}: ${explained.title}`, { explained, cause: error });
  }
  return error;
}

/** Looks a checked (normalised) address up in Guestpass and in the tenant. */
export async function lookupAddress(email: string): Promise<InviteeLookup> {
  const invitation = await prisma.invitation.findUnique({ where: { email }, select: { id: true, status: true } });
  let user: DirectoryUser | null;
  try {
    user = await findUserByEmail(appGraphClientFromEnv(), email);
  } catch (error) {
    throw microsoftActionError(error, "the look-up of the address in the tenant");
  }
  return {
    email,
    invitation: invitation ?? undefined,
    existingUser: user ? toTenantUserSummary(user) : undefined,
  };
}
