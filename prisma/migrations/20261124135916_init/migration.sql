-- Trigram indexes make substring search over invitations (ILIKE '%q%') fast at 50k+ rows.
-- pg_trgm ships with PostgreSQL and with the embedded server. On an external server it needs CREATE
-- privilege on the database, or an administrator to run this statement once.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- CreateEnum
CREATE TYPE "InvitationStatus" AS ENUM ('Queued', 'Sending', 'PendingAcceptance', 'Accepted', 'Consented', 'Failed', 'ConsentExpired', 'Revoked');

-- CreateEnum
CREATE TYPE "InvitedUserType" AS ENUM ('Guest', 'Member');

-- CreateEnum
CREATE TYPE "ActorType" AS ENUM ('Staff', 'Worker', 'InvitedUser', 'System');

-- CreateEnum
CREATE TYPE "GrantStatus" AS ENUM ('Active', 'NeedsRenewal', 'Revoked');

-- CreateEnum
CREATE TYPE "AuditOutcome" AS ENUM ('Success', 'Denied', 'Failed');

-- CreateEnum
CREATE TYPE "BulkInviteRunStatus" AS ENUM ('Queued', 'Running', 'Completed', 'Failed');

-- CreateEnum
CREATE TYPE "BulkInviteRowOutcome" AS ENUM ('Invited', 'Existing', 'Failed');

-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL,
    "entraTenantId" TEXT NOT NULL,
    "entraObjectId" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT,
    "roles" TEXT[],
    "lastSignInAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Invitation" (
    "id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "displayName" TEXT,
    "userType" "InvitedUserType" NOT NULL DEFAULT 'Guest',
    "status" "InvitationStatus" NOT NULL DEFAULT 'Queued',
    "graphUserId" TEXT,
    "inviteRedeemUrl" TEXT,
    "externalUserState" TEXT,
    "externalUserStateChangedAt" TIMESTAMP(3),
    "sendInvitationMessage" BOOLEAN NOT NULL DEFAULT true,
    "messageInfo" JSONB,
    "lastErrorCode" TEXT,
    "lastErrorMessage" TEXT,
    "lastErrorRequestId" TEXT,
    "bulkRunId" TEXT,
    "createdById" TEXT,
    "version" INTEGER NOT NULL DEFAULT 0,
    "lastResentAt" TIMESTAMP(3),
    "lastSyncedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Invitation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InvitationEvent" (
    "id" TEXT NOT NULL,
    "invitationId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "fromStatus" "InvitationStatus",
    "toStatus" "InvitationStatus",
    "actorType" "ActorType" NOT NULL,
    "actorId" TEXT,
    "detail" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "InvitationEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ConsentRequest" (
    "id" TEXT NOT NULL,
    "invitationId" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "spentAt" TIMESTAMP(3),
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ConsentRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ConsentAttempt" (
    "id" TEXT NOT NULL,
    "invitationId" TEXT NOT NULL,
    "consentRequestId" TEXT,
    "stateHash" TEXT NOT NULL,
    "browserBindingHash" TEXT NOT NULL,
    "nonce" TEXT NOT NULL,
    "codeVerifierCipher" BYTEA NOT NULL,
    "encryptionKeyId" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "usedAt" TIMESTAMP(3),
    "failureCode" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ConsentAttempt_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Grant" (
    "id" TEXT NOT NULL,
    "invitationId" TEXT,
    "homeAccountId" TEXT NOT NULL,
    "homeTenantId" TEXT NOT NULL,
    "objectId" TEXT NOT NULL,
    "username" TEXT NOT NULL,
    "scopes" TEXT[],
    "status" "GrantStatus" NOT NULL DEFAULT 'Active',
    "tokenCacheCipher" BYTEA NOT NULL,
    "tokenCacheKeyId" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 0,
    "accessTokenExpiresAt" TIMESTAMP(3),
    "lastRefreshedAt" TIMESTAMP(3),
    "nextRefreshAt" TIMESTAMP(3),
    "failureCode" TEXT,
    "failureReason" TEXT,
    "consentedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Grant_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditLogEntry" (
    "id" TEXT NOT NULL,
    "actorType" "ActorType" NOT NULL,
    "actorId" TEXT,
    "actorEmail" TEXT,
    "actorRole" TEXT,
    "action" TEXT NOT NULL,
    "targetType" TEXT,
    "targetId" TEXT,
    "outcome" "AuditOutcome" NOT NULL,
    "detail" JSONB,
    "correlationId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuditLogEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BulkInviteRun" (
    "id" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "status" "BulkInviteRunStatus" NOT NULL DEFAULT 'Queued',
    "totalRows" INTEGER NOT NULL DEFAULT 0,
    "invitedCount" INTEGER NOT NULL DEFAULT 0,
    "existingCount" INTEGER NOT NULL DEFAULT 0,
    "failedCount" INTEGER NOT NULL DEFAULT 0,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completedAt" TIMESTAMP(3),

    CONSTRAINT "BulkInviteRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BulkInviteRow" (
    "id" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "rowNumber" INTEGER NOT NULL,
    "email" TEXT NOT NULL,
    "displayName" TEXT,
    "userType" "InvitedUserType",
    "outcome" "BulkInviteRowOutcome",
    "reason" TEXT,
    "invitationId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "BulkInviteRow_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "User_email_idx" ON "User"("email");

-- CreateIndex
CREATE UNIQUE INDEX "User_entraTenantId_entraObjectId_key" ON "User"("entraTenantId", "entraObjectId");

-- CreateIndex
CREATE UNIQUE INDEX "Invitation_email_key" ON "Invitation"("email");

-- CreateIndex
CREATE UNIQUE INDEX "Invitation_graphUserId_key" ON "Invitation"("graphUserId");

-- CreateIndex
CREATE INDEX "Invitation_createdAt_id_idx" ON "Invitation"("createdAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "Invitation_status_createdAt_id_idx" ON "Invitation"("status", "createdAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "Invitation_status_lastSyncedAt_idx" ON "Invitation"("status", "lastSyncedAt");

-- CreateIndex
CREATE INDEX "Invitation_bulkRunId_idx" ON "Invitation"("bulkRunId");

-- CreateIndex
CREATE INDEX "Invitation_email_trgm_idx" ON "Invitation" USING GIN ("email" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "Invitation_displayName_trgm_idx" ON "Invitation" USING GIN ("displayName" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "InvitationEvent_invitationId_createdAt_idx" ON "InvitationEvent"("invitationId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "ConsentRequest_tokenHash_key" ON "ConsentRequest"("tokenHash");

-- CreateIndex
CREATE INDEX "ConsentRequest_invitationId_createdAt_idx" ON "ConsentRequest"("invitationId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "ConsentAttempt_stateHash_key" ON "ConsentAttempt"("stateHash");

-- CreateIndex
CREATE INDEX "ConsentAttempt_invitationId_createdAt_idx" ON "ConsentAttempt"("invitationId", "createdAt");

-- CreateIndex
CREATE INDEX "ConsentAttempt_expiresAt_idx" ON "ConsentAttempt"("expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "Grant_invitationId_key" ON "Grant"("invitationId");

-- CreateIndex
CREATE UNIQUE INDEX "Grant_homeAccountId_key" ON "Grant"("homeAccountId");

-- CreateIndex
CREATE INDEX "Grant_status_nextRefreshAt_idx" ON "Grant"("status", "nextRefreshAt");

-- CreateIndex
CREATE UNIQUE INDEX "Grant_homeTenantId_objectId_key" ON "Grant"("homeTenantId", "objectId");

-- CreateIndex
CREATE INDEX "AuditLogEntry_createdAt_id_idx" ON "AuditLogEntry"("createdAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "AuditLogEntry_targetType_targetId_createdAt_idx" ON "AuditLogEntry"("targetType", "targetId", "createdAt");

-- CreateIndex
CREATE INDEX "AuditLogEntry_actorId_createdAt_idx" ON "AuditLogEntry"("actorId", "createdAt");

-- CreateIndex
CREATE INDEX "AuditLogEntry_action_createdAt_idx" ON "AuditLogEntry"("action", "createdAt");

-- CreateIndex
CREATE INDEX "BulkInviteRun_createdAt_idx" ON "BulkInviteRun"("createdAt" DESC);

-- CreateIndex
CREATE INDEX "BulkInviteRow_runId_outcome_idx" ON "BulkInviteRow"("runId", "outcome");

-- CreateIndex
CREATE UNIQUE INDEX "BulkInviteRow_runId_rowNumber_key" ON "BulkInviteRow"("runId", "rowNumber");

-- AddForeignKey
ALTER TABLE "Invitation" ADD CONSTRAINT "Invitation_bulkRunId_fkey" FOREIGN KEY ("bulkRunId") REFERENCES "BulkInviteRun"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Invitation" ADD CONSTRAINT "Invitation_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InvitationEvent" ADD CONSTRAINT "InvitationEvent_invitationId_fkey" FOREIGN KEY ("invitationId") REFERENCES "Invitation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConsentRequest" ADD CONSTRAINT "ConsentRequest_invitationId_fkey" FOREIGN KEY ("invitationId") REFERENCES "Invitation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConsentRequest" ADD CONSTRAINT "ConsentRequest_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConsentAttempt" ADD CONSTRAINT "ConsentAttempt_invitationId_fkey" FOREIGN KEY ("invitationId") REFERENCES "Invitation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConsentAttempt" ADD CONSTRAINT "ConsentAttempt_consentRequestId_fkey" FOREIGN KEY ("consentRequestId") REFERENCES "ConsentRequest"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Grant" ADD CONSTRAINT "Grant_invitationId_fkey" FOREIGN KEY ("invitationId") REFERENCES "Invitation"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BulkInviteRun" ADD CONSTRAINT "BulkInviteRun_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BulkInviteRow" ADD CONSTRAINT "BulkInviteRow_runId_fkey" FOREIGN KEY ("runId") REFERENCES "BulkInviteRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BulkInviteRow" ADD CONSTRAINT "BulkInviteRow_invitationId_fkey" FOREIGN KEY ("invitationId") REFERENCES "Invitation"("id") ON DELETE SET NULL ON UPDATE CASCADE;
