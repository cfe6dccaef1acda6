// Counts per status as filter links, and the invited → accepted → consented funnel.
import clsx from "clsx";
import Link from "next/link";
import { FunnelChart } from "@/components/funnel-chart";
import {
  FUNNEL_STAGES,
  type InvitationFunnel,
  type InvitationListFilter,
  type InvitationStatus,
  type InvitationStatusCounts,
} from "@/lib/invitations/queries/list";
import { listHref } from "./list-params";

const ORDER = [
  ["Queued", "Queued"],
  ["Sending", "Sending"],
  ["PendingAcceptance", "Pending acceptance"],
  ["Accepted", "Accepted"],
  ["Consented", "Consented"],
  ["ConsentExpired", "Consent expired"],
  ["Failed", "Failed"],
  ["Revoked", "Revoked"],
] as const;

const ATTENTION = new Set(["Failed", "ConsentExpired"]);
const TILE_LABEL = Object.fromEntries(ORDER) as Record<InvitationStatus, string>;

export function StatusSummary({
  counts,
  funnel,
  filter,
}: {
  counts: InvitationStatusCounts;
  funnel: InvitationFunnel;
  filter: InvitationListFilter;
}) {
  return (
    <section aria-label="Invitations by status" className="grid gap-4 lg:grid-cols-[1fr_22rem]">
      <div className="rounded-lg border border-line bg-surface p-4 shadow-sm">
        <h2 className="mb-3 flex items-baseline justify-between text-xs font-semibold uppercase tracking-wide text-ink-muted">
          By status
          {filter.status ? (
            <Link
              href={listHref(filter, { status: undefined, cursor: undefined })}
              className="normal-case tracking-normal text-accent hover:underline"
            >
              Show all {counts.total.toLocaleString("en")}
            </Link>
          ) : (
            <span className="normal-case tracking-normal">{counts.total.toLocaleString("en")} in all</span>
          )}
        </h2>
        <ul className="grid grid-cols-2 gap-2 sm:grid-cols-4">
          {ORDER.map(([status, label]) => (
            <li key={status}>
              <StatusLink
                href={listHref(filter, { status: filter.status === status ? undefined : status, cursor: undefined })}
                label={label}
                count={counts[status]}
                active={filter.status === status}
                attention={ATTENTION.has(status) && counts[status] > 0}
                testId={`status-count-${status}`}
              />
            </li>
          ))}
        </ul>
      </div>
      <div className="rounded-lg border border-line bg-surface p-4 shadow-sm">
        <h2 className="mb-3 text-xs font-semibold uppercase tracking-wide text-ink-muted">Funnel</h2>
        <FunnelChart
          title="Invitation funnel"
          stages={FUNNEL_STAGES.map((stage) => ({ label: stage.label, count: funnel[stage.key] }))}
        />
        {/* Each stage counts everyone who got that far, so it is a sum of tiles, not one tile: said here. */}
        <ul className="mt-3 space-y-0.5 text-xs text-ink-muted">
          {FUNNEL_STAGES.map((stage) => (
            <li
              key={stage.key}
              data-testid="funnel-stage"
              data-count={funnel[stage.key]}
              data-statuses={stage.statuses.join(" ")}
            >
              <span className="font-medium text-ink">{stage.label}</span> ={" "}
              {stage.statuses.map((status) => TILE_LABEL[status]).join(" + ")}
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}

function StatusLink({
  href,
  label,
  count,
  active,
  attention = false,
  testId,
}: {
  href: string;
  label: string;
  count: number;
  active: boolean;
  attention?: boolean;
  testId?: string;
}) {
  return (
    <Link
      href={href}
      aria-current={active ? "true" : undefined}
      data-testid={testId}
      className={clsx("gp-tile", active && "gp-tile-active")}
    >
      <span className={clsx("gp-tile-count", attention ? "text-danger" : count === 0 ? "text-ink-muted" : "text-ink")}>
        {count.toLocaleString("en")}
      </span>
      <span className="gp-tile-label">{label}</span>
    </Link>
  );
}
