// "The database is unavailable" recognised in one place, from the shapes PostgreSQL outages take on
// their way up (measured against a real PostgreSQL, see unavailable.int.test.ts):
// - Prisma 7 + @prisma/adapter-pg, server down (ECONNREFUSED): PrismaClientKnownRequestError P1001,
//   meta.driverAdapterError.cause.kind "DatabaseNotReachable" (raw queries: P2010, same cause);
// - a connection ended by the server (fast shutdown, pg_terminate_backend): P2010 / P20xx with
//   cause { kind: "postgres", code: "57P01" }; a reset: cause.kind "ConnectionClosed";
// - a transaction whose connection died between two statements: pg's own plain Error
//   "Client has encountered a connection error and is not queryable" (no code at all);
// - pg itself (LISTEN feed, graphile-worker): errors with code ECONNREFUSED / 57P01 / 57P03 / 08xxx.
// Pure and free of imports, so client components may use the digest helpers too.

/**
 * Errors of a database outage carry a `digest` starting with this. Next.js keeps an error's own
 * digest (app-render/create-error-handler.js), so an error.tsx can tell an outage from other
 * failures in production, where the message itself never reaches the browser.
 */
export const DATABASE_UNAVAILABLE_DIGEST_PREFIX = "DB_UNAVAILABLE-";

/** Seconds a client should wait before trying again (Retry-After on 503 answers). */
export const DATABASE_RETRY_AFTER_SECONDS = 15;

export const DATABASE_UNAVAILABLE_MESSAGE =
  "The database is unavailable at the moment, so Guestpass cannot do this right now. Nothing was changed. Try again in a minute.";

/** Adapter error kinds (@prisma/adapter-pg) that mean the server cannot be reached or dropped us. */
const ADAPTER_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);
/** Prisma's own connection error codes (P1001 can't reach, P1002 timed out, P1017 server closed the connection). */
const PRISMA_CODES = new Set(["P1001", "P1002", "P1017"]);
/** Socket errors from Node, as pg passes them on. */
const SOCKET_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
]);
/** pg's messages for a connection that ended under it (they carry no code). */
const PG_MESSAGES = [
  "Connection terminated unexpectedly",
  "Connection terminated",
  "Client has encountered a connection error and is not queryable",
  "timeout exceeded when trying to connect",
];

/** SQLSTATE classes 08 (connection exception) and 57P0x (admin/crash shutdown, cannot connect now). */
function isOutageSqlState(code: string): boolean {
  return /^08[0-9A-Z]{3}$/.test(code) || /^57P0[1-4]$/.test(code) || code === "53300";
}

function record(value: unknown): Record<string, unknown> | null {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : null;
}

function looksUnavailable(value: Record<string, unknown>): boolean {
  const code = typeof value.code === "string" ? value.code : undefined;
  if (code && (PRISMA_CODES.has(code) || SOCKET_CODES.has(code) || isOutageSqlState(code))) return true;
  if (typeof value.kind === "string") {
    if (ADAPTER_KINDS.has(value.kind)) return true;
    if (value.kind === "postgres" && typeof value.code === "string" && isOutageSqlState(value.code)) return true;
  }
  if (typeof value.originalCode === "string" && isOutageSqlState(value.originalCode)) return true;
  const message = typeof value.message === "string" ? value.message : "";
  return PG_MESSAGES.some((known) => message === known || message.endsWith(`: ${known}`));
}

/** True when `error` (or anything it wraps) says PostgreSQL is down, restarting or unreachable. */
export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0) {
    const value = record(queue.shift());
    if (!value || seen.has(value) || seen.size > 20) continue;
    seen.add(value);
    if (typeof value.digest === "string" && value.digest.startsWith(DATABASE_UNAVAILABLE_DIGEST_PREFIX)) return true;
    if (looksUnavailable(value)) return true;
    const meta = record(value.meta);
    queue.push(value.cause, meta?.driverAdapterError, record(meta?.driverAdapterError)?.cause);
    if (Array.isArray(value.errors)) queue.push(...(value.errors as unknown[])); // AggregateError (pg tries ::1 and 127.0.0.1)
  }
  return false;
}

/**
 * True when the database is up but every pooled connection stayed busy for as long as a transaction
 * may wait to start (Prisma's P2028, "Unable to start a transaction in the given time"): a burst,
 * not an outage. Nothing was done; a retry a moment later normally succeeds.
 */
export function isDatabaseBusy(error: unknown): boolean {
  const value = record(error);
  return (
    value?.code === "P2028" &&
    typeof value.message === "string" &&
    value.message.includes("Unable to start a transaction in the given time")
  );
}

/** Seconds a client should wait before retrying after isDatabaseBusy (503 api.busy). */
export const DATABASE_BUSY_RETRY_AFTER_SECONDS = 2;

/** Whether a digest (Next's, from an error boundary) names a database outage. */
export function isDatabaseUnavailableDigest(digest: string | undefined | null): boolean {
  return typeof digest === "string" && digest.startsWith(DATABASE_UNAVAILABLE_DIGEST_PREFIX);
}

/**
 * Stamps an outage error with the well-known digest (plus a short reference that also goes to the
 * server log) and returns it; any other error is returned untouched. Idempotent.
 */
export function markDatabaseUnavailable<T>(error: T): T {
  const value = record(error);
  if (!value || !isDatabaseUnavailable(error)) return error;
  if (typeof value.digest === "string" && isDatabaseUnavailableDigest(value.digest)) return error;
  try {
    value.digest = `${DATABASE_UNAVAILABLE_DIGEST_PREFIX}${Math.random().toString(36).slice(2, 10)}`;
  } catch {
    // a frozen error: recognised again by isDatabaseUnavailable wherever it is caught
  }
  return error;
}

/** The answer of a route handler while the database is down: 503, a clear text, Retry-After. */
export function databaseUnavailableResponse(format: "text" | "json" = "text"): Response {
  const headers = { "Retry-After": String(DATABASE_RETRY_AFTER_SECONDS), "Cache-Control": "no-store" };
  return format === "json"
    ? Response.json({ error: "database_unavailable", message: DATABASE_UNAVAILABLE_MESSAGE }, { status: 503, headers })
    : new Response(`${DATABASE_UNAVAILABLE_MESSAGE}\n`, {
        status: 503,
        headers: { ...headers, "Content-Type": "text/plain; charset=utf-8" },
      });
}
