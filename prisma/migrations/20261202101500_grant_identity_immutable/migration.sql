-- A grant belongs to one account and one invitation forever. The account a grant acts for
-- (homeTenantId, objectId, and MSAL's homeAccountId built from them) never changes, and a grant
-- never moves from one invitation to another: a consent by another account must not overwrite it,
-- and one account's grant must not be carried over to someone else's invitation. (Unique on
-- (homeTenantId, objectId) already keeps one grant per account.) invitationId may still become
-- NULL when its invitation is deleted (ON DELETE SET NULL), and a detached grant may be attached
-- again by the same account.
-- The body is an E'' string with \073 for each semicolon: the migration runner splits scripts on
-- semicolons and does not know dollar quoting.
CREATE FUNCTION "grant_identity_is_immutable"() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  IF NEW."homeTenantId" IS DISTINCT FROM OLD."homeTenantId"
     OR NEW."objectId" IS DISTINCT FROM OLD."objectId"
     OR NEW."homeAccountId" IS DISTINCT FROM OLD."homeAccountId" THEN
    RAISE EXCEPTION ''Grant % belongs to one account: its homeTenantId, objectId and homeAccountId never change'', OLD."id"
      USING ERRCODE = ''integrity_constraint_violation''\073
  END IF\073
  IF OLD."invitationId" IS NOT NULL AND NEW."invitationId" IS NOT NULL AND NEW."invitationId" <> OLD."invitationId" THEN
    RAISE EXCEPTION ''Grant % belongs to one invitation: it never moves to another'', OLD."id"
      USING ERRCODE = ''integrity_constraint_violation''\073
  END IF\073
  RETURN NEW\073
END\073
';

CREATE TRIGGER "Grant_identity_immutable" BEFORE UPDATE ON "Grant" FOR EACH ROW EXECUTE FUNCTION "grant_identity_is_immutable"();
