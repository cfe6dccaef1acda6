import type { Metadata } from "next";
import Link from "next/link";
import { buttonClasses } from "@/components/button";
import { EmptyState } from "@/components/empty-state";
import { LinkIcon, MailIcon, UploadIcon } from "@/components/icons";
import { LiveRefresh } from "@/components/live-refresh";
import { PageHeader } from "@/components/page-header";
import { canBulkInvite, canInvite } from "@/lib/auth/permissions";
import { requireStaff } from "@/lib/auth/session";
import {
  countInvitationsByStatus,
  funnelFromCounts,
  INVITATION_STATUSES,
  listInvitations,
} from "@/lib/invitations/queries/list";
import { toInvitationRow } from "./invitation-row";
import { InvitationsTable } from "./invitations-table";
import { ListFilters } from "./list-filters";
import { listHref, parseListParams, type ListSearchParams } from "./list-params";
import { StatusSummary } from "./status-summary";

export const metadata: Metadata = { title: "Invitations" };

export default async function InvitationsPage({ searchParams }: { searchParams: Promise<ListSearchParams> }) {
  const staff = await requireStaff("/invitations");
  const filter = parseListParams(await searchParams);
  const [page, counts] = await Promise.all([listInvitations(filter), countInvitationsByStatus()]);
  const filtered = Boolean(filter.q || filter.status);

  return (
    <>
      <PageHeader
        title="Invitations"
        description="External Microsoft 365 users invited into your tenant, where each one stands, and what to do when one is stuck."
        actions={
          <>
            <LiveRefresh />
            {canBulkInvite(staff) ? (
              <Link href="/invitations/bulk" className={buttonClasses("secondary")}>
                <UploadIcon /> Bulk invite
              </Link>
            ) : null}
            {canInvite(staff) ? (
              <Link href="/invitations/connect" className={buttonClasses("secondary")}>
                <LinkIcon /> Connect by link
              </Link>
            ) : null}
            {canInvite(staff) ? (
              <Link href="/invitations/new" className={buttonClasses("primary")}>
                <MailIcon /> Invite user
              </Link>
            ) : null}
          </>
        }
      />
      <div className="space-y-5">
        <StatusSummary counts={counts} funnel={funnelFromCounts(counts)} filter={filter} />
        <ListFilters
          q={filter.q}
          status={filter.status}
          sort={filter.sort ?? "newest"}
          statuses={INVITATION_STATUSES}
        />
        {page.items.length > 0 ? (
          <>
            <InvitationsTable rows={page.items.map(toInvitationRow)} now={new Date().getTime()} />
            <nav aria-label="Pages" className="flex flex-wrap items-center justify-between gap-2">
              <p className="text-xs text-ink-muted">
                {filtered ? "Matching invitations" : `${counts.total.toLocaleString("en")} invitations`} ·{" "}
                {page.items.length} on this page
              </p>
              <div className="flex gap-2 whitespace-nowrap">
                {page.prevCursor ? (
                  <Link
                    href={listHref(filter, { cursor: page.prevCursor })}
                    className={buttonClasses("secondary", "sm")}
                    rel="prev"
                  >
                    ← Newer
                  </Link>
                ) : (
                  <span
                    className={buttonClasses("secondary", "sm", "pointer-events-none opacity-50")}
                    aria-disabled="true"
                  >
                    ← Newer
                  </span>
                )}
                {page.nextCursor ? (
                  <Link
                    href={listHref(filter, { cursor: page.nextCursor })}
                    className={buttonClasses("secondary", "sm")}
                    rel="next"
                  >
                    Older →
                  </Link>
                ) : (
                  <span
                    className={buttonClasses("secondary", "sm", "pointer-events-none opacity-50")}
                    aria-disabled="true"
                  >
                    Older →
                  </span>
                )}
              </div>
            </nav>
          </>
        ) : filtered ? (
          <EmptyState
            icon={<MailIcon />}
            title="No invitations match"
            description="Try another address or name, or show every status."
            action={
              <Link href="/invitations" className={buttonClasses("secondary")}>
                Clear filters
              </Link>
            }
          />
        ) : (
          <EmptyState
            icon={<MailIcon />}
            title="No invitations yet"
            description="Invite an external user and follow them from the invitation mail to a working grant."
            action={
              canInvite(staff) ? (
                <Link href="/invitations/new" className={buttonClasses("primary")}>
                  Invite user
                </Link>
              ) : undefined
            }
          />
        )}
      </div>
    </>
  );
}
