// OData query options for Graph collections: $select, $filter, $top, $skiptoken, $count.
// Pure functions over plain objects so they can be unit tested without a server.
import { FilterSyntaxError, parseFilter, type FilterNode } from "./filter";
import { evaluateFilter, filterProperties } from "./filter-evaluate";

export const MAX_PAGE_SIZE = 999;
export const DEFAULT_PAGE_SIZE = 100;

/** A query Graph refuses; `code` and `message` follow what Graph returns for users. */
export class ODataQueryError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "ODataQueryError";
  }
}

export interface CollectionSchema {
  /** Graph's name of the entity type, used in its "could not find a property" message. */
  typeName: string;
  /** Every property the entity has (selectable). */
  properties: readonly string[];
  /** Properties returned when no $select is given. */
  defaultProperties: readonly string[];
  /** Properties $filter may use. */
  filterableProperties: readonly string[];
}

export interface CollectionQuery {
  select: string[];
  filter: FilterNode | null;
  top: number;
  offset: number;
  count: boolean;
}

export type QueryParameters = Record<string, string | undefined>;

function canonicalProperty(schema: CollectionSchema, name: string): string | undefined {
  const lower = name.toLowerCase();
  return schema.properties.find((property) => property.toLowerCase() === lower);
}

function unknownProperty(schema: CollectionSchema, name: string): ODataQueryError {
  return new ODataQueryError(
    "Request_BadRequest",
    `Could not find a property named '${name}' on type '${schema.typeName}'.`,
  );
}

export function parseSelect(schema: CollectionSchema, raw: string | undefined): string[] {
  if (raw === undefined || raw.trim() === "") return [...schema.defaultProperties];
  const selected = raw
    .split(",")
    .map((name) => name.trim())
    .filter(Boolean);
  return selected.map((name) => {
    if (name === "*") return "*";
    const property = canonicalProperty(schema, name);
    if (!property) throw unknownProperty(schema, name);
    return property;
  });
}

/** Opaque to clients, as Graph's are; carries only the offset of the next page. */
export function encodeSkipToken(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset })).toString("base64url");
}

export function decodeSkipToken(token: string): number {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
    if (
      decoded &&
      typeof decoded === "object" &&
      "o" in decoded &&
      Number.isInteger(decoded.o) &&
      (decoded.o as number) >= 0
    ) {
      return decoded.o as number;
    }
  } catch {
    // fall through to the Graph error below
  }
  throw new ODataQueryError(
    "Directory_ExpiredPageToken",
    "The specified page token value has expired and can no longer be included in your request.",
  );
}

export function parseCollectionQuery(schema: CollectionSchema, parameters: QueryParameters): CollectionQuery {
  const select = parseSelect(schema, parameters.$select);

  let filter: FilterNode | null = null;
  if (parameters.$filter !== undefined) {
    try {
      filter = parseFilter(parameters.$filter);
    } catch (error) {
      if (error instanceof FilterSyntaxError) throw new ODataQueryError("BadRequest", error.message);
      throw error;
    }
    for (const property of filterProperties(filter)) {
      const canonical = canonicalProperty(schema, property);
      if (!canonical) throw unknownProperty(schema, property);
      if (!schema.filterableProperties.includes(canonical)) {
        throw new ODataQueryError(
          "Request_UnsupportedQuery",
          `Unsupported or invalid query filter clause specified for property '${canonical}' of resource '${schema.typeName.split(".").pop()}'.`,
        );
      }
    }
  }

  let top = DEFAULT_PAGE_SIZE;
  if (parameters.$top !== undefined) {
    const parsed = Number(parameters.$top);
    if (!Number.isInteger(parsed) || parsed < 1 || parsed > MAX_PAGE_SIZE) {
      throw new ODataQueryError(
        "Request_UnsupportedQuery",
        `Invalid page size specified: '${parameters.$top}'. Must be between 1 and ${MAX_PAGE_SIZE} inclusive.`,
      );
    }
    top = parsed;
  }

  const offset = parameters.$skiptoken === undefined ? 0 : decodeSkipToken(parameters.$skiptoken);

  let count = false;
  if (parameters.$count !== undefined) {
    if (parameters.$count !== "true" && parameters.$count !== "false") {
      throw new ODataQueryError(
        "BadRequest",
        `Invalid value '${parameters.$count}' for $count query option found. The $count query option requires a Boolean value.`,
      );
    }
    count = parameters.$count === "true";
  }

  return { select, filter, top, offset, count };
}

export function projectEntity(entity: Record<string, unknown>, select: readonly string[]): Record<string, unknown> {
  if (select.includes("*")) return { ...entity };
  const projected: Record<string, unknown> = {};
  for (const property of select) projected[property] = entity[property] ?? null;
  // Graph always returns the id of a directory object, selected or not.
  if (!("id" in projected) && "id" in entity) projected.id = entity.id;
  return projected;
}

export interface CollectionPage {
  value: Record<string, unknown>[];
  /** Offset of the next page, or null when this is the last page. */
  nextOffset: number | null;
  /** Number of entities matching the filter (all pages). */
  total: number;
}

export function pageCollection(entities: readonly Record<string, unknown>[], query: CollectionQuery): CollectionPage {
  const filter = query.filter;
  const matching = filter ? entities.filter((entity) => evaluateFilter(filter, entity)) : [...entities];
  const page = matching.slice(query.offset, query.offset + query.top);
  const nextOffset = query.offset + query.top < matching.length ? query.offset + query.top : null;
  return {
    value: page.map((entity) => projectEntity(entity, query.select)),
    nextOffset,
    total: matching.length,
  };
}

/**
 * The absolute URL of the next page: the request's own URL with $skiptoken replaced, so the other
 * options ($select, $filter, $top) carry over, as Graph's nextLink does.
 */
export function nextLinkFor(requestUrl: URL, nextOffset: number): string {
  const next = new URL(requestUrl.toString());
  next.searchParams.delete("$skiptoken");
  next.searchParams.set("$skiptoken", encodeSkipToken(nextOffset));
  return next.toString();
}
