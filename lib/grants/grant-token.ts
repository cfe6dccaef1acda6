import "server-only";
// Delegated tokens of one grant, one holder at a time. Every acquisition runs in a transaction
// that first locks the grant's row (SELECT … FOR UPDATE): MSAL reads the cache, may redeem the
// refresh token, and saves the new cache (compare-and-set on the version) before the lock is
// released. So two refreshers — two worker processes, or the job and a staff "send test mail" —
// never both spend the same refresh token or overwrite the newer one; the second finds the
// first's fresh tokens in the cache. The lock is never held while mail is sent.
import type { AccountInfo } from "@azure/msal-node";
import { recordAuditEntry } from "@/lib/audit/record";
import { prisma } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { describeErrorForLog } from "@/lib/errors/user-error";
import { transitionInvitation } from "@/lib/invitations/lifecycle";
import { GrantCachePartition } from "@/lib/tokens/cache-plugin";
import { lockGrantForTokens } from "@/lib/tokens/vault";
import {
  createDelegatedClient,
  delegatedConfigFromEnv,
  type DelegatedClientConfig,
} from "@/lib/tokens/delegated-client";
import { classifyRefreshFailure, reconsentReasonOf, type RefreshFailure } from "./failures";
import { nextRefreshAt, retryDelayMs } from "./refresh-policy";
import { logFor } from "@/lib/log";
import { emitGrantNeedsReconsent } from "@/lib/events/resources";

const log = logFor("grants.token");

type Tx = Prisma.TransactionClient;

const OIDC_SCOPES = new Set(["openid", "profile", "email", "offline_access"]);

/** The resource scopes of CONSENT_SCOPES (what an access token is asked for). */
export function resourceScopes(scopes: readonly string[]): string[] {
  const resource = scopes.filter((scope) => !OIDC_SCOPES.has(scope));
  return resource.length > 0 ? resource : ["User.Read"];
}

export type GrantTokenOutcome =
  | { kind: "token"; accessToken: string; expiresOn: Date | null; refreshed: boolean }
  | { kind: "not_active"; status: string }
  | { kind: "not_due" }
  | { kind: "missing" }
  | { kind: "failed"; failure: RefreshFailure };

export interface GrantTokenOptions {
  /** Redeem the refresh token even if the access token is still valid (the refresh job). */
  forceRefresh?: boolean;
  /** Only act if the grant is due (nextRefreshAt <= now): a refresher that lost the race does nothing. */
  onlyIfDue?: boolean;
  config?: DelegatedClientConfig;
  now?: Date;
}

/** How long a holder waits for the lock, and may hold it (the token call included). */
const GRANT_LOCK_MAX_WAIT_MS = 30_000;
const GRANT_LOCK_TIMEOUT_MS = 90_000;

/** Runs `work` holding the grant's row lock (other holders wait, up to maxWait). */
export function withGrantLock<T>(grantId: string, work: (tx: Tx) => Promise<T>): Promise<T> {
  return prisma.$transaction(
    async (tx) => {
      await tx.$queryRaw`SELECT id FROM "Grant" WHERE id = ${grantId} FOR UPDATE`;
      return work(tx);
    },
    { maxWait: GRANT_LOCK_MAX_WAIT_MS, timeout: GRANT_LOCK_TIMEOUT_MS },
  );
}

export async function acquireGrantToken(grantId: string, options: GrantTokenOptions = {}): Promise<GrantTokenOutcome> {
  const config = options.config ?? delegatedConfigFromEnv();
  return prisma.$transaction(
    async (tx) => {
      const now = options.now ?? new Date();
      const grant = await lockGrantForTokens(tx, grantId);
      if (!grant) return { kind: "missing" };
      if (grant.status !== "Active") return { kind: "not_active", status: grant.status };
      if (options.onlyIfDue && grant.nextRefreshAt && grant.nextRefreshAt > now) return { kind: "not_due" };

      const partition = new GrantCachePartition(grantId, tx, grant.sealedCache);
      let result;
      try {
        const client = await createDelegatedClient(config, partition);
        // The cache may also hold the guest's profile in our tenant (from the consent's redeemer check): use the home account.
        const accounts: AccountInfo[] = await client.getTokenCache().getAllAccounts();
        const account =
          accounts.find((candidate) => candidate.tenantId.toLowerCase() === grant.homeTenantId.toLowerCase()) ??
          accounts[0];
        if (!account) throw new Error("The grant's token cache holds no account");
        result = await client.acquireTokenSilent({
          account,
          scopes: resourceScopes(config.scopes),
          forceRefresh: options.forceRefresh ?? false,
        });
      } catch (error) {
        // Whatever MSAL changed before it failed (a refresh token it dropped) is kept, as before.
        await partition.flush();
        const failure = classifyRefreshFailure(error);
        if (failure.kind === "consent_lost") await expireGrant(tx, grantId, grant.invitationId, failure, now);
        else {
          log.warn({ grantId, code: failure.code, ...describeErrorForLog(error) }, "token request failed");
          const failures = grant.refreshFailures + 1;
          await tx.grant.update({
            where: { id: grantId },
            data: {
              refreshFailures: failures,
              failureCode: failure.code,
              failureReason: failure.explained.title,
              nextRefreshAt: new Date(now.getTime() + retryDelayMs(failures, failure.retryAfterSeconds)),
            },
          });
        }
        return { kind: "failed", failure };
      }
      // A new token pair: saved with the refresh's facts in one compare-and-set UPDATE.
      const refreshed = await partition.flush({
        accessTokenExpiresAt: result.expiresOn ?? null,
        lastRefreshedAt: now,
        nextRefreshAt: nextRefreshAt(now),
        refreshFailures: 0,
        failureCode: null,
        failureReason: null,
      });
      return { kind: "token", accessToken: result.accessToken, expiresOn: result.expiresOn ?? null, refreshed };
    },
    { maxWait: GRANT_LOCK_MAX_WAIT_MS, timeout: GRANT_LOCK_TIMEOUT_MS },
  );
}

/** The user's consent is gone: the grant needs renewal, the invitation shows ConsentExpired. */
async function expireGrant(
  tx: Tx,
  grantId: string,
  invitationId: string | null,
  failure: Extract<RefreshFailure, { kind: "consent_lost" }>,
  now: Date,
): Promise<void> {
  await tx.grant.update({
    where: { id: grantId },
    data: {
      status: "NeedsRenewal",
      failureCode: failure.code,
      failureReason: failure.explained.title,
      nextRefreshAt: null,
    },
  });
  const detail = { grantId, code: failure.code, reason: failure.explained.title, at: now.toISOString() };
  if (invitationId) {
    await transitionInvitation({ invitationId, event: "consent_expired", actor: { actorType: "Worker" }, detail }, tx);
  }
  await emitGrantNeedsReconsent(tx, grantId, reconsentReasonOf(failure.code));
  await recordAuditEntry(
    { actorType: "System", action: "grant.expire", targetType: "grant", targetId: grantId, outcome: "Success", detail },
    tx,
  );
}
