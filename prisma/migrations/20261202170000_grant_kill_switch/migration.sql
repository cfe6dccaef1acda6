-- A kill switch per grant: an administrator suspends a grant (tokens kept sealed, never used) or
-- erases it (ciphertext and token facts gone, the row kept as a tombstone for the audit trail).
-- Consent links can be revoked one by one, and a new link retires the older ones.
ALTER TYPE "GrantStatus" ADD VALUE 'Suspended';
ALTER TYPE "GrantStatus" ADD VALUE 'Erased';

ALTER TABLE "Grant" ALTER COLUMN "tokenCacheCipher" DROP NOT NULL,
  ALTER COLUMN "tokenCacheKeyId" DROP NOT NULL,
  ADD COLUMN "suspendedAt" TIMESTAMP(3),
  ADD COLUMN "erasedAt" TIMESTAMP(3);

-- Grants revoked before this migration kept their tokens: erase them now.
UPDATE "Grant" SET "tokenCacheCipher" = NULL, "tokenCacheKeyId" = NULL, "erasedAt" = CURRENT_TIMESTAMP,
  "accessTokenExpiresAt" = NULL, "lastRefreshedAt" = NULL, "nextRefreshAt" = NULL, "refreshFailures" = 0
  WHERE "status" = 'Revoked';

-- Tokens and their key id exist together, and exactly when the grant was not erased.
ALTER TABLE "Grant" ADD CONSTRAINT "Grant_tokens_unless_erased"
  CHECK (("tokenCacheCipher" IS NULL) = ("tokenCacheKeyId" IS NULL) AND ("tokenCacheCipher" IS NULL) = ("erasedAt" IS NOT NULL));

ALTER TABLE "ConsentRequest" ADD COLUMN "revokedAt" TIMESTAMP(3),
  ADD COLUMN "revokedReason" TEXT;
