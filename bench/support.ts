// Small pieces every scenario uses: waiting for a condition, a finished job, emulator counters,
// the latency the issue asks for, and the staff member who starts the work.
import { randomBytes } from "node:crypto";
import type { EmulatorControl } from "@/emulator/control/client";
import type { CountersSnapshot } from "@/emulator/faults/counters";
import type { StaffSession } from "@/lib/auth/permissions";
import { STAFF_ROLES } from "@/lib/auth/permissions";
import { prisma } from "@/lib/db/client";

export interface ScenarioContext {
  control: EmulatorControl;
  /** The environment of the scenario's emulator and database, for the worker and the portal. */
  env: Record<string, string>;
  log: (line: string) => void;
}

/** Realistic Graph and identity latency: every call waits 80–150 ms before it is handled. */
export const LATENCY = { minMs: 80, maxMs: 150 } as const;

export async function switchOnRealisticLatency(control: EmulatorControl): Promise<void> {
  await control.resetFaults(); // Graph's documented limits, no faults, zero counters
  await control.setFaults({ seed: 6, includeIdentity: true, rules: [{ latency: { ...LATENCY } }] });
}

/** Setting up fixtures should not pay the latency the measurement is about. */
export async function switchOffLatency(control: EmulatorControl): Promise<void> {
  await control.setFaults({ includeIdentity: false, rules: [] });
}

export async function waitFor<T>(
  probe: () => Promise<T | undefined | null | false>,
  what: string,
  timeoutMs = 600_000,
  intervalMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Waits until graphile-worker has finished (and so deleted) the job; a job that failed is an error. */
export async function waitForJob(jobId: string, what: string, timeoutMs?: number): Promise<void> {
  await waitFor(
    async () => {
      const rows = await prisma.$queryRaw<
        { last_error: string | null }[]
      >`SELECT last_error FROM graphile_worker.jobs WHERE id = ${BigInt(jobId)}`;
      const row = rows[0];
      if (!row) return true;
      if (row.last_error) throw new Error(`${what} failed in the worker: ${row.last_error.slice(0, 500)}`);
      return undefined;
    },
    what,
    timeoutMs,
  );
}

export interface CallCounts {
  /** Graph requests by route ("GET /v1.0/users"), and in total: HTTP requests, a $batch counting once. */
  graph: Record<string, number>;
  graphTotal: number;
  /** Requests made inside a $batch, by route: they count against Graph's limits, not as requests. */
  batched: Record<string, number>;
  /** 429 answers from Graph's limits. */
  throttled: number;
  /** Calls to the token endpoint (app-only and delegated). */
  tokenRequests: number;
}

export function callCounts(snapshot: CountersSnapshot): CallCounts {
  const graph: Record<string, number> = {};
  const batched: Record<string, number> = {};
  let graphTotal = 0;
  let throttled = 0;
  let tokenRequests = 0;
  for (const [route, counters] of Object.entries(snapshot.routes)) {
    throttled += counters.throttled;
    const path = route.split(" ")[1] ?? "";
    if (/^\/(v1\.0|beta)\//.test(path)) {
      const requests = counters.calls - counters.insideBatch;
      if (requests > 0) graph[route] = requests;
      if (counters.insideBatch > 0) batched[route] = counters.insideBatch;
      graphTotal += requests;
    } else if (/\/oauth2\/(v2\.0\/)?token$/.test(path)) tokenRequests += counters.calls;
  }
  return { graph, graphTotal, batched, throttled, tokenRequests };
}

/** A staff administrator as sign-in records one (a User row with the role from the ID token). */
export async function benchAdmin(): Promise<StaffSession> {
  const email = `bench-admin-${randomBytes(4).toString("hex")}@contoso.com`;
  const roles = [STAFF_ROLES.admin];
  const user = await prisma.user.create({
    data: { entraTenantId: "bench", entraObjectId: randomBytes(8).toString("hex"), email, name: "Bench Admin", roles },
  });
  return { userId: user.id, email, name: user.name, roles };
}

/** The p-th percentile of sorted values (nearest rank), to 0.1. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return Math.round((sorted[index] as number) * 10) / 10;
}

export const seconds = (ms: number) => Math.round(ms / 10) / 100;
