import "server-only";
// Schemas every API operation shares: ids, cursors, the problem document. Each named one carries an
// OpenAPI id (`.meta({ id })`) so the document refers to it instead of repeating it.
import { z } from "zod";

export const recordId = z.uuid("Must be an id Guestpass returned (a UUID).").transform((id) => id.toLowerCase());

export const idParams = z.object({ id: recordId.meta({ description: "The record's id." }) });

export const pageLimit = z.coerce
  .number("Must be a number.")
  .int("Must be a whole number.")
  .min(1, "Must be at least 1.")
  .max(100, "Must be at most 100.")
  .default(50)
  .meta({ description: "How many records to return (1–100)." });

export const cursorParam = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,200}$/, "Must be a nextCursor value from an earlier page.")
  .optional()
  .meta({ description: "The `nextCursor` of the previous page; omit for the first page." });

/** Cursors are the last id of a page, opaque to callers (base64url) so the encoding may change. */
export const encodeCursor = (id: string) => Buffer.from(id, "utf8").toString("base64url");
export function decodeCursor(cursor: string | undefined): string | undefined {
  if (!cursor) return undefined;
  const id = Buffer.from(cursor, "base64url").toString("utf8");
  return /^[0-9a-f-]{36}$/i.test(id) ? id.toLowerCase() : undefined;
}

/** A list filter by address: exact, in any case (addresses are stored lower-cased). */
export const emailFilter = (description: string) =>
  z.string().trim().toLowerCase().max(320).optional().meta({ description });

/** A list filter by status, naming the allowed values when another is given. */
export const statusFilter = <const Statuses extends readonly [string, ...string[]]>(statuses: Statuses) =>
  z.enum(statuses, `Must be one of ${statuses.join(", ")}.`).optional();

/** A page of a list: the records and the cursor of the next page. */
export const pageSchema = <Item extends z.ZodType>(item: Item, id: string) =>
  z
    .object({
      data: z.array(item),
      nextCursor: z.string().nullable().meta({ description: "Pass as `cursor` for the next page; null on the last." }),
    })
    .meta({ id });

/** The page of `limit` records out of the `limit + 1` rows read (the extra one says there is a next page). */
export function pageOf<Row extends { id: string }, Item>(
  rows: Row[],
  limit: number,
  toItem: (row: Row) => Item,
): { data: Item[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  return { data: page.map(toItem), nextCursor: rows.length > limit ? encodeCursor(page.at(-1)!.id) : null };
}

export const explanationSchema = z
  .object({
    code: z.string().meta({ description: "The catalogue's code, e.g. AADSTS70008 or MailboxNotEnabledForRESTAPI." }),
    title: z.string(),
    meaning: z.string(),
    fix: z.array(z.string()),
  })
  .meta({
    id: "Explanation",
    description: "What a failure means and how to fix it, from Guestpass's error catalogue.",
  });

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z
      .string()
      .meta({ description: "Catalogue code: api.scope_missing, api.rate_limited, MailboxNotEnabledForRESTAPI, …" }),
    meaning: z.string(),
    fix: z.array(z.string()),
    errors: z
      .array(z.object({ field: z.string(), message: z.string() }))
      .optional()
      .meta({ description: "For validation errors: each field and what is wrong with it." }),
    retryAfterSeconds: z.number().int().optional(),
    instance: z.string().meta({ description: "Correlation id (urn:uuid:…) of the server log line." }),
  })
  .meta({ id: "Problem", description: "RFC 9457 problem details." });

/** The Idempotency-Key request header (lib/api/idempotency.ts), as documented. */
export const idempotencyHeaders = ({ required, description }: { required: boolean; description: string }) => {
  const header = z.string().min(1).max(255);
  // The description goes on the outermost schema: on one inside .optional() the document loses it.
  return z.object({ "Idempotency-Key": (required ? header : header.optional()).meta({ description }) });
};
