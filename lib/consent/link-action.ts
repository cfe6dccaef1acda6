// Staff action: issue a fresh consent link for an invitation (support and admins). The URL is
// returned once for staff to copy; only its hash is stored.
import { ActionError } from "@/lib/actions/action-error";
import { defineStaffAction } from "@/lib/actions/staff-action";
import { canSendConsentLink, canViewInvitations } from "@/lib/auth/permissions";
import { prisma } from "@/lib/db/client";
import type { ConsentLinkIssued } from "@/lib/grants/types";
import { issueConsentLink } from "./links";

export const issueConsentLinkAction = defineStaffAction<string, ConsentLinkIssued>({
  action: "consent.link_issue",
  allowed: canViewInvitations,
  validate: (raw) => (typeof raw === "string" && /^[0-9a-f-]{36}$/i.test(raw) ? { ok: true, value: raw.toLowerCase() } : { ok: false, message: "That invitation does not exist." }),
  async authorize(staff, invitationId) {
    const invitation = await prisma.invitation.findUnique({ where: { id: invitationId }, select: { status: true } });
    return invitation ? canSendConsentLink(staff, invitation) : true;
  },
  deniedMessage: "A consent link cannot be issued for this invitation (revoked, or not sent yet).",
  target: (invitationId) => ({ type: "invitation", id: invitationId }),
  async run(invitationId, context) {
    const exists = await prisma.invitation.count({ where: { id: invitationId } });
    if (!exists) throw new ActionError("not_found", "That invitation does not exist.");
    const link = await prisma.$transaction((tx) => issueConsentLink(invitationId, { createdById: context.staff.userId }, tx));
    context.addAuditDetail({ consentRequestId: link.consentRequestId, expiresAt: link.expiresAt.toISOString() });
    return { url: link.url, expiresAt: link.expiresAt.toISOString() };
  },
  successMessage: () => "New consent link ready to copy",
});
