// The embedded PostgreSQL launcher must survive the ways local databases go wrong: a launcher that
// crashed and left its server running, two launchers at once, and a stale pid file.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { startEmbeddedPostgres } from "./embedded-postgres";
import { freePort } from "./test-stack";

const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), "guestpass-test-launcher-"));
const dataDir = path.join(tempDir, "postgres");
const ownerFile = `${dataDir}.owner.pid`;

async function query(url: string, sql: string): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

function postmasterPid(): number {
  return Number(fs.readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return !/^State:\s+Z/m.test(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
  } catch {
    return false;
  }
}

describe("embedded PostgreSQL launcher", () => {
  let port = 0;
  afterAll(() => {
    fs.rmSync(tempDir, { recursive: true, force: true });
  });

  it("initialises a data dir once and reuses it with its data", async () => {
    port = await freePort();
    const listeners = () => ["beforeExit", "exit", "SIGINT", "SIGTERM"].map((event) => process.listenerCount(event));
    const before = listeners();
    const first = await startEmbeddedPostgres({ dataDir, port, database: "launcher", detached: false });
    await query(first.url, "CREATE TABLE kept (id int); INSERT INTO kept VALUES (42)");
    await first.stop();
    // embedded-postgres's own handlers would process.exit(0) on beforeExit (hiding failed test runs)
    // and throw on exit (failing passing ones); ours are gone once the server is stopped.
    expect(listeners()).toEqual(before);
    expect(fs.existsSync(ownerFile)).toBe(false);

    const second = await startEmbeddedPostgres({ dataDir, port, database: "launcher", detached: false });
    expect(await query(second.url, "SELECT id FROM kept")).toEqual([{ id: 42 }]);
    await second.stop();
  });

  it("shares a server whose launcher is alive, and adopts one whose launcher crashed", async () => {
    const owner = await startEmbeddedPostgres({ dataDir, port, database: "launcher", detached: false });
    const pid = postmasterPid();

    // Pretend another live process started it: a second launcher must share it, not stop it.
    fs.writeFileSync(ownerFile, `${process.ppid}\n`);
    const sharer = await startEmbeddedPostgres({ dataDir, port, database: "launcher", detached: false });
    expect(sharer.owned).toBe(false);
    await sharer.stop();
    expect(isRunning(pid)).toBe(true);

    // Now its launcher "crashed" (its pid is gone): the next launcher adopts the server and stops it.
    fs.writeFileSync(ownerFile, "2147483646\n");
    const adopter = await startEmbeddedPostgres({ dataDir, port, database: "launcher", detached: false });
    expect(adopter.owned).toBe(true);
    await adopter.stop();
    expect(isRunning(pid)).toBe(false);
    await owner.stop(); // already stopped by the adopter: must be harmless
  });

  it("starts despite a stale postmaster.pid naming a process that is not PostgreSQL", async () => {
    fs.writeFileSync(path.join(dataDir, "postmaster.pid"), `${process.pid}\n${dataDir}\n`);
    const server = await startEmbeddedPostgres({ dataDir, port, database: "launcher", detached: false });
    expect(await query(server.url, "SELECT 1 AS ok")).toEqual([{ ok: 1 }]);
    await server.stop();
  });
});
