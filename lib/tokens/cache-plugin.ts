import "server-only";
// MSAL Node's ICachePlugin over the vault: one partition per grant (the distributed-cache pattern).
// Each MSAL client built for a grant sees that grant's cache and nothing else, so one user's tokens
// can never be served for another. Saves are compare-and-set on the grant's version.
import type { ICachePlugin, TokenCacheContext } from "@azure/msal-node";
import { readGrantTokenCache, saveGrantTokenCache, type GrantCacheFacts, type VaultDb } from "./vault";

/** A grant's partition: loads before every MSAL cache access, saves after any change. */
export class GrantCachePartition implements ICachePlugin {
  private version: number | undefined;
  /** Plain facts to store beside the next save (expiry of the new access token, next refresh). */
  pendingFacts: GrantCacheFacts = {};
  /** How many times this partition saved (tests and logs: did MSAL refresh?). */
  saves = 0;

  constructor(
    readonly grantId: string,
    private readonly db?: VaultDb,
  ) {}

  async beforeCacheAccess(context: TokenCacheContext): Promise<void> {
    const stored = await readGrantTokenCache(this.grantId, this.db);
    if (!stored) throw new Error(`Grant ${this.grantId} no longer exists`);
    this.version = stored.version;
    context.tokenCache.deserialize(stored.serialized);
  }

  async afterCacheAccess(context: TokenCacheContext): Promise<void> {
    if (!context.cacheHasChanged) return;
    if (this.version === undefined) throw new Error("afterCacheAccess before beforeCacheAccess");
    this.version = await saveGrantTokenCache(
      this.grantId,
      context.tokenCache.serialize(),
      this.version,
      this.pendingFacts,
      this.db,
    );
    this.saves += 1;
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
