-- Mail sent as a user through the REST API, queued for the worker, its status readable by id.
CREATE TYPE "OutgoingMessageStatus" AS ENUM ('Queued', 'Sending', 'Sent', 'Failed');

CREATE TABLE "OutgoingMessage" (
    "id" TEXT NOT NULL,
    "grantId" TEXT NOT NULL,
    "apiKeyId" TEXT,
    "idempotencyKey" TEXT,
    "requestHash" TEXT NOT NULL,
    "status" "OutgoingMessageStatus" NOT NULL DEFAULT 'Queued',
    "payload" JSONB,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "sendStartedAt" TIMESTAMP(3),
    "sentAt" TIMESTAMP(3),
    "failureCode" TEXT,
    "failureReason" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "OutgoingMessage_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "OutgoingMessage_apiKeyId_idempotencyKey_key" ON "OutgoingMessage"("apiKeyId", "idempotencyKey");
CREATE INDEX "OutgoingMessage_grantId_createdAt_idx" ON "OutgoingMessage"("grantId", "createdAt");
