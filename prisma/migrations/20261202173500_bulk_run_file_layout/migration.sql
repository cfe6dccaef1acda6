-- How a bulk-invite file was read, so its preview can say so: the character that separated the
-- columns, which column fed which field, and the columns that were not used.
ALTER TABLE "BulkInviteRun" ADD COLUMN "delimiter" TEXT;
ALTER TABLE "BulkInviteRun" ADD COLUMN "columnMap" JSONB;
ALTER TABLE "BulkInviteRun" ADD COLUMN "ignoredColumns" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[];
