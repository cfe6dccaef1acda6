// The plans of a page's database reads: every statement the product's own read functions send while
// `reads` runs is recorded at the pg driver (Prisma's adapter talks through it), then run again
// under EXPLAIN (ANALYZE, BUFFERS) with the same parameters. Recording only listens: the statements
// go out and answer unchanged.
import pg from "pg";

export interface QueryPlan {
  statement: string;
  /** EXPLAIN (ANALYZE, BUFFERS) as PostgreSQL prints it. */
  plan: string;
  /** Tables over BIG_TABLE_ROWS read by a Seq Scan in this plan. */
  seqScans: string[];
}

/** A table this large read row by row is a scan that grows with the data, not an index lookup. */
export const BIG_TABLE_ROWS = 10_000;

interface RecordedStatement {
  text: string;
  values: unknown[];
}

async function recordStatements(reads: () => Promise<unknown>): Promise<RecordedStatement[]> {
  const recorded: RecordedStatement[] = [];
  const prototype = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = prototype.query;
  prototype.query = function (this: unknown, ...args: unknown[]) {
    const [first, second] = args;
    if (typeof first === "string") recorded.push({ text: first, values: Array.isArray(second) ? second : [] });
    else if (first && typeof first === "object" && typeof (first as { text?: unknown }).text === "string") {
      const config = first as { text: string; values?: unknown[] };
      recorded.push({ text: config.text, values: config.values ?? (Array.isArray(second) ? second : []) });
    }
    return original.apply(this, args);
  };
  try {
    await reads();
  } finally {
    prototype.query = original;
  }
  return recorded.filter((statement) => /^\s*(SELECT|WITH)\b/i.test(statement.text));
}

/** Runs `reads`, then explains each distinct statement it sent (ANALYZE executes it: reads only). */
export async function explainReads(databaseUrl: string, reads: () => Promise<unknown>): Promise<QueryPlan[]> {
  const statements = await recordStatements(reads);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const big = await client.query<{ relname: string }>(
      `SELECT relname FROM pg_class WHERE relkind = 'r' AND reltuples > $1`,
      [BIG_TABLE_ROWS],
    );
    const bigTables = new Set(big.rows.map((row) => row.relname));
    const plans: QueryPlan[] = [];
    const seen = new Set<string>();
    for (const { text, values } of statements) {
      const key = `${text}\u0000${JSON.stringify(values)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const result = await client.query<{ "QUERY PLAN": string }>(`EXPLAIN (ANALYZE, BUFFERS) ${text}`, values);
      const plan = result.rows.map((row) => row["QUERY PLAN"]).join("\n");
      const seqScans = [...plan.matchAll(/Seq Scan on "?([A-Za-z_][\w]*)"?/g)]
        .map((match) => match[1]!)
        .filter((table) => bigTables.has(table));
      plans.push({ statement: text, plan, seqScans: [...new Set(seqScans)] });
    }
    return plans;
  } finally {
    await client.end();
  }
}
