-- Who mails an invitation (Microsoft or Guestpass), and the deployment's choice: one row, id 1.
-- CreateEnum
CREATE TYPE "InvitationMailMode" AS ENUM ('microsoft', 'guestpass');

-- AlterTable
ALTER TABLE "Invitation" ADD COLUMN     "invitationMailSentAt" TIMESTAMP(3),
ADD COLUMN     "invitationMailStartedAt" TIMESTAMP(3),
ADD COLUMN     "mailMode" "InvitationMailMode" NOT NULL DEFAULT 'microsoft';

-- CreateTable
CREATE TABLE "InvitationMailSettings" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "mode" "InvitationMailMode" NOT NULL DEFAULT 'microsoft',
    "senderMailbox" TEXT,
    "updatedById" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "InvitationMailSettings_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "InvitationMailSettings_single_row" CHECK ("id" = 1)
);

