import "server-only";
// MSAL Node's ICachePlugin over the vault: one partition per grant (the distributed-cache pattern).
// Each MSAL client built for a grant sees that grant's cache and nothing else, so one user's tokens
// can never be served for another. Saves are compare-and-set on the grant's version.
import type { ICachePlugin, TokenCacheContext } from "@azure/msal-node";
import {
  openGrantTokenCache,
  readGrantTokenCache,
  saveGrantTokenCache,
  type GrantCacheFacts,
  type GrantTokenCache,
  type SealedGrantTokenCache,
  type VaultDb,
} from "./vault";

/**
 * A grant's partition, for one acquisition made while holding the grant's row lock
 * (lib/grants/grant-token.ts): nobody else can change the cache meanwhile, so it is read (and
 * decrypted) at most once — or handed in by the caller, who read it with the lock — and MSAL's
 * later accesses reuse it. What MSAL writes stays pending until `flush`, which saves it
 * (compare-and-set on the version) together with the grant's plain facts in one UPDATE, in the same
 * transaction: no more durable than saving at once, and one statement instead of two.
 */
export class GrantCachePartition implements ICachePlugin {
  private current: GrantTokenCache | undefined;
  private pending: string | undefined;

  /** `lockedRead`: the grant's cache columns as the caller read them with the lock (opened on first use). */
  constructor(
    readonly grantId: string,
    private readonly db: VaultDb,
    private lockedRead?: SealedGrantTokenCache,
  ) {}

  /** Did MSAL change the cache (a refresh, or a token removed) since the last flush? */
  get changed(): boolean {
    return this.pending !== undefined;
  }

  async beforeCacheAccess(context: TokenCacheContext): Promise<void> {
    if (!this.current) {
      // Opened here, not by the caller: a cache that cannot be decrypted fails as MSAL's access does.
      const stored = this.lockedRead
        ? openGrantTokenCache(this.grantId, this.lockedRead)
        : await readGrantTokenCache(this.grantId, this.db);
      this.lockedRead = undefined;
      if (!stored) throw new Error(`Grant ${this.grantId} no longer exists`);
      this.current = stored;
    }
    context.tokenCache.deserialize(this.pending ?? this.current.serialized);
  }

  async afterCacheAccess(context: TokenCacheContext): Promise<void> {
    if (context.cacheHasChanged) this.pending = context.tokenCache.serialize();
  }

  /** Saves what MSAL changed, with `facts` beside it; false (nothing written) when it changed nothing. */
  async flush(facts: GrantCacheFacts = {}): Promise<boolean> {
    if (this.pending === undefined) return false;
    if (!this.current) throw new Error("flush before the cache was read");
    const version = await saveGrantTokenCache(this.grantId, this.pending, this.current.version, facts, this.db);
    this.current = { serialized: this.pending, version };
    this.pending = undefined;
    return true;
  }
}

/**
 * The cache of a consent in progress: starts empty and keeps what MSAL wrote in memory until the
 * callback knows which grant it belongs to and hands it to `storeConsentedGrant`.
 */
export class PendingConsentCache implements ICachePlugin {
  private serialized: string | undefined;

  async beforeCacheAccess(context: TokenCacheContext): Promise<void> {
    if (this.serialized) context.tokenCache.deserialize(this.serialized);
  }

  async afterCacheAccess(context: TokenCacheContext): Promise<void> {
    if (context.cacheHasChanged) this.serialized = context.tokenCache.serialize();
  }

  /** The cache after the code exchange; throws when MSAL stored nothing (no tokens came back). */
  takeSerialized(): string {
    const value = this.serialized;
    this.serialized = undefined;
    if (!value) throw new Error("The code exchange stored no tokens");
    return value;
  }
}
