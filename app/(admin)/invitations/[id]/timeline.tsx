// The invitation's history, newest first: what happened, who or what caused it, what Microsoft
// answered (explained through the catalogue), and the status it moved between.
import { ErrorExplanation } from "@/components/error-explanation";
import { InvitationStatusBadge } from "@/components/invitation-status-badge";
import { Timestamp } from "@/components/timestamp";
import type { InvitationEventType } from "@/lib/invitations/lifecycle";
import type { TimelineEvent } from "@/lib/invitations/queries/detail";

/** A label for every event the lifecycle declares: a new event without one does not compile. */
const EVENT_LABELS: Record<InvitationEventType, string> = {
  created: "Invitation created",
  sending: "Sending to Microsoft",
  sent: "Invitation accepted by Microsoft",
  send_failed: "Sending failed",
  send_deferred: "Sending postponed: Microsoft asked to wait",
  resend_requested: "Queued to send again",
  resend_failed: "Resend failed",
  status_synced: "Status read from Microsoft",
  resent: "Invitation resent",
  redemption_reset: "Redemption reset",
  consent_link_created: "Consent link created",
  consent_link_revoked: "Consent link withdrawn",
  grant_suspended: "Mail as the user suspended",
  grant_resumed: "Mail as the user resumed",
  grant_erased: "The user's tokens erased",
  consented: "Permissions granted",
  consent_failed: "Consent failed",
  consent_wrong_account: "Consent refused: another account signed in",
  consent_account_conflict: "Consent refused: the grant belongs to another account",
  consent_not_redeemer: "Consent refused: not the account that redeemed the invitation",
  consent_expired: "Consent needs renewal",
  test_mail_sent: "Test mail sent",
  test_mail_failed: "Test mail failed",
  revoked: "Revoked",
};

function labelOf(type: string, detail?: TimelineEvent["detail"]): string {
  if (
    type === "created" &&
    detail &&
    typeof detail === "object" &&
    !Array.isArray(detail) &&
    detail.kind === "consent_link"
  )
    return "Connected by consent link (no invitation)";
  // Stored rows are strings; one written by an older release may name an event no longer emitted.
  return (
    (EVENT_LABELS as Record<string, string | undefined>)[type] ??
    type.replace(/[._]/g, " ").replace(/^\w/, (c) => c.toUpperCase())
  );
}

/** Scalar facts of an event worth showing (ids, Microsoft's state, flags); nested objects stay out. */
function factsOf(detail: TimelineEvent["detail"]): Array<[string, string]> {
  if (!detail || typeof detail !== "object" || Array.isArray(detail)) return [];
  const hidden = new Set(["error", "microsoftError", "errorCode", "errorMessage", "title"]);
  return Object.entries(detail)
    .filter(
      ([key, value]) => !hidden.has(key) && value !== null && ["string", "number", "boolean"].includes(typeof value),
    )
    .slice(0, 6)
    .map(([key, value]) => [key.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase(), String(value)]);
}

export function Timeline({ events }: { events: TimelineEvent[] }) {
  if (events.length === 0)
    return <p className="text-sm text-ink-muted">Nothing has happened to this invitation yet.</p>;
  return (
    <ol className="relative space-y-5 border-l border-line pl-6" aria-label="Timeline">
      {events.map((event) => {
        const facts = factsOf(event.detail);
        return (
          <li key={event.id} className="relative" data-testid="timeline-event" data-event-type={event.type}>
            <span
              aria-hidden="true"
              className={`absolute -left-[1.95rem] top-1.5 size-3 rounded-full ring-4 ring-canvas ${event.error ? "bg-danger" : event.toStatus ? "bg-accent" : "bg-ink-muted/50"}`}
            />
            <div className="flex flex-wrap items-baseline justify-between gap-x-3">
              <p className="text-sm font-medium text-ink">{labelOf(event.type, event.detail)}</p>
              <span className="text-xs text-ink-muted">
                <Timestamp date={event.createdAt} mode="absolute" />
              </span>
            </div>
            <p className="text-xs text-ink-muted">by {event.actorLabel}</p>
            {event.toStatus && event.fromStatus !== event.toStatus ? (
              <p className="mt-1.5 flex items-center gap-1.5 text-xs text-ink-muted">
                {event.fromStatus ? <InvitationStatusBadge status={event.fromStatus} /> : null}
                {event.fromStatus ? <span aria-label="to">→</span> : null}
                <InvitationStatusBadge status={event.toStatus} />
              </p>
            ) : null}
            {facts.length > 0 ? (
              <dl className="mt-1.5 flex flex-wrap gap-x-4 gap-y-0.5 text-xs">
                {facts.map(([key, value]) => (
                  <div key={key} className="flex min-w-0 max-w-full gap-1">
                    <dt className="text-ink-muted">{key}:</dt>
                    <dd className="min-w-0 max-w-96 truncate font-mono text-ink" title={value}>
                      {value}
                    </dd>
                  </div>
                ))}
              </dl>
            ) : null}
            {event.error ? (
              <details className="mt-2 group">
                <summary className="cursor-pointer text-xs font-medium text-danger">
                  {event.error.title} — what it means and how to fix it
                </summary>
                <div className="mt-2">
                  <ErrorExplanation error={event.error} />
                </div>
              </details>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}
