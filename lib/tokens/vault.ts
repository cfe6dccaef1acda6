import "server-only";
// The token vault: the only code that reads or writes token ciphertext (Grant.tokenCacheCipher,
// ConsentAttempt.codeVerifierCipher). Everything goes through seal/open; there is no plaintext column
// and no fallback. Callers pass the Prisma client or a transaction, so a refresher can hold the
// grant's row lock while it reads, talks to Microsoft and saves.
import { randomUUID } from "node:crypto";
import { prisma } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import type { ErasureReason } from "@/lib/shared/grants";
import { isSealedWithCurrentKey, keyringFromEnv, openString, seal, type Keyring } from "./crypto";

export type VaultDb = Prisma.TransactionClient;

const cacheContext = (grantId: string) => ({ purpose: "grant-token-cache" as const, subject: grantId });
const verifierContext = (stateHash: string) => ({ purpose: "consent-code-verifier" as const, subject: stateHash });

/** A save lost the race: someone saved this grant's cache since it was read. Nothing was written. */
export class GrantVersionConflictError extends Error {
  override readonly name = "GrantVersionConflictError";
  constructor(
    readonly grantId: string,
    readonly expectedVersion: number,
  ) {
    super(`Grant ${grantId} changed since version ${expectedVersion} was read`);
  }
}

export interface GrantTokenCache {
  /** MSAL's serialized token cache (JSON with the tokens: keep it in memory only). */
  serialized: string;
  version: number;
}

/** The grant's cache columns as stored (ciphertext: never leaves this module unopened). */
export interface SealedGrantTokenCache {
  tokenCacheCipher: Uint8Array<ArrayBuffer> | null;
  tokenCacheKeyId: string | null;
  version: number;
}

/** Opens a grant's cache columns read by someone else (the refresher reads them with its row lock). */
export function openGrantTokenCache(grantId: string, row: SealedGrantTokenCache): GrantTokenCache | null {
  if (!row.tokenCacheCipher || !row.tokenCacheKeyId) return null;
  return {
    serialized: openString({ keyId: row.tokenCacheKeyId, ciphertext: row.tokenCacheCipher }, cacheContext(grantId)),
    version: row.version,
  };
}

/** A grant locked for a token acquisition: what the refresher decides on, and its sealed cache. */
export interface LockedGrantForTokens {
  status: string;
  nextRefreshAt: Date | null;
  refreshFailures: number;
  invitationId: string | null;
  homeTenantId: string;
  sealedCache: SealedGrantTokenCache;
}

/**
 * Locks the grant's row (SELECT … FOR UPDATE, in the caller's transaction) and reads it, token
 * cache included, in one statement: a refresh is then four statements in all (BEGIN, this, one
 * UPDATE, COMMIT) around the token call. The cache stays sealed until MSAL reads it.
 */
export async function lockGrantForTokens(tx: VaultDb, grantId: string): Promise<LockedGrantForTokens | null> {
  const rows = await tx.$queryRaw<(Omit<LockedGrantForTokens, "sealedCache"> & SealedGrantTokenCache)[]>`
    SELECT status::text AS status, "nextRefreshAt", "refreshFailures", "invitationId", "homeTenantId",
           "tokenCacheCipher", "tokenCacheKeyId", version
    FROM "Grant" WHERE id = ${grantId} FOR UPDATE`;
  const row = rows[0];
  if (!row) return null;
  const { tokenCacheCipher, tokenCacheKeyId, version, ...facts } = row;
  return { ...facts, sealedCache: { tokenCacheCipher, tokenCacheKeyId, version } };
}

/** The grant's cache; null when the grant does not exist or its tokens were erased. */
export async function readGrantTokenCache(grantId: string, db: VaultDb = prisma): Promise<GrantTokenCache | null> {
  const row = await db.grant.findUnique({
    where: { id: grantId },
    select: { tokenCacheCipher: true, tokenCacheKeyId: true, version: true },
  });
  return row ? openGrantTokenCache(grantId, row) : null;
}

/** Facts about the cache that may be stored in plain columns (no token material). */
export interface GrantCacheFacts {
  accessTokenExpiresAt?: Date | null;
  lastRefreshedAt?: Date;
  nextRefreshAt?: Date | null;
  refreshFailures?: number;
  failureCode?: string | null;
  failureReason?: string | null;
}

/**
 * Saves the cache only if the grant is still at `expectedVersion` (compare-and-set), bumping it.
 * Returns the new version; throws GrantVersionConflictError when another writer got there first.
 */
export async function saveGrantTokenCache(
  grantId: string,
  serialized: string,
  expectedVersion: number,
  facts: GrantCacheFacts = {},
  db: VaultDb = prisma,
): Promise<number> {
  const sealed = seal(serialized, cacheContext(grantId));
  // An erased grant stays erased: a refresher that read the cache before the erase saves nothing.
  const { count } = await db.grant.updateMany({
    where: { id: grantId, version: expectedVersion, erasedAt: null },
    data: { tokenCacheCipher: sealed.ciphertext, tokenCacheKeyId: sealed.keyId, version: { increment: 1 }, ...facts },
  });
  if (count !== 1) throw new GrantVersionConflictError(grantId, expectedVersion);
  return expectedVersion + 1;
}

export interface ConsentedGrantInput {
  invitationId: string;
  homeAccountId: string;
  homeTenantId: string;
  objectId: string;
  username: string;
  scopes: string[];
  serializedCache: string;
  accessTokenExpiresAt: Date | null;
  nextRefreshAt: Date;
}

/**
 * Why a consent may not be stored. A grant belongs to one account — its (tid, oid) — and to one
 * invitation, forever: a consent never overwrites another account's grant or moves a grant between
 * invitations (the database refuses both too: trigger "Grant_identity_immutable").
 */
export type GrantAccountConflict =
  /** The invitation's grant belongs to another (tid, oid): storing would hand it to a new account. */
  | "invitation_has_other_account"
  /** This (tid, oid) already has the grant of another invitation: storing would move it. */
  | "account_has_other_invitation";

export type StoredConsent =
  | { kind: "stored"; grantId: string; status: "Active" | "Suspended" }
  | { kind: "conflict"; conflict: GrantAccountConflict; grantId: string };

const sameId = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/**
 * Stores the cache of a fresh consent: a new grant, or the same account's grant for this invitation
 * renewed in place so its id — and every reference to it — survives re-consent. The caller holds
 * the invitation's row lock, so two consents for one invitation are decided one after the other.
 */
export async function storeConsentedGrant(input: ConsentedGrantInput, db: VaultDb = prisma): Promise<StoredConsent> {
  const forInvitation = await db.grant.findUnique({
    where: { invitationId: input.invitationId },
    select: { id: true, homeTenantId: true, objectId: true, status: true },
  });
  if (
    forInvitation &&
    !(sameId(forInvitation.homeTenantId, input.homeTenantId) && sameId(forInvitation.objectId, input.objectId))
  ) {
    return { kind: "conflict", conflict: "invitation_has_other_account", grantId: forInvitation.id };
  }
  const forAccount = forInvitation
    ? null
    : await db.grant.findFirst({
        where: {
          homeTenantId: { equals: input.homeTenantId, mode: "insensitive" },
          objectId: { equals: input.objectId, mode: "insensitive" },
        },
        select: { id: true, invitationId: true, status: true },
      });
  // A grant whose invitation was deleted (invitationId null) is this account's own: it may be re-attached.
  if (forAccount?.invitationId)
    return { kind: "conflict", conflict: "account_has_other_invitation", grantId: forAccount.id };

  const existingId = forInvitation?.id ?? forAccount?.id;
  const grantId = existingId ?? randomUUID();
  const sealed = seal(input.serializedCache, cacheContext(grantId));
  const now = new Date();
  // A suspension is an administrator's decision: a new consent renews the tokens but does not lift it.
  const status = (forInvitation ?? forAccount)?.status === "Suspended" ? ("Suspended" as const) : ("Active" as const);
  const renewed = {
    username: input.username,
    scopes: input.scopes,
    status,
    erasedAt: null,
    erasedReason: null,
    tokenCacheCipher: sealed.ciphertext,
    tokenCacheKeyId: sealed.keyId,
    accessTokenExpiresAt: input.accessTokenExpiresAt,
    lastRefreshedAt: now,
    nextRefreshAt: input.nextRefreshAt,
    failureCode: null,
    failureReason: null,
    consentedAt: now,
  };
  if (existingId) {
    // The account columns are never written again; only a detached grant gets its invitation back.
    await db.grant.update({
      where: { id: grantId },
      data: { ...renewed, ...(forInvitation ? {} : { invitationId: input.invitationId }), version: { increment: 1 } },
    });
  } else {
    await db.grant.create({
      data: {
        id: grantId,
        invitationId: input.invitationId,
        homeAccountId: input.homeAccountId,
        homeTenantId: input.homeTenantId,
        objectId: input.objectId,
        ...renewed,
      },
    });
  }
  return { kind: "stored", grantId, status };
}

/**
 * Erases a grant's tokens: the ciphertext, its key id and every fact about the tokens. The row stays
 * (who consented, when, for which invitation) so the audit trail still reads; `status` and `reason`
 * say why (Erased on request or by offboarding, or Revoked with its invitation). The caller holds
 * the grant's lock or accepts that a refresher's save loses (saves never write an erased grant).
 */
export async function eraseGrantTokens(
  grantId: string,
  status: "Erased" | "Revoked",
  reason: ErasureReason,
  db: VaultDb = prisma,
  now: Date = new Date(),
): Promise<void> {
  const grant = await db.grant.update({
    where: { id: grantId },
    select: { invitationId: true },
    data: {
      status,
      tokenCacheCipher: null,
      tokenCacheKeyId: null,
      erasedAt: now,
      erasedReason: reason,
      suspendedAt: null,
      accessTokenExpiresAt: null,
      lastRefreshedAt: null,
      nextRefreshAt: null,
      failureCode: null,
      failureReason: null,
      refreshFailures: 0,
      version: { increment: 1 },
    },
  });
  // The PKCE verifiers of the invitation's consent attempts are ciphertext under the same keys: they
  // go too (an attempt still at Microsoft then fails at its callback and the person starts again).
  if (grant.invitationId)
    await db.consentAttempt.updateMany({
      where: { invitationId: grant.invitationId, codeVerifierCipher: { not: null } },
      data: { codeVerifierCipher: null },
    });
}

/**
 * Re-seals one grant's cache under the current key if it is under an older one (key rotation).
 * Compare-and-set on the version: a refresher saving meanwhile wins and already used the new key.
 */
export async function resealGrantTokenCache(
  grantId: string,
  keyring: Keyring = keyringFromEnv(),
  db: VaultDb = prisma,
): Promise<"resealed" | "current" | "raced" | "gone"> {
  const row = await db.grant.findUnique({
    where: { id: grantId },
    select: { tokenCacheCipher: true, tokenCacheKeyId: true, version: true },
  });
  if (!row?.tokenCacheCipher || !row.tokenCacheKeyId) return "gone";
  if (isSealedWithCurrentKey({ keyId: row.tokenCacheKeyId }, keyring)) return "current";
  const plain = openString(
    { keyId: row.tokenCacheKeyId, ciphertext: row.tokenCacheCipher },
    cacheContext(grantId),
    keyring,
  );
  const sealed = seal(plain, cacheContext(grantId), keyring);
  // The version is not bumped: the tokens did not change, so a refresher holding the old version
  // must still be able to save (its save re-seals under the current key anyway).
  const { count } = await db.grant.updateMany({
    where: { id: grantId, version: row.version, tokenCacheKeyId: row.tokenCacheKeyId },
    data: { tokenCacheCipher: sealed.ciphertext, tokenCacheKeyId: sealed.keyId },
  });
  return count === 1 ? "resealed" : "raced";
}

/** Seals a PKCE verifier for its ConsentAttempt row (bound to the attempt's state hash). */
export function sealCodeVerifier(
  stateHash: string,
  verifier: string,
): { codeVerifierCipher: Uint8Array<ArrayBuffer>; encryptionKeyId: string } {
  const sealed = seal(verifier, verifierContext(stateHash));
  return { codeVerifierCipher: sealed.ciphertext, encryptionKeyId: sealed.keyId };
}

export function openCodeVerifier(attempt: {
  stateHash: string;
  codeVerifierCipher: Uint8Array | null;
  encryptionKeyId: string;
}): string | null {
  if (!attempt.codeVerifierCipher) return null;
  return openString(
    { keyId: attempt.encryptionKeyId, ciphertext: new Uint8Array(attempt.codeVerifierCipher) },
    verifierContext(attempt.stateHash),
  );
}

/** Attempts that still hold a sealed verifier (an erased grant's attempts hold none): for key rotation. */
export const HOLDS_SEALED_VERIFIER = { codeVerifierCipher: { not: null } } satisfies Prisma.ConsentAttemptWhereInput;

/** Reads and opens a ConsentAttempt's PKCE verifier (the callback's code exchange); null once erased. */
export async function readCodeVerifier(attemptId: string, db: VaultDb = prisma): Promise<string | null> {
  const row = await db.consentAttempt.findUniqueOrThrow({
    where: { id: attemptId },
    select: { stateHash: true, codeVerifierCipher: true, encryptionKeyId: true },
  });
  return openCodeVerifier(row);
}

/** Re-seals an unexpired attempt's verifier under the current key (rotation of in-flight consents). */
export async function resealCodeVerifier(
  attemptId: string,
  keyring: Keyring = keyringFromEnv(),
  db: VaultDb = prisma,
): Promise<"resealed" | "current" | "gone"> {
  const row = await db.consentAttempt.findUnique({
    where: { id: attemptId },
    select: { stateHash: true, codeVerifierCipher: true, encryptionKeyId: true },
  });
  if (!row?.codeVerifierCipher) return "gone";
  if (isSealedWithCurrentKey({ keyId: row.encryptionKeyId }, keyring)) return "current";
  const plain = openString(
    { keyId: row.encryptionKeyId, ciphertext: new Uint8Array(row.codeVerifierCipher) },
    verifierContext(row.stateHash),
    keyring,
  );
  const sealed = seal(plain, verifierContext(row.stateHash), keyring);
  await db.consentAttempt.update({
    where: { id: attemptId },
    data: { codeVerifierCipher: sealed.ciphertext, encryptionKeyId: sealed.keyId },
  });
  return "resealed";
}
