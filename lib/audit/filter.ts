import "server-only";
// The audit log's filter as it travels in a URL (?actor=&action=&target=&outcome=&from=&to=), read
// the same way by the page and by its CSV export so both show the same entries. Pure; client-safe.
import type { AuditFilter, AuditOutcomeFilter } from "./queries";

export const AUDIT_FILTER_FIELDS = ["actor", "action", "target", "outcome", "from", "to"] as const;
type FilterField = (typeof AUDIT_FILTER_FIELDS)[number];

/** Longest value kept from a filter field: enough for any address or file name. */
const MAX_FILTER_LENGTH = 200;
const OUTCOMES: readonly string[] = ["Success", "Denied", "Failed"] satisfies AuditOutcomeFilter[];

export function parseAuditFilter(read: (name: FilterField | "cursor") => string | null | undefined): AuditFilter {
  const text = (name: FilterField | "cursor") => read(name)?.trim().slice(0, MAX_FILTER_LENGTH) || undefined;
  const outcome = text("outcome");
  return {
    actor: text("actor"),
    action: text("action"),
    target: text("target"),
    outcome: outcome && OUTCOMES.includes(outcome) ? (outcome as AuditOutcomeFilter) : undefined,
    from: text("from"),
    to: text("to"),
    cursor: text("cursor"),
  };
}

export function isFiltered(filter: AuditFilter): boolean {
  return AUDIT_FILTER_FIELDS.some((field) => Boolean(filter[field]));
}

/** The filter (and optionally a page position) as a query string, without empty fields. */
export function auditFilterQuery(filter: AuditFilter, cursor?: string): string {
  const params = new URLSearchParams();
  for (const field of AUDIT_FILTER_FIELDS) {
    const value = filter[field];
    if (value) params.set(field, value);
  }
  if (cursor) params.set("cursor", cursor);
  return params.toString();
}
