// Usage: npm run db:new-migration -- <name>
// Writes prisma/migrations/<timestamp>_<name>/migration.sql with the SQL that takes the schema as of
// the last committed migration to the current prisma/schema.prisma.
// Why not `prisma migrate dev`: it also works (on a PostgreSQL up to 17, or with Prisma's native
// engine), but the offline schema-engine stand-in panics describing PostgreSQL 18 catalogs, and a
// schema-to-schema diff only needs a database to connect to (run under
// scripts/with-db.ts), never to describe.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PROJECT_ROOT } from "./lib/database";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: npm run db:new-migration -- <snake_case_name>");
  process.exit(2);
}

const git = (...args: string[]) => execFileSync("git", args, { cwd: PROJECT_ROOT, encoding: "utf8" }).trim();
const lastMigrationCommit = git("log", "-1", "--format=%H", "--", "prisma/migrations");
let from = ["--from-empty"];
if (lastMigrationCommit) {
  const before = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "guestpass-migration-")), "schema.prisma");
  fs.writeFileSync(before, git("show", `${lastMigrationCommit}:prisma/schema.prisma`));
  from = ["--from-schema", before];
}

const sql = execFileSync(
  path.join(PROJECT_ROOT, "node_modules", ".bin", "prisma"),
  ["migrate", "diff", ...from, "--to-schema", "prisma/schema.prisma", "--script"],
  { cwd: PROJECT_ROOT, encoding: "utf8" },
);
if (!/^(CREATE|ALTER|DROP)/m.test(sql)) {
  console.log("The schema matches the last migration: nothing to write.");
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const dir = path.join(PROJECT_ROOT, "prisma", "migrations", `${stamp}_${name}`);
fs.mkdirSync(dir, { recursive: true });
fs.writeFileSync(path.join(dir, "migration.sql"), sql);
console.log(`Wrote ${path.relative(PROJECT_ROOT, dir)}/migration.sql — review it, then npm run db:migrate.`);
