-- AlterTable
ALTER TABLE "User" ADD COLUMN     "accessCheckedAt" TIMESTAMP(3),
ADD COLUMN     "disabledAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "StaffSessionRecord" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "revokedAt" TIMESTAMP(3),
    "revokedReason" TEXT,

    CONSTRAINT "StaffSessionRecord_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "StaffSessionRecord_userId_idx" ON "StaffSessionRecord"("userId");

-- CreateIndex
CREATE INDEX "StaffSessionRecord_expiresAt_idx" ON "StaffSessionRecord"("expiresAt");

-- AddForeignKey
ALTER TABLE "StaffSessionRecord" ADD CONSTRAINT "StaffSessionRecord_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

