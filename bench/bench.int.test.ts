// Keeps the benchmark from rotting: `npm run bench -- --quick` must run every scenario end to end
// and account for every row, grant and guest. Timings are not asserted (the machine is shared and
// noisy); counts are, because a harness that silently measures nothing is worse than none.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { BenchRun } from "./report";
import { SERVER_CONDITION } from "@/scripts/lib/server-condition";

const ROOT = path.resolve(import.meta.dirname, "..");

function runQuickBench(outDir: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    // Its own stack: a fresh database on this run's PostgreSQL (DATABASE_URL from the global setup)
    // and its own emulators on the CA this process already trusts.
    const child = spawn(
      process.execPath,
      [SERVER_CONDITION, "--import", "tsx", "bench/run.ts", "--quick", "--no-build", "--out", outDir],
      {
        cwd: ROOT,
        env: process.env,
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    child.on("exit", (code) => resolve({ code, output }));
  });
}

describe("npm run bench -- --quick", () => {
  it("runs every scenario and its baseline, with every count right", async () => {
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "guestpass-bench-"));
    const { code, output } = await runQuickBench(outDir);
    expect(code, output.slice(-3000)).toBe(0);
    const run = JSON.parse(fs.readFileSync(path.join(outDir, "latest-quick.json"), "utf8")) as BenchRun;
    expect(fs.readFileSync(path.join(outDir, "latest-quick.md"), "utf8")).toContain("| Scenario | Figure |");
    const { bulkInvite, statusSync, grantRefresh, dashboard, events, send, scaleOut } = run.results;

    // 1: every address invited once, by one POST each, one app-only token, no 429 under the window.
    expect(bulkInvite).toBeDefined();
    expect(bulkInvite!.main).toMatchObject({ rows: 40, invited: 40, failed: 0, lost: 0, duplicated: 0 });
    expect(bulkInvite!.main.calls.graph["POST /v1.0/invitations"]).toBe(40);
    // Addresses looked up 20 to a $batch: no GET of its own per row.
    expect(bulkInvite!.main.calls.graph["GET /v1.0/users"]).toBeUndefined();
    expect(bulkInvite!.main.calls.graphTotal / 40).toBeLessThanOrEqual(1.1);
    expect(bulkInvite!.main.calls.throttled).toBe(0);
    expect(bulkInvite!.main.calls.tokenRequests).toBe(1);
    expect(bulkInvite!.sequential).toMatchObject({ rows: 5, invited: 5, lost: 0, duplicated: 0 });
    // Memory at N and 5N (the 40-row run is the main one).
    expect(bulkInvite!.memory.map((m) => m.rows)).toEqual([8, 40]);
    for (const m of bulkInvite!.memory) expect(m.memory.peakRssMiB).toBeGreaterThan(m.memory.idleRssMiB * 0.9);
    // The worker's own readings: a collected heap smaller than the peak, and real work per row (a row
    // is a look-up share, a POST and several transactions: more than a handful of statements).
    for (const m of bulkInvite!.memory) {
      expect(m.memory.retainedHeapMiB).toBeGreaterThan(0);
      expect(m.memory.retainedHeapMiB!).toBeLessThan(m.memory.peakRssMiB);
    }
    expect(bulkInvite!.main.perRow.cpuMs).toBeGreaterThan(0);
    expect(bulkInvite!.main.perRow.statements).toBeGreaterThan(5);

    // 2: 1,200 guests in two list pages (after 240 in one); every changed guest found, every invitation synced.
    expect(statusSync).toMatchObject({ guests: 1200, changed: 60, statusesChanged: 60, synced: 1200 });
    expect(statusSync!.calls.graph).toEqual({ "GET /v1.0/users": 2 });
    expect(statusSync!.perUser).toMatchObject({ sample: 5, graphCalls: 5 });
    // Each size in its own worker (N and 5N), the smaller one's sync complete too.
    expect(statusSync!.memory.map((m) => m.guests)).toEqual([240, 1200]);
    for (const m of statusSync!.memory) expect(m.memory.peakRssMiB).toBeGreaterThan(m.memory.idleRssMiB * 0.9);

    // 3: every due grant refreshed once, nothing lost under strict rotation, re-checked afterwards.
    expect(grantRefresh!.runs.map((r) => [r.grants, r.refreshed, r.lostRefreshTokens, r.calls.tokenRequests])).toEqual([
      [20, 20, 0, 20],
      [40, 40, 0, 40],
    ]);
    expect(grantRefresh!.sequential).toMatchObject({ grants: 5, refreshed: 5, lostRefreshTokens: 0, concurrency: 1 });
    expect(grantRefresh!.verified).toEqual({ checked: 5, refused: 0 });

    // 4 and 7's accept latency: only when this checkout has a production build of its sources (the
    // suite does not build one; a stale one is skipped too). Each page takes an exact count of
    // requests, however slow the machine.
    const noBuild = /^(no production build|production build older than the sources)/;
    if (dashboard && !("skipped" in dashboard)) {
      expect(dashboard.load).toEqual({ requestsPerPage: 40 });
      for (const page of [dashboard.static, dashboard.rendered, ...dashboard.pages]) {
        expect(page.requests, page.name).toBe(40);
        expect(page.unexpected, page.name).toBe(0);
      }
      expect(dashboard.pages.map((page) => page.path)).toEqual([
        "/invitations",
        "/invitations?status=Failed",
        "/invitations?q=person-1000",
      ]);
      // The same pages once the database has grown, and the plans of every read each page makes
      // (session, registration banner, list, counts).
      expect(dashboard.grown.invitations).toBe(10_000);
      expect(dashboard.grown.rendered).toMatchObject({ requests: 40, unexpected: 0 });
      expect(dashboard.grown.pages.map((page) => [page.path, page.requests, page.unexpected])).toEqual(
        dashboard.pages.map((page) => [page.path, 40, 0]),
      );
      expect(dashboard.grown.plans.map((page) => page.path)).toEqual(dashboard.pages.map((page) => page.path));
      for (const page of dashboard.grown.plans) {
        expect(page.plans.length, page.path).toBeGreaterThanOrEqual(4);
        for (const plan of page.plans) expect(plan.plan, plan.statement).toMatch(/Execution Time/);
      }
    } else {
      expect(dashboard).toEqual({ skipped: expect.stringMatching(noBuild) });
    }
    // 6: every event verified at the receiver once by webhook-id, none lost, one attempt each.
    expect(events!.burst).toMatchObject({ events: 150, received: 150, lost: 0, duplicated: 0, unverified: 0 });
    expect(events!.trickle).toMatchObject({ events: 20, received: 20, lost: 0, duplicated: 0, unverified: 0 });
    expect(events!.attemptsPerEvent).toBe(1);
    // Memory at N and 5N: a burst of 30 in a worker of its own (all delivered), then the run's 170.
    expect(events!.memory.map((m) => m.events)).toEqual([30, 170]);
    for (const m of events!.memory) expect(m.memory.peakRssMiB).toBeGreaterThan(m.memory.idleRssMiB * 0.9);
    // Each delivery is at least its read, its attempt and its status: statements per event ≥ 3.
    expect(events!.burst.perEvent.statements).toBeGreaterThanOrEqual(3);
    // 7: every message accepted, sent once (counted at Graph by Idempotency-Key), never over 4 in flight.
    expect(send).toMatchObject({
      messages: 40,
      mailboxes: 4,
      accepted: 40,
      sent: 40,
      failed: 0,
      lost: 0,
      duplicated: 0,
    });
    expect(send!.throttled).toBe(0);
    // Memory at N and 5N: 8 messages in a worker of their own (all sent), then the run's 40.
    expect(send!.memory.map((m) => m.messages)).toEqual([8, 40]);
    for (const m of send!.memory) expect(m.memory.peakRssMiB).toBeGreaterThan(m.memory.idleRssMiB * 0.9);
    expect(send!.maxInFlightPerMailbox).toBeGreaterThanOrEqual(1);
    expect(send!.maxInFlightPerMailbox).toBeLessThanOrEqual(4);
    expect(send!.limitFloorMs).toBe(240); // 10 a mailbox: 3 rounds of 4 at 80 ms
    if ("skipped" in send!.latency) {
      expect(send!.latency.skipped).toMatch(noBuild);
      // The same build decides both: a dashboard skipped for want of one is not measured over HTTP.
      expect(dashboard).toEqual({ skipped: send!.latency.skipped });
    } else {
      expect(dashboard).not.toHaveProperty("skipped");
      expect(send!.latency.accept).toMatchObject({ requests: 40, unexpected: 0 });
      expect(send!.latency.static).toMatchObject({ requests: 40, unexpected: 0 });
    }
    // 8: three runs at once, each worked by its own worker process, under one shared window: every
    // address invited once, no 429; the dashboard over both portals only with a fresh build.
    expect(scaleOut).toMatchObject({ workers: 3, runs: [{ rows: 20 }, { rows: 20 }, { rows: 20 }] });
    expect(new Set(scaleOut!.runs.map((r) => r.worker))).toEqual(new Set([1, 2, 3]));
    expect(scaleOut!.bulk).toMatchObject({ rows: 60, invited: 60, failed: 0, lost: 0, duplicated: 0 });
    expect(scaleOut!.bulk.calls.graph["POST /v1.0/invitations"]).toBe(60);
    expect(scaleOut!.bulk.calls.throttled).toBe(0);
    if ("skipped" in scaleOut!.dashboard) {
      expect(scaleOut!.dashboard).toEqual({ skipped: expect.stringMatching(noBuild) });
    } else {
      for (const page of [scaleOut!.dashboard.notFound, scaleOut!.dashboard.onePortal, scaleOut!.dashboard.spread])
        expect(page, page.name).toMatchObject({ requests: 40, unexpected: 0 });
    }
    expect(run.rows.length).toBeGreaterThanOrEqual(26);
  }, 240_000);
});
