-- How many invitations are in each status, kept by the database so the invitations page reads a
-- few rows instead of counting the table (a grouped count of 500,000 rows is a scan of them all).
-- Every statement that inserts, updates, deletes or truncates invitations appends its net change per
-- status (insert-only: concurrent writers never wait on one another's counter row, and a bulk insert
-- of 10,000 rows appends one row per status): the worker folds the appended rows into one per status
-- every minute (lib/invitations/status-counts.ts). The count of a status is the sum of its rows.

-- CreateTable
CREATE TABLE "InvitationStatusCount" (
    "id" BIGSERIAL NOT NULL,
    "status" "InvitationStatus" NOT NULL,
    "delta" BIGINT NOT NULL,

    CONSTRAINT "InvitationStatusCount_pkey" PRIMARY KEY ("id")
);

-- The function bodies are E'' strings with \073 for each semicolon: the migration runner splits
-- scripts on semicolons and does not know dollar quoting. Most updates leave the status alone (the
-- sync's lastSyncedAt, a resend): their trigger appends nothing.

CREATE FUNCTION invitation_status_count_inserted() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  INSERT INTO "InvitationStatusCount" (status, delta)
  SELECT status, count(*) FROM inserted_rows GROUP BY status\073
  RETURN NULL\073
END\073
';

CREATE FUNCTION invitation_status_count_updated() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  INSERT INTO "InvitationStatusCount" (status, delta)
  SELECT status, sum(delta) FROM (
    SELECT status, 1 AS delta FROM updated_rows
    UNION ALL
    SELECT status, -1 AS delta FROM previous_rows
  ) AS changes
  GROUP BY status
  HAVING sum(delta) <> 0\073
  RETURN NULL\073
END\073
';

CREATE FUNCTION invitation_status_count_deleted() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  INSERT INTO "InvitationStatusCount" (status, delta)
  SELECT status, -count(*) FROM deleted_rows GROUP BY status\073
  RETURN NULL\073
END\073
';

CREATE FUNCTION invitation_status_count_truncated() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  DELETE FROM "InvitationStatusCount"\073
  RETURN NULL\073
END\073
';

CREATE TRIGGER invitation_status_count_inserted AFTER INSERT ON "Invitation"
  REFERENCING NEW TABLE AS inserted_rows
  FOR EACH STATEMENT EXECUTE FUNCTION invitation_status_count_inserted();
CREATE TRIGGER invitation_status_count_updated AFTER UPDATE ON "Invitation"
  REFERENCING OLD TABLE AS previous_rows NEW TABLE AS updated_rows
  FOR EACH STATEMENT EXECUTE FUNCTION invitation_status_count_updated();
CREATE TRIGGER invitation_status_count_deleted AFTER DELETE ON "Invitation"
  REFERENCING OLD TABLE AS deleted_rows
  FOR EACH STATEMENT EXECUTE FUNCTION invitation_status_count_deleted();
CREATE TRIGGER invitation_status_count_truncated AFTER TRUNCATE ON "Invitation"
  FOR EACH STATEMENT EXECUTE FUNCTION invitation_status_count_truncated();

-- The invitations there already, counted once: in one statement, so the rows that writers appended
-- since the triggers exist are dropped exactly when the count (same snapshot) includes their change.
WITH appended AS (DELETE FROM "InvitationStatusCount")
INSERT INTO "InvitationStatusCount" (status, delta)
SELECT status, count(*) FROM "Invitation" GROUP BY status;
