-- How the person was reached: a guest invitation, or a consent link alone (no guest account).
-- CreateEnum
CREATE TYPE "InvitationKind" AS ENUM ('guest_invitation', 'consent_link');

-- AlterTable
ALTER TABLE "Invitation" ADD COLUMN     "kind" "InvitationKind" NOT NULL DEFAULT 'guest_invitation';
