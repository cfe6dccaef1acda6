import "server-only";
// "Is this address already here?" — asked before inviting, so an existing user is shown as such
// and never invited twice. Two places to look: Guestpass's own invitations, and the tenant.
import { prisma } from "@/lib/db/client";
import { ActionError } from "@/lib/actions/action-error";
import { isAmbiguousWriteError, isGraphRequestError } from "@/lib/graph/errors";
import { appGraphClientFromEnv } from "@/lib/graph/from-env";
import { lookUpUserByEmail, type DirectoryUser, type UserAddressProperty } from "@/lib/graph/users";
import type { InviteeLookup, TenantUserSummary } from "@/lib/shared/invitations";

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
    return new ActionError("microsoft_error", `Microsoft refused ${doing}: ${explained.title}`, {
      explained,
      cause: error,
    });
  }
  return error;
}

const ADDRESS_FIELD_WORDS: Record<UserAddressProperty, string> = {
  mail: "primary mail address (mail)",
  otherMails: "other addresses (otherMails)",
  userPrincipalName: "sign-in name (userPrincipalName)",
};

/** What a partial look-up means for the admin, naming the fields Microsoft would not search. */
export function partialLookupMessage(unchecked: readonly UserAddressProperty[]): string {
  const fields = unchecked.map((property) => ADDRESS_FIELD_WORDS[property]);
  const list = fields.length > 1 ? `${fields.slice(0, -1).join(", ")} and ${fields[fields.length - 1]}` : fields[0];
  return `Microsoft would not search users' ${list} for this address, so someone who has it only there was not looked for. Check in Microsoft Entra before inviting.`;
}

/** Looks a checked (normalised) address up in Guestpass and in the tenant. */
export async function lookupAddress(email: string): Promise<InviteeLookup> {
  const invitation = await prisma.invitation.findUnique({ where: { email }, select: { id: true, status: true } });
  let user: DirectoryUser | null;
  let unchecked: UserAddressProperty[];
  try {
    ({ user, unchecked } = await lookUpUserByEmail(appGraphClientFromEnv(), email));
  } catch (error) {
    throw microsoftActionError(error, "the look-up of the address in the tenant");
  }
  return {
    email,
    invitation: invitation ?? undefined,
    existingUser: user ? toTenantUserSummary(user) : undefined,
    partialLookup: unchecked.length > 0 ? { unchecked, message: partialLookupMessage(unchecked) } : undefined,
  };
}
