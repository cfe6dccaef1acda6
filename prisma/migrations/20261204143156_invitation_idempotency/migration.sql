-- Invitations created through the REST API: the key that created each, and its Idempotency-Key with
-- the hash of the request, so a repeat returns the first invitation instead of a second one.
-- AlterTable
ALTER TABLE "Invitation" ADD COLUMN     "apiKeyId" TEXT,
ADD COLUMN     "idempotencyKey" TEXT,
ADD COLUMN     "requestHash" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "Invitation_apiKeyId_idempotencyKey_key" ON "Invitation"("apiKeyId", "idempotencyKey");

