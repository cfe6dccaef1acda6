// Every staff page sits in this shell, and the shell lets only staff in: anonymous visitors go to
// /signin, accounts without a Guestpass role to /no-access. During a database outage the shell
// renders without roles and the page inside it explains the outage.
import type { ReactNode } from "react";
import { GuestpassMark, ListIcon, MailIcon, SettingsIcon, UploadIcon } from "@/components/icons";
import { Button } from "@/components/button";
import { signOut } from "@/lib/auth/config";
import { isAdmin } from "@/lib/auth/permissions";
import { requireStaffShell } from "@/lib/auth/session";
import { AdminNav, CollapsibleMenu, type AdminNavItem } from "./admin-nav";
import { RegistrationBanner } from "./registration-banner";

async function signOutAction() {
  "use server";
  await signOut({ redirectTo: "/signin" });
}

export default async function AdminLayout({ children }: { children: ReactNode }) {
  const staff = await requireStaffShell();
  const admin = isAdmin(staff);
  const items: AdminNavItem[] = [
    { href: "/invitations", label: "Invitations", icon: <MailIcon /> },
    ...(admin ? [{ href: "/invitations/bulk", label: "Bulk invite", icon: <UploadIcon /> }] : []),
    { href: "/audit", label: "Audit log", icon: <ListIcon /> },
    ...(admin ? [{ href: "/settings", label: "Settings", icon: <SettingsIcon /> }] : []),
  ];
  return (
    <div className="flex min-h-dvh flex-col md:flex-row">
      <a href="#main" className="gp-skip-link">
        Skip to content
      </a>
      <aside className="gp-sidebar">
        <CollapsibleMenu
          brand={
            <div className="flex items-center gap-2.5">
              <GuestpassMark />
              <span className="text-base font-semibold tracking-tight">Guestpass</span>
            </div>
          }
        >
          <div className="px-2 pb-3 md:flex-1">
            <AdminNav items={items} />
          </div>
          <div className="border-t border-line px-4 py-3">
            <p className="truncate text-sm font-medium text-ink" title={staff.email}>
              {staff.name ?? staff.email}
            </p>
            <p className="truncate text-xs text-ink-muted">{admin ? "Administrator" : "Support"}</p>
            <form action={signOutAction} className="mt-2">
              <Button type="submit" variant="ghost" size="sm" className="-ml-3">
                Sign out
              </Button>
            </form>
          </div>
        </CollapsibleMenu>
      </aside>
      <main id="main" className="min-w-0 flex-1 px-4 py-6 md:px-10 md:py-8">
        <div className="mx-auto max-w-6xl">
          <RegistrationBanner staff={staff} />
          {children}
        </div>
      </main>
    </div>
  );
}
