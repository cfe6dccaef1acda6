import type { Metadata } from "next";
import Link from "next/link";
import { buttonClasses } from "@/components/button";
import { CardPage } from "@/components/card-page";
import { LockIcon } from "@/components/icons";

export const metadata: Metadata = { title: "No access" };

export default async function NoAccessPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { need } = await searchParams;
  const needsAdmin = need === "admin";
  return (
    <CardPage labelledBy="no-access-title" width="md">
      <div
        aria-hidden="true"
        className="mb-4 flex size-10 items-center justify-center rounded-full bg-surface-muted text-ink-muted"
      >
        <LockIcon />
      </div>
      <h1 id="no-access-title" className="text-xl font-semibold tracking-tight">
        {needsAdmin ? "This page is for administrators" : "Your account has no access to Guestpass"}
      </h1>
      <p className="mt-2 text-sm text-ink-muted">
        {needsAdmin
          ? "You are signed in as support staff. Bulk invitations and settings need the Guestpass.Admin role."
          : "You signed in, but your account has neither the Guestpass.Admin nor the Guestpass.Support role."}
      </p>
      <p className="mt-3 text-sm text-ink-muted">
        An administrator of your tenant can assign a role in the Microsoft Entra admin center: Enterprise applications →
        Guestpass → Users and groups.
      </p>
      <div className="mt-6 flex gap-2">
        {needsAdmin ? (
          <Link href="/invitations" className={buttonClasses("primary")}>
            Back to invitations
          </Link>
        ) : (
          <Link href="/signin" className={buttonClasses("secondary")}>
            Sign in with another account
          </Link>
        )}
      </div>
    </CardPage>
  );
}
