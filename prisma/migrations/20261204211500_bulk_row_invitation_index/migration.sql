-- Deleting an invitation sets its bulk rows' invitationId to NULL (the foreign key's ON DELETE SET
-- NULL), and without an index that looked through every bulk row for each invitation deleted: the
-- benchmark's removal of 450,000 invitations took 268 s beside 3,400 bulk rows.

-- CreateIndex
CREATE INDEX "BulkInviteRow_invitationId_idx" ON "BulkInviteRow"("invitationId");
