import type { BadgeTone } from "@/components/badge";

/** How a bulk run's state reads to staff: an unconfirmed upload is "awaiting confirmation", not "queued". */
export function runStatusDisplay(run: { status: string; confirmedAt: Date | null }): {
  label: string;
  tone: BadgeTone;
} {
  if (run.status === "Queued" && !run.confirmedAt) return { label: "Awaiting confirmation", tone: "warning" };
  if (run.status === "Queued") return { label: "Waiting for the worker", tone: "neutral" };
  if (run.status === "Running") return { label: "Sending", tone: "progress" };
  if (run.status === "Completed") return { label: "Completed", tone: "success" };
  return { label: "Stopped", tone: "danger" };
}
