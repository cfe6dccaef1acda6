// What the specs need to reach the running stack directly: the emulator's control API (redeem an
// invitation as the invited person would) and the job queue (fire the periodic status sync now
// instead of waiting for its 5-minute slot). scripts/e2e-server.ts writes the stack's environment.
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { EmulatorControl } from "../../emulator/control/client";

/** The stack of this run: scripts/e2e-server.ts names the file by its port (E2E_PORT, as in playwright.config.ts). */
export function stackEnv(): Record<string, string> {
  const file =
    process.env.E2E_STACK_FILE ?? path.join("test-results", `e2e-stack-${process.env.E2E_PORT ?? 3100}.json`);
  return JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, string>;
}

export function emulatorControl(): EmulatorControl {
  return EmulatorControl.fromEnv(stackEnv());
}

/** Runs SQL against the stack's database (fresh per run). */
export async function withDatabase<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: stackEnv().DATABASE_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Queues a worker job now, exactly as its crontab slot would (graphile-worker's add_job). */
export async function queueJob(task: string, payload: Record<string, unknown> = {}): Promise<void> {
  await withDatabase((client) =>
    client.query("SELECT graphile_worker.add_job($1, $2::json)", [task, JSON.stringify(payload)]),
  );
}

/** The e2e stack's database switch (scripts/lib/database-control.ts); null on an external DATABASE_URL. */
export interface StackDatabaseControl {
  stop(options?: { maxSeconds?: number }): Promise<void>;
  start(): Promise<void>;
  running(): Promise<boolean>;
}

export function stackDatabaseControl(): StackDatabaseControl | null {
  const env = stackEnv();
  const url = env.E2E_DATABASE_CONTROL_URL;
  const token = env.E2E_DATABASE_CONTROL_TOKEN;
  if (!url || !token) return null;
  const call = async (method: string, route: string, body?: unknown) => {
    const response = await fetch(`${url}${route}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok)
      throw new Error(`database control ${method} ${route}: ${response.status} ${await response.text()}`);
    return (await response.json()) as { running: boolean };
  };
  return {
    stop: async (options = {}) => void (await call("POST", "/database/stop", options)),
    start: async () => void (await call("POST", "/database/start")),
    running: async () => (await call("GET", "/database")).running,
  };
}
