-- AlterTable
ALTER TABLE "BulkInviteRun" ADD COLUMN     "confirmedAt" TIMESTAMP(3),
ADD COLUMN     "leaseExpiresAt" TIMESTAMP(3),
ADD COLUMN     "leaseOwner" TEXT,
ADD COLUMN     "stopCode" TEXT,
ADD COLUMN     "stopReason" TEXT;

-- AlterTable
ALTER TABLE "BulkInviteRow" ADD COLUMN     "input" JSONB;

-- CreateTable
CREATE TABLE "RateLimitBucket" (
    "key" TEXT NOT NULL,
    "tokens" DOUBLE PRECISION NOT NULL,
    "refilledAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RateLimitBucket_pkey" PRIMARY KEY ("key")
);

