// What a bench worker reports of itself on SIGUSR2 (bench/worker-entry.ts), one line on stdout.
import { z } from "zod";

export const USAGE_LINE = "bench-worker-usage ";

export const workerUsageSchema = z.object({
  /** User + system CPU time since the process started, ms. */
  cpuMs: z.number(),
  /** Statements sent to PostgreSQL since the process started. */
  statements: z.number(),
  /** Heap in use right after a full collection, MiB (null when the process cannot collect on demand). */
  heapAfterGcMiB: z.number().nullable(),
});
export type WorkerUsage = z.infer<typeof workerUsageSchema>;

/** What the worker spent between two readings, per unit of work (a row, a refresh, an event). */
export function usagePer(
  before: WorkerUsage,
  after: WorkerUsage,
  units: number,
): { cpuMs: number; statements: number } {
  const n = Math.max(1, units);
  return {
    cpuMs: Math.round(((after.cpuMs - before.cpuMs) / n) * 10) / 10,
    statements: Math.round(((after.statements - before.statements) / n) * 10) / 10,
  };
}
