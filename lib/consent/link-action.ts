import "server-only";
// Staff actions on consent links (support and admins): issue a fresh one — the URL is returned once
// for staff to copy, only its hash is stored, and older unspent links stop working — or withdraw one.
import { ActionError } from "@/lib/actions/action-error";
import { defineStaffAction } from "@/lib/actions/staff-action";
import { canRevokeConsentLink, canSendConsentLink, canSupportInvitations } from "@/lib/auth/permissions";
import { prisma } from "@/lib/db/client";
import type { ConsentLinkIssued, ConsentLinkRevoked } from "@/lib/shared/grants";
import { validateRecordId } from "@/lib/actions/record-id";
import { issueConsentLink, revokeConsentLink } from "./links";

export const issueConsentLinkAction = defineStaffAction<string, ConsentLinkIssued>({
  action: "consent.link_issue",
  allowed: canSupportInvitations,
  validate: (raw) =>
    typeof raw === "string" && /^[0-9a-f-]{36}$/i.test(raw)
      ? { ok: true, value: raw.toLowerCase() }
      : { ok: false, message: "That invitation does not exist." },
  async authorize(staff, invitationId) {
    const invitation = await prisma.invitation.findUnique({ where: { id: invitationId }, select: { status: true } });
    return invitation ? canSendConsentLink(staff, invitation) : true;
  },
  deniedMessage: "A consent link cannot be issued for this invitation (revoked, or not sent yet).",
  target: (invitationId) => ({ type: "invitation", id: invitationId }),
  async run(invitationId, context) {
    const exists = await prisma.invitation.count({ where: { id: invitationId } });
    if (!exists) throw new ActionError("not_found", "That invitation does not exist.");
    const link = await prisma.$transaction((tx) =>
      issueConsentLink(invitationId, { createdById: context.staff.userId }, tx),
    );
    context.addAuditDetail({ consentRequestId: link.consentRequestId, expiresAt: link.expiresAt.toISOString() });
    return { url: link.url, expiresAt: link.expiresAt.toISOString() };
  },
  successMessage: () => "New consent link ready to copy",
});

export const revokeConsentLinkAction = defineStaffAction<string, ConsentLinkRevoked>({
  action: "consent.link_revoke",
  allowed: canRevokeConsentLink,
  validate: validateRecordId,
  async run(consentRequestId, context) {
    const revoked = await prisma.$transaction((tx) =>
      revokeConsentLink(consentRequestId, { revokedById: context.staff.userId }, tx),
    );
    if (!revoked)
      throw new ActionError(
        "conflict",
        "This link no longer works (already used, replaced or withdrawn); nothing changed.",
      );
    context.setAuditTarget({ type: "invitation", id: revoked.invitationId });
    context.addAuditDetail({ consentRequestId });
    return { consentRequestId, invitationId: revoked.invitationId };
  },
  successMessage: () => "Consent link withdrawn: it no longer works.",
});
