// Listening to every statement this process sends to PostgreSQL: Prisma's adapter and graphile-worker
// both talk through pg's Client. The listener only watches; each statement goes out unchanged.
import pg from "pg";

export interface SentStatement {
  text: string;
  values: unknown[];
}

type Query = (...args: unknown[]) => unknown;

/** Calls `listener` for each statement until the returned function is called. */
export function watchStatements(listener: (statement: SentStatement) => void): () => void {
  const prototype = pg.Client.prototype as unknown as { query: Query };
  const original = prototype.query;
  prototype.query = function (this: unknown, ...args: unknown[]) {
    const [first, second] = args;
    if (typeof first === "string") listener({ text: first, values: Array.isArray(second) ? second : [] });
    else if (first && typeof first === "object" && typeof (first as { text?: unknown }).text === "string") {
      const config = first as { text: string; values?: unknown[] };
      listener({ text: config.text, values: config.values ?? (Array.isArray(second) ? second : []) });
    }
    return original.apply(this, args);
  };
  return () => {
    prototype.query = original;
  };
}
