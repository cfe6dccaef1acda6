// What integration and end-to-end tests run against: a fresh database (a new embedded PostgreSQL in
// a temp dir, or a new database on DATABASE_URL's server) with every migration applied, and the
// emulator over HTTPS when this checkout has it. Returns the environment the code under test reads.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import pg from "pg";
import { migrateJobQueue } from "../../lib/jobs/runner";
import { migrateDatabase, PROJECT_ROOT } from "./database";
import { freePort } from "./free-port";
import { startEmbeddedPostgres, type RunningPostgres } from "./embedded-postgres";

// Where the test stack, its specs and the bench have always imported it from.
export { freePort };

/** Stops and starts the stack's own PostgreSQL for real (same data dir and port): fault tests. */
export interface DatabaseOutageControl {
  stop(): Promise<void>;
  start(): Promise<void>;
  readonly running: boolean;
}

export interface TestStack {
  databaseUrl: string;
  /** Null when the stack runs on an external DATABASE_URL server (which it must not stop). */
  outage: DatabaseOutageControl | null;
  emulatorUrl: string | null;
  /** DATABASE_URL, APP_URL, fresh secrets, and the emulator's variables (AZURE_*, hosts, CA, control). */
  env: Record<string, string>;
  stop(): Promise<void>;
}

interface StartedEmulator {
  url: string;
  env: Record<string, string>;
  close(): Promise<void>;
}

/** A throwaway database: a new embedded PostgreSQL, or a new database on DATABASE_URL's server (also used by bench/). */
export async function freshDatabase(
  wanted: { port?: number } = {},
): Promise<{ url: string; outage: DatabaseOutageControl | null; dispose(): Promise<void> }> {
  const given = process.env.DATABASE_URL?.trim();
  const name = `guestpass_test_${randomBytes(4).toString("hex")}`;
  if (given) {
    const admin = new pg.Client({ connectionString: given });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(given);
    url.pathname = `/${name}`;
    return {
      url: url.toString(),
      outage: null,
      dispose: async () => {
        const client = new pg.Client({ connectionString: given });
        await client.connect();
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await client.end();
      },
    };
  }
  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), "guestpass-test-"));
  const options = {
    dataDir: path.join(tempDir, "postgres"),
    port: wanted.port ?? (await freePort()),
    database: name,
    detached: false,
  };
  let server: RunningPostgres | null = await startEmbeddedPostgres(options);
  // One change at a time: a start racing a stop would leave two postmasters fighting over one dir.
  let queue: Promise<unknown> = Promise.resolve();
  const serially = (step: () => Promise<void>) => {
    const next = queue.then(step);
    queue = next.catch(() => undefined);
    return next;
  };
  const outage: DatabaseOutageControl = {
    get running() {
      return server !== null;
    },
    stop: () =>
      serially(async () => {
        const running = server;
        server = null;
        await running?.stop();
      }),
    start: () =>
      serially(async () => {
        server ??= await startEmbeddedPostgres(options);
      }),
  };
  const url = server.url;
  return {
    url,
    outage,
    dispose: () =>
      serially(async () => {
        await server?.stop();
        server = null;
        fs.rmSync(tempDir, { recursive: true, force: true });
      }),
  };
}

/** The emulator is built alongside the app; until its entry point exists, tests run without it. */
async function startEmulatorIfPresent(appUrl: string): Promise<StartedEmulator | null> {
  const entry = path.join(PROJECT_ROOT, "emulator", "server.ts");
  if (!fs.existsSync(entry)) {
    console.warn("[test stack] emulator/server.ts not found: tests that need the emulator will fail.");
    return null;
  }
  const { startEmulator } = (await import(pathToFileURL(entry).href)) as {
    startEmulator(options: { port: number; appUrl: string; quiet: boolean }): Promise<StartedEmulator>;
  };
  return startEmulator({ port: 0, appUrl, quiet: true });
}

/** Values that satisfy lib/env.ts when there is no emulator (nothing will be called with them). */
const PLACEHOLDER_APP_REGISTRATION = {
  AZURE_TENANT_ID: "00000000-0000-4000-8000-000000000000",
  AZURE_CLIENT_ID: "00000000-0000-4000-8000-000000000001",
  AZURE_CLIENT_SECRET: "no-emulator-placeholder",
  MICROSOFT_AUTHORITY_HOST: "https://localhost:9",
  GRAPH_BASE_URL: "https://localhost:9",
};

export async function startTestStack(options: { appUrl: string }): Promise<TestStack> {
  const database = await freshDatabase();
  let emulator: StartedEmulator | null = null;
  try {
    await migrateDatabase(database.url);
    await migrateJobQueue(database.url);
    emulator = await startEmulatorIfPresent(options.appUrl);
  } catch (error) {
    await emulator?.close();
    await database.dispose();
    throw error;
  }
  const env: Record<string, string> = {
    ...(emulator?.env ?? PLACEHOLDER_APP_REGISTRATION),
    DATABASE_URL: database.url,
    APP_URL: options.appUrl,
    // Fresh per run: no test may depend on a key that outlives it.
    TOKEN_ENCRYPTION_KEY: `test:${randomBytes(32).toString("base64")}`,
    AUTH_SECRET: randomBytes(32).toString("base64url"),
    NEXT_TELEMETRY_DISABLED: "1",
  };
  return {
    databaseUrl: database.url,
    outage: database.outage,
    emulatorUrl: emulator?.url ?? null,
    env,
    stop: async () => {
      await emulator?.close();
      await database.dispose();
    },
  };
}
