-- Why a grant's tokens were erased (the tombstone's "why"): on request (staff, the API, the person
-- themselves) or by offboarding (the guest deleted or disabled in the directory, the invitation
-- revoked). Set with erasedAt, cleared with it when the same account consents again.
ALTER TABLE "Grant" ADD COLUMN "erasedReason" TEXT;

-- Grants erased before this migration: revoked with their invitation, or erased by an administrator.
UPDATE "Grant" SET "erasedReason" = CASE WHEN "status" = 'Revoked' THEN 'invitation_revoked' ELSE 'staff_request' END
  WHERE "erasedAt" IS NOT NULL;

ALTER TABLE "Grant" ADD CONSTRAINT "Grant_erased_reason_with_erasure"
  CHECK (("erasedReason" IS NULL) = ("erasedAt" IS NULL));
