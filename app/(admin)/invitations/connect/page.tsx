import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/page-header";
import { requireAdmin } from "@/lib/auth/session";
import { ConnectForm } from "./connect-form";

export const metadata: Metadata = { title: "Connect by consent link" };

export default async function ConnectByLinkPage() {
  await requireAdmin("/invitations/connect");
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-3 text-xs text-ink-muted">
        <Link href="/invitations" className="hover:text-ink hover:underline">
          Invitations
        </Link>{" "}
        / <span className="text-ink">Connect by consent link</span>
      </nav>
      <PageHeader
        title="Connect a person by consent link"
        description="No guest account and no invitation: Guestpass gives you a link to send them. They sign in with their own Microsoft work, school or personal account and grant the permissions; your product can then send mail as them."
      />
      <div className="max-w-2xl space-y-4 rounded-lg border border-line bg-surface p-6 shadow-sm">
        <ConnectForm />
        <p className="text-xs text-ink-muted">
          Use an invitation instead when the person also needs to reach resources in your tenant (Teams, SharePoint):{" "}
          <Link href="/invitations/new" className="text-accent underline">
            invite them as a guest
          </Link>
          .
        </p>
      </div>
    </>
  );
}
