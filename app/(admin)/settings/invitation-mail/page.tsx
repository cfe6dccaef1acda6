import type { Metadata } from "next";
import { PageHeader } from "@/components/page-header";
import { requireAdmin } from "@/lib/auth/session";
import { loadInvitationMailSettings } from "@/lib/invitations/mail/settings";
import { InvitationMailForm } from "./invitation-mail-form";

export const metadata: Metadata = { title: "Invitation mail" };

export default async function InvitationMailSettingsPage() {
  await requireAdmin("/settings/invitation-mail");
  const settings = await loadInvitationMailSettings();
  return (
    <>
      <PageHeader
        title="Invitation mail"
        description="Who mails new invitations. Staff can still choose the other way for one invitation on the invite form."
      />
      <InvitationMailForm settings={settings} />
    </>
  );
}
