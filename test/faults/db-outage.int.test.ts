// The database goes away for 30 seconds while the worker is sending invitations: the worker process
// must survive, back off, and finish every job once PostgreSQL is back — no job lost, nobody invited
// twice. Runs on its own throwaway PostgreSQL (the shared test database must not go down under other
// files), so only in `npm run test:soak` (GUESTPASS_SOAK=1): it takes a minute or more by design.
import { randomUUID } from "node:crypto";
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { EmulatorControl } from "@/emulator/control/client";
import { uniqueEmail, waitFor } from "@/lib/invitations/int-support";
import { migrateJobQueue } from "@/lib/jobs/runner";
import { migrateDatabase } from "@/scripts/lib/database";
import { startEmbeddedPostgres, type RunningPostgres } from "@/scripts/lib/embedded-postgres";
import { freePort } from "@/scripts/lib/test-stack";

const SOAK = process.env.GUESTPASS_SOAK === "1";
const OUTAGE_MS = 30_000;
const INVITATIONS = 60;
const emulator = EmulatorControl.fromEnv();
const cleanup: (() => Promise<void>)[] = [];

afterAll(async () => {
  for (const step of cleanup.reverse()) await step().catch(() => undefined);
  await emulator.resetFaults();
});

async function query<T extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

describe.skipIf(!SOAK)("database unavailable for 30 s", () => {
  it("the worker survives, backs off and finishes every queued invitation once PostgreSQL is back", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "guestpass-outage-"));
    const port = await freePort();
    const options = { dataDir: path.join(dir, "postgres"), port, database: "guestpass_outage", detached: false };
    let server: RunningPostgres = await startEmbeddedPostgres(options);
    cleanup.push(async () => {
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    });
    const url = server.url;
    await migrateDatabase(url);
    await migrateJobQueue(url);

    const emails = Array.from({ length: INVITATIONS }, (_, i) => uniqueEmail(`outage${i}`));
    for (const email of emails) {
      const id = randomUUID();
      await query(url, `INSERT INTO "Invitation" (id, email, status, "updatedAt") VALUES ($1, $2, 'Queued', now())`, [id, email]);
      await query(url, `SELECT graphile_worker.add_job('invitations.send', json_build_object('invitationId', $1::text), job_key := $2)`, [id, `invitation-send:${id}`]);
    }
    // Slow Graph, so sends are still going when the database disappears.
    await emulator.setFaults({ rules: [{ pathPrefix: "/v1.0/invitations", methods: ["POST"], latency: { minMs: 300, maxMs: 600 } }] });

    const worker: ChildProcess = spawn(process.execPath, ["--import", "tsx", path.join("scripts", "worker.ts")], {
      cwd: path.resolve(import.meta.dirname, "..", ".."),
      env: { ...process.env, DATABASE_URL: url, WORKER_CONCURRENCY: "2" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    worker.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    worker.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    cleanup.push(async () => {
      if (worker.exitCode === null) worker.kill("SIGKILL");
    });

    const sent = () => query<{ n: string }>(url, `SELECT count(*) AS n FROM "Invitation" WHERE status <> 'Queued' AND status <> 'Sending'`).then((r) => Number(r[0]!.n));
    await waitFor(async () => (await sent()) >= 5, { timeoutMs: 60_000, what: "the first invitations to be sent" });

    await server.stop();
    const downAt = Date.now();
    // The outage itself is the fault under test: 30 s of no database, whatever the worker does.
    await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS));
    if (worker.exitCode !== null) fs.writeFileSync(path.join(dir, "..", "guestpass-outage-worker.log"), output);
    expect(worker.exitCode, `worker exited during the outage:\n${output.slice(-2000)}`).toBeNull();
    server = await startEmbeddedPostgres(options);
    const upAfterMs = Date.now() - downAt;

    await waitFor(async () => {
      try {
        return (await sent()) === INVITATIONS;
      } catch {
        return false;
      }
    }, { timeoutMs: 240_000, what: `all ${INVITATIONS} invitations to be sent after the outage` });
    expect(worker.exitCode).toBeNull();

    const statuses = await query<{ status: string; n: string }>(url, `SELECT status, count(*) AS n FROM "Invitation" GROUP BY status`);
    const accepted = new Map<string, number>();
    for (const invitation of await emulator.listInvitations()) accepted.set(invitation.invitedUserEmailAddress.toLowerCase(), (accepted.get(invitation.invitedUserEmailAddress.toLowerCase()) ?? 0) + 1);
    expect(emails.filter((e) => accepted.get(e) !== 1)).toEqual([]);
    // Known gap (see README): the runner that lost the database can come back to life when it does
    // and lock a few jobs it never runs; those stay locked (graphile-worker frees them after 4 hours).
    // Their invitations were sent anyway (asserted above), so nothing is lost; the figure is reported.
    const [jobs] = await query<{ queued: string; stuck: string }>(
      url,
      `SELECT count(*) AS queued, count(*) FILTER (WHERE locked_at < now() - interval '1 minute') AS stuck FROM graphile_worker.jobs WHERE task_identifier = 'invitations.send'`,
    );
    console.log(`[faults] db outage: ${OUTAGE_MS / 1000} s down (back after ${Math.round(upAfterMs / 1000)} s), worker alive, ${JSON.stringify(statuses)}, each address invited once, ${jobs!.queued} jobs left queued, ${jobs!.stuck} of them stuck locked`);
  }, 420_000);
});
