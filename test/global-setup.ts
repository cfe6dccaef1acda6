// Global setup of the vitest `integration` project: a fresh PostgreSQL with every migration applied,
// and an emulator over HTTPS. Tests read the usual configuration from process.env (DATABASE_URL,
// AZURE_*, MICROSOFT_AUTHORITY_HOST, GRAPH_BASE_URL, …), exactly as the portal and the worker do,
// plus EMULATOR_CONTROL_URL / EMULATOR_CONTROL_TOKEN for the control API.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { migrateJobQueue } from "../lib/jobs/runner";
import { migrateDatabase, PROJECT_ROOT } from "../scripts/lib/database";
import { startEmbeddedPostgres } from "../scripts/lib/embedded-postgres";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    emulatorUrl: string | null;
  }
}

interface StartedEmulator {
  url: string;
  env: Record<string, string>;
  close(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "localhost", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** A fresh database: on DATABASE_URL's server when given, else on a new embedded PostgreSQL. */
async function freshDatabase(): Promise<{ url: string; dispose(): Promise<void> }> {
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
      dispose: async () => {
        const client = new pg.Client({ connectionString: given });
        await client.connect();
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await client.end();
      },
    };
  }
  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), "guestpass-test-"));
  const server = await startEmbeddedPostgres({ dataDir: path.join(tempDir, "postgres"), port: await freePort(), database: name });
  return {
    url: server.url,
    dispose: async () => {
      await server.stop();
      fs.rmSync(tempDir, { recursive: true, force: true });
    },
  };
}

/** The emulator's own module, when it exists in this checkout (it is built alongside the app). */
async function startEmulatorIfPresent(appUrl: string): Promise<StartedEmulator | null> {
  const entry = path.join(PROJECT_ROOT, "emulator", "server.ts");
  if (!fs.existsSync(entry)) {
    console.warn("[integration] emulator/server.ts not found: tests that need the emulator will fail.");
    return null;
  }
  const { startEmulator } = (await import(pathToFileURL(entry).href)) as {
    startEmulator(options: { port: number; appUrl: string; quiet: boolean }): Promise<StartedEmulator>;
  };
  return startEmulator({ port: 0, appUrl, quiet: true });
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  process.env.NEXT_TELEMETRY_DISABLED = "1";
  const database = await freshDatabase();
  let emulator: StartedEmulator | null = null;
  try {
    await migrateDatabase(database.url);
    await migrateJobQueue(database.url);
    const appUrl = process.env.APP_URL ?? "http://localhost:3100";
    emulator = await startEmulatorIfPresent(appUrl);
    Object.assign(process.env, emulator?.env ?? {}, {
      DATABASE_URL: database.url,
      APP_URL: appUrl,
      // Fresh per run: no test may depend on a key that outlives it.
      TOKEN_ENCRYPTION_KEY: `test:${randomBytes(32).toString("base64")}`,
      AUTH_SECRET: randomBytes(32).toString("base64url"),
    });
    project.provide("databaseUrl", database.url);
    project.provide("emulatorUrl", emulator?.url ?? null);
  } catch (error) {
    await emulator?.close();
    await database.dispose();
    throw error;
  }
  return async () => {
    await emulator?.close();
    await database.dispose();
  };
}
