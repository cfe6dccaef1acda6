// One answer to "which PostgreSQL?" for every script: DATABASE_URL when the operator set it, otherwise
// the embedded server with its data under .data/postgres. Same migrations, same code either way.
import { spawn } from "node:child_process";
import path from "node:path";
import { startEmbeddedPostgres } from "./embedded-postgres";

export const PROJECT_ROOT = path.resolve(import.meta.dirname, "..", "..");
export const EMBEDDED_POSTGRES_PORT = Number(process.env.EMBEDDED_POSTGRES_PORT ?? 54329);

export interface PreparedDatabase {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

export async function prepareDatabase(): Promise<PreparedDatabase> {
  const given = process.env.DATABASE_URL?.trim();
  if (given) return { url: given, embedded: false, stop: async () => undefined };
  const server = await startEmbeddedPostgres({
    dataDir: path.join(PROJECT_ROOT, ".data", "postgres"),
    port: EMBEDDED_POSTGRES_PORT,
    database: "guestpass",
  });
  return { url: server.url, embedded: true, stop: () => server.stop() };
}

/** Runs a project binary (node_modules/.bin) to completion; rejects with its exit code. */
export function runBin(bin: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(PROJECT_ROOT, "node_modules", ".bin", bin), args, {
      cwd: PROJECT_ROOT,
      env,
      stdio: "inherit",
    });
    child.on("error", reject);
    child.on("exit", (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`${bin} ${args.join(" ")} failed (${signal ?? `exit ${code}`})`)),
    );
  });
}

/** Applies the committed migrations (prisma migrate deploy) to the given database. */
export function migrateDatabase(url: string): Promise<void> {
  return runBin("prisma", ["migrate", "deploy"], { ...process.env, DATABASE_URL: url });
}

/** Loads .env (if any) into process.env without overriding variables already set. */
export function loadDotEnv(file = path.join(PROJECT_ROOT, ".env")): void {
  try {
    process.loadEnvFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
}
