import "server-only";
// The refresher: renews due grants before their refresh tokens lapse, a few at a time. Several
// workers may run it at once; the per-grant lock plus the "still due?" check inside it make a grant
// refreshed once per due time however many refreshers pick it.
import { prisma } from "@/lib/db/client";
import type { DelegatedClientConfig } from "@/lib/tokens/delegated-client";
import { acquireGrantToken } from "./grant-token";
import { logFor } from "@/lib/log";

const log = logFor("grants.refresh");

export type GrantRefreshResult = "refreshed" | "not_due" | "consent_expired" | "retry_later" | "skipped";

export async function refreshGrant(
  grantId: string,
  options: { force?: boolean; config?: DelegatedClientConfig; now?: Date } = {},
): Promise<GrantRefreshResult> {
  const outcome = await acquireGrantToken(grantId, {
    forceRefresh: true,
    onlyIfDue: !options.force,
    config: options.config,
    now: options.now,
  });
  switch (outcome.kind) {
    case "token":
      return "refreshed";
    case "not_due":
      return "not_due";
    case "failed":
      return outcome.failure.kind === "consent_lost" ? "consent_expired" : "retry_later";
    default:
      return "skipped";
  }
}

export interface RefreshRunSummary {
  picked: number;
  results: Record<GrantRefreshResult, number>;
}

/** Active grants due by `now`, soonest first (index Grant(status, nextRefreshAt)). */
export async function dueGrantIds(now: Date, limit: number): Promise<string[]> {
  const rows = await prisma.grant.findMany({
    where: { status: "Active", nextRefreshAt: { lte: now } },
    orderBy: { nextRefreshAt: "asc" },
    take: limit,
    select: { id: true },
  });
  return rows.map((row) => row.id);
}

/** Refreshes up to `limit` due grants with at most `concurrency` in flight. */
export async function refreshDueGrants(
  options: { limit?: number; concurrency?: number; now?: Date; config?: DelegatedClientConfig } = {},
): Promise<RefreshRunSummary> {
  const now = options.now ?? new Date();
  const ids = await dueGrantIds(now, options.limit ?? 200);
  const results: Record<GrantRefreshResult, number> = {
    refreshed: 0,
    not_due: 0,
    consent_expired: 0,
    retry_later: 0,
    skipped: 0,
  };
  let next = 0;
  const lane = async () => {
    while (next < ids.length) {
      const id = ids[next++]!;
      try {
        results[await refreshGrant(id, { now, config: options.config })] += 1;
      } catch (error) {
        // One grant's unexpected failure must not stop the others; the next run tries it again.
        results.skipped += 1;
        log.error({ grantId: id, error: error instanceof Error ? error.name : "unknown" }, "grant refresh failed");
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency ?? 4, ids.length)) }, lane));
  return { picked: ids.length, results };
}
