import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/page-header";
import { requireAdmin } from "@/lib/auth/session";
import { memberInvitesAllowed } from "@/lib/invitations/app-permissions";
import { loadInvitationMailSettings } from "@/lib/invitations/mail/settings";
import type { MemberInviteAvailability } from "@/lib/shared/invitations";
import { InviteForm } from "./invite-form";

export const metadata: Metadata = { title: "Invite user" };

/** Whether to offer Member invites; if the app's token cannot be read, say so instead of failing the page. */
async function memberAvailability(): Promise<MemberInviteAvailability> {
  try {
    return await memberInvitesAllowed();
  } catch {
    return {
      allowed: false,
      reason:
        "Guestpass could not read the app's permissions from Microsoft just now, so Member invites are not offered. Check the app registration on the Settings page.",
      applicationPermissions: [],
    };
  }
}

export default async function NewInvitationPage() {
  await requireAdmin("/invitations/new");
  const [member, mail] = await Promise.all([memberAvailability(), loadInvitationMailSettings()]);
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-3 text-xs text-ink-muted">
        <Link href="/invitations" className="hover:text-ink hover:underline">
          Invitations
        </Link>{" "}
        / <span className="text-ink">Invite user</span>
      </nav>
      <PageHeader
        title="Invite an external user"
        description="Microsoft creates a guest account in your tenant; Microsoft or Guestpass mails the invitation. Redeeming it leads straight to Guestpass's consent page."
      />
      <p className="mb-4 max-w-2xl text-sm text-ink-muted" data-testid="guest-account-choice">
        A guest account is worth having when the person also needs your tenant&apos;s own resources (Teams, SharePoint,
        apps). If your product only sends mail as them, they need none:{" "}
        <Link href="/invitations/connect" className="text-accent underline">
          connect them by consent link
        </Link>{" "}
        instead, with no invitation to accept.
      </p>
      <div className="max-w-2xl rounded-lg border border-line bg-surface p-6 shadow-sm">
        <InviteForm memberAllowed={member.allowed} memberReason={member.reason} mail={mail} />
      </div>
    </>
  );
}
