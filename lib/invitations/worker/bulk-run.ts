import "server-only";
// Bulk invite, worker side. One processor per run at a time, guarded by a lease on the run that it
// renews while it works; a worker that dies stops renewing, and the watchdog (watchdog.ts) lets
// another worker resume. Resuming needs no memory of the dead worker: each row's state says where
// it stands — no outcome and no invitation: not started; an invitation in Sending: a POST may have
// gone out, so sendInvitation looks the address up first. The unique email on Invitation and the
// row's conditional outcome update make sure nobody is invited (or counted) twice.
import { randomUUID } from "node:crypto";
import { prisma } from "@/lib/db/client";
import type { BulkInviteRowOutcome } from "@/lib/db/generated/client";
import type { ExplainedError } from "@/lib/errors/explain";
import { BATCH_MAX_REQUESTS, batchLookUpUsersByEmail } from "@/lib/graph/batch";
import type { GraphClient } from "@/lib/graph/client";
import { appGraphClientFromEnv } from "@/lib/graph/from-env";
import type { DirectoryUser } from "@/lib/graph/users";
import type { InvitationInput } from "@/lib/shared/invitation-validation";
import { createQueuedInvitation } from "@/lib/invitations/create";
import { giveUpSending, MAX_SEND_ATTEMPTS, sendInvitation, type SendDependencies } from "./send";
import { notifyBulkRunChanged } from "@/lib/invitations/lifecycle";
import { BULK_RUN_FINISHED_SELECT, emitBulkRunFinished } from "@/lib/events/resources";

export const BULK_LEASE_MS = 15_000;

/**
 * Rows in flight by default. A row spends ~250 ms (its share of a look-up $batch, POST, a few short transactions) and
 * the shared sending window allows 150 invitations per 5.5 s (27.3 a second), so ~8 rows keep up
 * with it; 12 leave room for slower answers and fill a fresh window in about 3 s. Rows hold a database connection only for their short transactions, never across a
 * Graph call, so 12 lanes need only a few of the pool's connections (POOL_SIZE in lib/db/client.ts).
 */
export const BULK_ROWS_IN_FLIGHT = 12;

export interface BulkRunOptions extends SendDependencies {
  /** Rows in flight at once; the shared sending window sets the real pace. */
  concurrency?: number;
  leaseMs?: number;
  log?: (message: string) => void;
  /** Graceful shutdown (graphile-worker aborts 5 s after it starts): finish the rows in flight, hand the run back. */
  signal?: AbortSignal;
}

export type BulkRunResult = "completed" | "stopped" | "busy" | "lostLease" | "interrupted";

interface PendingRow {
  id: string;
  rowNumber: number;
  email: string;
  input: unknown;
  invitationId: string | null;
}

/**
 * Looks addresses up ahead of the rows that need them, 20 to a $batch (one Graph request instead of
 * 20 GETs), keeping the next 20 rows' answers on their way so no lane waits for a batch; the lanes
 * share the answers. Each answer is used once, by its row, right before that row's invitation is
 * created, so nothing stale is kept; a failed batch fails the rows that wait on it.
 */
class AddressLookups {
  private readonly answers = new Map<string, Promise<DirectoryUser | null>>();
  constructor(private readonly graph: GraphClient) {}

  /** The tenant's user holding `email`; `upcoming` are the addresses of the rows after it, in order. */
  take(email: string, upcoming: readonly string[]): Promise<DirectoryUser | null> {
    const wanted = email.toLowerCase();
    const later = upcoming.map((address) => address.toLowerCase()).filter((address) => address !== wanted);
    if (!this.answers.has(wanted)) this.ask([wanted, ...this.unasked(later)]);
    const answer = this.answers.get(wanted)!;
    this.answers.delete(wanted);
    if (this.unasked(later.slice(0, BATCH_MAX_REQUESTS)).length > 0) this.ask(this.unasked(later));
    return answer;
  }

  private unasked(addresses: readonly string[]): string[] {
    return addresses.filter((address) => !this.answers.has(address));
  }

  private ask(addresses: readonly string[]): void {
    const chunk = [...new Set(addresses)].slice(0, BATCH_MAX_REQUESTS);
    const batch = batchLookUpUsersByEmail(this.graph, chunk);
    for (const address of chunk) {
      const answer = batch.then((users) => users.get(address) ?? null);
      answer.catch(() => {}); // awaited by its own row, if that row still gets here
      this.answers.set(address, answer);
    }
  }
}

const describe = (explained: ExplainedError) =>
  `${explained.title}. ${explained.meaning}${explained.requestId ? ` (request id ${explained.requestId})` : ""}`;

/** Takes the run's lease; answers the run's creator (who each invitation is created by), or null when busy. */
async function acquireLease(
  runId: string,
  owner: string,
  leaseMs: number,
): Promise<{ createdById: string | null } | null> {
  const taken = await prisma.$queryRaw<{ createdById: string | null }[]>`
    UPDATE "BulkInviteRun" SET status = 'Running', "leaseOwner" = ${owner},
      "leaseExpiresAt" = clock_timestamp() + make_interval(secs => ${leaseMs / 1000}::float8)
    WHERE id = ${runId} AND "confirmedAt" IS NOT NULL AND status IN ('Queued', 'Running')
      AND ("leaseExpiresAt" IS NULL OR "leaseExpiresAt" < clock_timestamp() OR "leaseOwner" = ${owner})
    RETURNING "createdById"`;
  return taken[0] ?? null;
}

async function renewLease(runId: string, owner: string, leaseMs: number): Promise<boolean> {
  const renewed = await prisma.$executeRaw`
    UPDATE "BulkInviteRun" SET "leaseExpiresAt" = clock_timestamp() + make_interval(secs => ${leaseMs / 1000}::float8)
    WHERE id = ${runId} AND "leaseOwner" = ${owner} AND status = 'Running'`;
  return renewed === 1;
}

async function releaseLease(runId: string, owner: string): Promise<void> {
  await prisma.bulkInviteRun.updateMany({
    where: { id: runId, leaseOwner: owner },
    data: { leaseOwner: null, leaseExpiresAt: null },
  });
}

const COUNTER: Record<BulkInviteRowOutcome, "invitedCount" | "existingCount" | "failedCount"> = {
  Invited: "invitedCount",
  Existing: "existingCount",
  Failed: "failedCount",
};

/** Sets a row's outcome once (a second writer finds it already set) and counts it on the run. */
async function settleRow(
  runId: string,
  rowId: string,
  outcome: BulkInviteRowOutcome,
  reason: string | null,
  invitationId?: string,
): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const settled = await tx.bulkInviteRow.updateMany({
      where: { id: rowId, outcome: null },
      data: { outcome, reason, ...(invitationId ? { invitationId } : {}) },
    });
    if (settled.count === 0) return;
    const run = await tx.bulkInviteRun.update({
      where: { id: runId },
      data: { [COUNTER[outcome]]: { increment: 1 } },
      select: BULK_RUN_FINISHED_SELECT,
    });
    await emitBulkRunFinished(tx, runId, run);
    await notifyBulkRunChanged(tx, runId);
  });
}

type RowResult =
  | { kind: "done" }
  | { kind: "retry"; afterMs: number; explained?: ExplainedError; invitationId?: string }
  | { kind: "stop"; explained: ExplainedError };

interface RunContext {
  runId: string;
  /**
   * The run's creator, read when the lease is taken. Should that account be deleted during the run,
   * the next invitation's foreign key fails the job, and its retry takes the lease and reads it again.
   */
  createdById: string | null;
}

async function processRow(
  { runId, createdById }: RunContext,
  row: PendingRow,
  lookUp: () => Promise<DirectoryUser | null>,
  options: BulkRunOptions,
): Promise<RowResult> {
  let invitationId = row.invitationId;
  if (!invitationId) {
    const known = await prisma.invitation.findUnique({
      where: { email: row.email },
      select: { id: true, status: true },
    });
    if (known) {
      await settleRow(runId, row.id, "Existing", `Already invited with Guestpass (status ${known.status}).`, known.id);
      return { kind: "done" };
    }
    const user = await lookUp();
    if (user) {
      const kind = user.userType === "Member" ? "a member" : "a guest";
      await settleRow(
        runId,
        row.id,
        "Existing",
        `Already in the tenant as ${kind}${user.externalUserState ? ` (${user.externalUserState})` : ""}; not invited again.`,
      );
      return { kind: "done" };
    }
    const created = await prisma.$transaction(async (tx) => {
      const invitation = await createQueuedInvitation(tx, row.input as InvitationInput, {
        bulkRunId: runId,
        actor: { actorType: "Worker" },
        createdById,
      });
      if (invitation) await tx.bulkInviteRow.update({ where: { id: row.id }, data: { invitationId: invitation.id } });
      return invitation;
    });
    if (!created) {
      await settleRow(
        runId,
        row.id,
        "Existing",
        "Already invited with Guestpass (another upload or form got there first).",
      );
      return { kind: "done" };
    }
    invitationId = created.id;
  }

  const outcome = await sendInvitation(invitationId, options);
  switch (outcome.kind) {
    case "sent":
    case "reconciled":
      await settleRow(
        runId,
        row.id,
        "Invited",
        outcome.kind === "reconciled" ? "Invited (confirmed by looking the address up after an unclear answer)." : null,
        invitationId,
      );
      return { kind: "done" };
    case "retry":
      return { kind: "retry", afterMs: outcome.afterMs, explained: outcome.explained, invitationId };
    case "failed":
      await settleRow(runId, row.id, "Failed", describe(outcome.explained), invitationId);
      return { kind: "done" };
    case "tenantRefused":
      await settleRow(runId, row.id, "Failed", describe(outcome.explained), invitationId);
      return { kind: "stop", explained: outcome.explained };
    case "skipped": {
      // Someone else finished it (e.g. a previous processor just before dying): read where it ended.
      const invitation = await prisma.invitation.findUniqueOrThrow({
        where: { id: invitationId },
        select: { status: true, lastErrorMessage: true },
      });
      if (invitation.status === "Failed")
        await settleRow(
          runId,
          row.id,
          "Failed",
          invitation.lastErrorMessage ?? "Microsoft refused the invitation.",
          invitationId,
        );
      else if (invitation.status === "Queued" || invitation.status === "Sending")
        return { kind: "retry", afterMs: 1_000 };
      else await settleRow(runId, row.id, "Invited", null, invitationId);
      return { kind: "done" };
    }
  }
}

async function stopRun(runId: string, explained: ExplainedError): Promise<void> {
  await prisma.$transaction(async (tx) => {
    await tx.bulkInviteRun.update({
      where: { id: runId },
      data: {
        status: "Failed",
        stopCode: explained.catalogueKey ?? explained.code,
        stopReason: describe(explained),
        completedAt: new Date(),
        leaseOwner: null,
        leaseExpiresAt: null,
      },
    });
    await notifyBulkRunChanged(tx, runId);
  });
}

/** Sends a confirmed run's pending rows until none is left (or the tenant refuses invitations). */
export async function processBulkRun(runId: string, options: BulkRunOptions = {}): Promise<BulkRunResult> {
  const owner = randomUUID();
  const leaseMs = options.leaseMs ?? BULK_LEASE_MS;
  const concurrency = Math.max(1, options.concurrency ?? BULK_ROWS_IN_FLIGHT);
  const log = options.log ?? (() => {});
  const lease = await acquireLease(runId, owner, leaseMs);
  if (!lease) return "busy";
  const run: RunContext = { runId, createdById: lease.createdById };
  await notifyBulkRunChanged(prisma, runId);

  let leaseLost = false;
  const heartbeat = setInterval(
    () => {
      renewLease(runId, owner, leaseMs).then(
        (ok) => {
          if (!ok) leaseLost = true;
        },
        () => {}, // a missed renewal is retried on the next beat; the lease has slack for it
      );
    },
    Math.floor(leaseMs / 3),
  );

  try {
    const notBefore = new Map<string, number>();
    const deferrals = new Map<string, number>();
    let stop: ExplainedError | undefined;
    let failure: { error: unknown } | undefined;
    // One lane until a row has gone through: a tenant that refuses invitations then costs one row
    // (stopped, resumable) instead of one per lane in flight.
    let probing = concurrency > 1;
    const lookups = new AddressLookups(options.graph ?? appGraphClientFromEnv());
    for (;;) {
      if (leaseLost) return "lostLease";
      if (options.signal?.aborted) {
        // Give the lease back at once so the next worker need not wait for it to lapse.
        await releaseLease(runId, owner);
        return "interrupted";
      }
      const pending = await prisma.bulkInviteRow.findMany({
        where: { runId, outcome: null },
        orderBy: { rowNumber: "asc" },
        select: { id: true, rowNumber: true, email: true, input: true, invitationId: true },
      });
      if (pending.length === 0) break;
      const now = Date.now();
      const ready = pending.filter((row) => (notBefore.get(row.id) ?? 0) <= now);
      if (ready.length === 0) {
        const wake = Math.min(...pending.map((row) => notBefore.get(row.id) ?? now));
        await new Promise((resolve) => setTimeout(resolve, Math.max(50, wake - now)));
        continue;
      }
      let next = 0;
      const width = probing ? 1 : concurrency;
      const lane = async () => {
        while (
          !stop &&
          !failure &&
          !leaseLost &&
          !options.signal?.aborted &&
          next < ready.length &&
          (width === concurrency || probing)
        ) {
          const row = ready[next++] as PendingRow;
          const upcoming = () =>
            ready
              .slice(next, next + 2 * BATCH_MAX_REQUESTS)
              .filter((later) => !later.invitationId)
              .map((later) => later.email);
          const result = await processRow(run, row, () => lookups.take(row.email, upcoming()), options);
          if (result.kind === "done") probing = false;
          if (result.kind === "retry") {
            const count = (deferrals.get(row.id) ?? 0) + 1;
            deferrals.set(row.id, count);
            if (count >= MAX_SEND_ATTEMPTS && result.explained && result.invitationId) {
              await giveUpSending(result.invitationId, result.explained);
              await settleRow(
                runId,
                row.id,
                "Failed",
                `Gave up after ${count} attempts: ${describe(result.explained)}`,
                result.invitationId,
              );
            } else notBefore.set(row.id, Date.now() + result.afterMs);
          } else if (result.kind === "stop") stop = result.explained;
        }
      };
      // Every lane ends before a failure is passed on: none may still be sending when the lease is given back.
      await Promise.all(
        Array.from({ length: width }, () =>
          lane().catch((error: unknown) => {
            failure ??= { error };
          }),
        ),
      );
      if (failure) throw failure.error;
      if (stop) {
        log(`Bulk run ${runId} stopped: ${stop.code}`);
        await stopRun(runId, stop);
        return "stopped";
      }
    }
    const completed = await prisma.$transaction(async (tx) => {
      const updated = await tx.bulkInviteRun.updateMany({
        where: { id: runId, leaseOwner: owner },
        data: { status: "Completed", completedAt: new Date(), leaseOwner: null, leaseExpiresAt: null },
      });
      if (updated.count > 0) await emitBulkRunFinished(tx, runId);
      return updated;
    });
    if (completed.count === 0) return "lostLease";
    await notifyBulkRunChanged(prisma, runId);
    return "completed";
  } catch (error) {
    // The job fails and graphile-worker retries it: give the lease back so that the retry resumes
    // the run, instead of finding this attempt's lease held ("busy") and leaving the run to the
    // watchdog once the lease lapses.
    await releaseLease(runId, owner).catch(() => {});
    throw error;
  } finally {
    clearInterval(heartbeat);
  }
}
