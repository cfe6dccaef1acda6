import "server-only";
import type { GraphClient } from "./client";
import { GraphRequestError } from "./errors";

/** The user properties Guestpass reads (always with $select: Graph returns less by default). */
export interface DirectoryUser {
  id: string;
  displayName?: string | null;
  mail?: string | null;
  userPrincipalName?: string | null;
  userType?: "Guest" | "Member" | null;
  externalUserState?: "PendingAcceptance" | "Accepted" | string | null;
  externalUserStateChangeDateTime?: string | null;
  otherMails?: string[];
  createdDateTime?: string | null;
  accountEnabled?: boolean | null;
  /** objectIdentity: how the user signs in (a redeemed guest: signInType "federated" and its issuer). */
  identities?: { signInType?: string | null; issuer?: string | null; issuerAssignedId?: string | null }[];
}

export const USER_SELECT = [
  "id",
  "displayName",
  "mail",
  "userPrincipalName",
  "userType",
  "externalUserState",
  "externalUserStateChangeDateTime",
  "otherMails",
  "createdDateTime",
  "accountEnabled",
] as const;

/** Graph's maximum page size for /users. */
export const USERS_MAX_PAGE_SIZE = 999;

/** OData string literal: single quotes are doubled. */
export function odataString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

const isNotFound = (e: unknown) => e instanceof GraphRequestError && e.status === 404;

/** The three ways an address is held by a directory user, each one $filter condition. */
export const USER_ADDRESS_PROPERTIES = ["mail", "otherMails", "userPrincipalName"] as const;
export type UserAddressProperty = (typeof USER_ADDRESS_PROPERTIES)[number];

export interface UserLookup {
  /** The best match (mail, then otherMails, then UPN), or null when none was found. */
  user: DirectoryUser | null;
  /** Conditions Microsoft refused to run: a user holding the address only there was not looked for. */
  unchecked: UserAddressProperty[];
}

const isRefusedQuery = (e: unknown) => e instanceof GraphRequestError && e.status === 400;

/**
 * Looks the tenant's user for an address up: a guest carries it in `mail` and `otherMails`, a
 * member usually as `userPrincipalName`. One request normally (all three are supported by default,
 * per Microsoft's filter table for directory objects). Should Microsoft refuse the combined filter,
 * each condition is asked alone, and a condition it refuses too is reported in `unchecked` rather
 * than failing the whole look-up; only when every condition is refused does it throw. Deliberately
 * not an advanced query (ConsistencyLevel: eventual): those read a lagging index, and
 * reconciliation right after an ambiguous invite must see the newest directory state.
 */
export async function lookUpUserByEmail(graph: GraphClient, email: string): Promise<UserLookup> {
  const conditions = addressConditions(email);
  const query = async (filter: string) =>
    (
      await graph.get<{ value: DirectoryUser[] }>("/users", {
        query: { $filter: filter, $select: USER_SELECT.join(","), $top: 10 },
      })
    )?.value ?? [];
  const users: DirectoryUser[] = [];
  const unchecked: UserAddressProperty[] = [];
  try {
    users.push(...(await query(Object.values(conditions).join(" or "))));
  } catch (error) {
    if (!isRefusedQuery(error)) throw error;
    let refusal: unknown = error;
    for (const property of USER_ADDRESS_PROPERTIES) {
      try {
        users.push(...(await query(conditions[property])));
      } catch (conditionError) {
        if (!isRefusedQuery(conditionError)) throw conditionError;
        unchecked.push(property);
        refusal = conditionError;
      }
    }
    if (unchecked.length === USER_ADDRESS_PROPERTIES.length) throw refusal;
  }
  return { user: bestAddressMatch(email, users), unchecked };
}

/** The $filter condition for each way a user holds the address. */
function addressConditions(email: string): Record<UserAddressProperty, string> {
  const q = odataString(email.trim());
  return {
    mail: `mail eq ${q}`,
    otherMails: `otherMails/any(m:m eq ${q})`,
    userPrincipalName: `userPrincipalName eq ${q}`,
  };
}

/** The one look-up query per address (all three conditions), as a relative Graph URL for $batch. */
export function addressLookupUrl(email: string): string {
  const query = new URLSearchParams({
    $filter: Object.values(addressConditions(email)).join(" or "),
    $select: USER_SELECT.join(","),
    $top: "10",
  });
  return `/users?${query.toString().replace(/\+/g, "%20")}`;
}

/** Of the users a look-up found, the one that holds the address best: mail, then otherMails, then UPN. */
export function bestAddressMatch(email: string, users: readonly DirectoryUser[]): DirectoryUser | null {
  const wanted = email.trim().toLowerCase();
  const rank = (u: DirectoryUser) =>
    u.mail?.toLowerCase() === wanted
      ? 0
      : u.otherMails?.some((m) => m.toLowerCase() === wanted)
        ? 1
        : u.userPrincipalName?.toLowerCase() === wanted
          ? 2
          : 3;
  return [...users].sort((a, b) => rank(a) - rank(b))[0] ?? null;
}

/** The tenant's user for an address, or null (lookUpUserByEmail without saying what went unchecked). */
export async function findUserByEmail(graph: GraphClient, email: string): Promise<DirectoryUser | null> {
  return (await lookUpUserByEmail(graph, email)).user;
}

/** The user, or null when it does not exist (deleted, wrong id). */
export async function getUser(
  graph: GraphClient,
  id: string,
  select: readonly string[] = USER_SELECT,
): Promise<DirectoryUser | null> {
  try {
    return await graph.get<DirectoryUser>(`/users/${encodeURIComponent(id)}`, { query: { $select: select.join(",") } });
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
}

export interface ListGuestsOptions {
  select?: readonly string[];
  /** Extra OData filter, combined with userType eq 'Guest'. */
  filter?: string;
  pageSize?: number;
}

/** All guests of the tenant, one page (≤ 999 users) at a time: the status sync's cheap read. */
export function listGuests(
  graph: GraphClient,
  options: ListGuestsOptions = {},
): AsyncGenerator<DirectoryUser[], void, undefined> {
  const guestFilter = "userType eq 'Guest'";
  return graph.pages<DirectoryUser>("/users", {
    query: {
      $filter: options.filter ? `${guestFilter} and (${options.filter})` : guestFilter,
      $select: (options.select ?? USER_SELECT).join(","),
      $top: Math.min(options.pageSize ?? USERS_MAX_PAGE_SIZE, USERS_MAX_PAGE_SIZE),
    },
  });
}

/** Turns a guest into a member or back (needs User.ReadWrite.All). Idempotent. */
export async function updateUserType(graph: GraphClient, id: string, userType: "Guest" | "Member"): Promise<void> {
  await graph.request("PATCH", `/users/${encodeURIComponent(id)}`, { body: { userType } });
}

/** Removes the user from the tenant (needs User.ReadWrite.All). Already gone counts as done. */
export async function deleteUser(graph: GraphClient, id: string): Promise<void> {
  try {
    await graph.request("DELETE", `/users/${encodeURIComponent(id)}`);
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
}
