// Finding secrets where they must never be: the app registration's client secret, the portal's own
// keys, and any token the identity platform issued (access and ID tokens are JWTs; the emulator's
// refresh tokens start "1.Emu"). Used by e2e/security-canary.spec.ts.
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";

export interface Leak {
  where: string;
  what: string;
  excerpt: string;
}

const JWT = /eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{20,}/g;
const EMULATOR_REFRESH_TOKEN = /1\.Emu[A-Za-z0-9_-]{40,}/g;

export class CanaryScanner {
  private readonly literals: { what: string; value: string }[];

  constructor(secrets: Record<string, string | undefined>) {
    this.literals = Object.entries(secrets)
      .filter((entry): entry is [string, string] => typeof entry[1] === "string" && entry[1].length >= 12)
      .map(([what, value]) => ({ what, value }));
  }

  scan(where: string, text: string): Leak[] {
    const leaks: Leak[] = [];
    const excerpt = (index: number) => text.slice(Math.max(0, index - 40), index + 60).replace(/\s+/g, " ");
    for (const { what, value } of this.literals) {
      const index = text.indexOf(value);
      if (index >= 0) leaks.push({ where, what, excerpt: excerpt(index) });
    }
    for (const [what, pattern] of [
      ["a JWT (access or ID token)", JWT],
      ["a refresh token", EMULATOR_REFRESH_TOKEN],
    ] as const) {
      for (const match of text.matchAll(pattern)) leaks.push({ where, what, excerpt: excerpt(match.index ?? 0) });
    }
    return leaks;
  }
}

export function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(full) : [full];
  });
}

/**
 * Every row of every table in every schema, as text. pg_dump is used when its version can read the
 * server (Debian's pg_dump 15 refuses the embedded PostgreSQL 18); otherwise COPY of each table,
 * which holds the same data.
 */
export async function dumpDatabase(databaseUrl: string): Promise<{ text: string; method: string }> {
  try {
    const { stdout } = await promisify(execFile)("pg_dump", ["--data-only", "--no-owner", databaseUrl], {
      maxBuffer: 512 * 1024 * 1024,
    });
    return { text: stdout, method: "pg_dump" };
  } catch {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const tables = await client.query<{ schema: string; name: string }>(
        `SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
          WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')`,
      );
      const parts: string[] = [];
      for (const { schema, name } of tables.rows) {
        // Row to JSON, bytea as hex: the same bytes pg_dump would write.
        const rows = await client.query(`SELECT row_to_json(t)::text AS row FROM "${schema}"."${name}" t`);
        const text = rows.rows.map((r: { row: string }) => r.row).join("\n");
        // bytea arrives as "\\x<hex>": add its bytes as text too, so a token stored as bytes is found.
        const bytes = [...text.matchAll(/\\\\x([0-9a-f]+)/g)].map((m) => Buffer.from(m[1]!, "hex").toString("latin1"));
        parts.push(`-- ${schema}.${name}\n${text}\n${bytes.join("\n")}`);
      }
      return { text: parts.join("\n"), method: `row dump of ${tables.rows.length} tables` };
    } finally {
      await client.end();
    }
  }
}
