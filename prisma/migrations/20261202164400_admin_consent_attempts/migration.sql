-- CreateTable
CREATE TABLE "AdminConsentAttempt" (
    "id" TEXT NOT NULL,
    "invitationId" TEXT NOT NULL,
    "browserBindingHash" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "spentAt" TIMESTAMP(3),
    "outcome" TEXT,
    "tenantId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AdminConsentAttempt_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "AdminConsentAttempt_invitationId_createdAt_idx" ON "AdminConsentAttempt"("invitationId", "createdAt");

-- CreateIndex
CREATE INDEX "AdminConsentAttempt_expiresAt_idx" ON "AdminConsentAttempt"("expiresAt");

-- AddForeignKey
ALTER TABLE "AdminConsentAttempt" ADD CONSTRAINT "AdminConsentAttempt_invitationId_fkey" FOREIGN KEY ("invitationId") REFERENCES "Invitation"("id") ON DELETE CASCADE ON UPDATE CASCADE;
