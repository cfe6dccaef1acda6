// The plans of a page's database reads: every statement the product's own read functions send while
// `reads` runs is recorded at the pg driver (Prisma's adapter talks through it), then run again
// under EXPLAIN (ANALYZE, BUFFERS) with the same parameters. Recording only listens: the statements
// go out and answer unchanged.
import pg from "pg";
import { watchStatements, type SentStatement } from "./pg-statements";

export interface QueryPlan {
  statement: string;
  /** EXPLAIN (ANALYZE, BUFFERS) as PostgreSQL prints it. */
  plan: string;
  /** Tables over BIG_TABLE_ROWS read by a Seq Scan in this plan. */
  seqScans: string[];
}

/** A table this large read row by row is a scan that grows with the data, not an index lookup. */
export const BIG_TABLE_ROWS = 10_000;

async function recordStatements(reads: () => Promise<unknown>): Promise<SentStatement[]> {
  const recorded: SentStatement[] = [];
  const stop = watchStatements((statement) => recorded.push(statement));
  try {
    await reads();
  } finally {
    stop();
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
