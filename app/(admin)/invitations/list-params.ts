// The list's state lives in the URL (shareable, survives reloads, back button works): parsing and
// building those URLs in one place.
import {
  INVITATION_SORTS,
  INVITATION_STATUSES,
  type InvitationListFilter,
  type InvitationSort,
  type InvitationStatus,
} from "@/lib/invitations/queries/list";

export type ListSearchParams = Record<string, string | string[] | undefined>;

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

export function parseListParams(params: ListSearchParams): InvitationListFilter {
  const status = first(params.status);
  const sort = first(params.sort);
  const q = first(params.q)?.trim();
  return {
    status: status && (INVITATION_STATUSES as string[]).includes(status) ? (status as InvitationStatus) : undefined,
    sort: sort && (INVITATION_SORTS as readonly string[]).includes(sort) ? (sort as InvitationSort) : "newest",
    q: q ? q.slice(0, 200) : undefined,
    cursor: first(params.cursor) || undefined,
  };
}

/** /invitations with the current filter, changed by `changes` (undefined removes a key). */
export function listHref(
  filter: InvitationListFilter,
  changes: Partial<Record<"status" | "sort" | "q" | "cursor", string | undefined>>,
): string {
  const next = { status: filter.status, sort: filter.sort, q: filter.q, cursor: filter.cursor, ...changes } as Record<
    string,
    string | undefined
  >;
  const params = new URLSearchParams();
  for (const key of ["q", "status", "sort", "cursor"]) {
    const value = next[key];
    if (value && !(key === "sort" && value === "newest")) params.set(key, value);
  }
  const query = params.toString();
  return query ? `/invitations?${query}` : "/invitations";
}
