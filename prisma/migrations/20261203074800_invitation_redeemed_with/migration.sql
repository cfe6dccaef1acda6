-- How the guest redeemed the invitation (Graph's identities), to tell who cannot grant mailbox access
ALTER TABLE "Invitation" ADD COLUMN "redeemedWith" TEXT;
