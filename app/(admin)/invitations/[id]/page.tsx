import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { CopyButton } from "@/components/copy-button";
import { ErrorExplanation } from "@/components/error-explanation";
import { InvitationStatusBadge } from "@/components/invitation-status-badge";
import { LiveRefresh } from "@/components/live-refresh";
import { PageHeader } from "@/components/page-header";
import { Timestamp } from "@/components/timestamp";
import {
  canEraseGrant,
  canResumeGrant,
  canRevokeConsentLink,
  canSendConsentLink,
  canSendTestMail,
  canSuspendGrant,
  isAdmin,
} from "@/lib/auth/permissions";
import { requireStaff } from "@/lib/auth/session";
import { findLiveConsentLink } from "@/lib/consent/links";
import { userManagementAvailability } from "@/lib/invitations/app-permissions";
import {
  canCheckInvitationNow,
  canResendInvitation,
  canResetRedemption,
  canRevokeInvitation,
} from "@/lib/invitations/permissions";
import { getInvitationDetail, type InvitationDetail } from "@/lib/invitations/queries/detail";
import { resendAvailableAt } from "@/lib/shared/invitations";
import { ConsentLinkAction, TestMailForm } from "./consent-panel";
import { GrantControls } from "./grant-controls";
import { InvitationActions } from "./invitation-actions";
import { invitationMailFact, redeemLinkText } from "./mail-facts";
import { Timeline } from "./timeline";
import type { MailboxBlocker } from "@/lib/shared/redemption";

export const metadata: Metadata = { title: "Invitation" };

const MAILBOX_BLOCKER_TEXT: Record<MailboxBlocker, string> = {
  one_time_passcode:
    "Redeemed with a one-time passcode: there is no Microsoft account, so no mailbox to grant access to.",
  other_identity_provider:
    "Redeemed with an account of another identity provider (such as Google): Microsoft holds no mailbox for it.",
};

const STATE_HELP: Record<string, string> = {
  Queued: "Waiting for the worker to send it to Microsoft.",
  Sending: "Being sent to Microsoft now.",
  PendingAcceptance: "Microsoft created the guest; the person has not redeemed the invitation yet.",
  Accepted: "The person redeemed the invitation; they have not granted the permissions yet.",
  Consented: "The person granted the permissions; Guestpass can act for them.",
  Failed: "Microsoft refused or the sending failed; see the error below.",
  ConsentExpired: "The permissions can no longer be refreshed; the person needs a new consent link.",
  Revoked: "The guest was removed from the tenant.",
};

const GRANT_STATUS_LABELS: Record<NonNullable<InvitationDetail["grant"]>["status"], string> = {
  Active: "Granted",
  NeedsRenewal: "Needs renewal",
  Revoked: "Revoked",
  Suspended: "Suspended by an administrator",
  Erased: "Tokens erased",
};

const PRIMARY_ACTION: Partial<Record<InvitationDetail["invitation"]["status"], "resend" | "consent">> = {
  PendingAcceptance: "resend",
  Failed: "resend",
  Accepted: "consent",
  ConsentExpired: "consent",
};

/** A person connected by consent link alone: no guest account, nothing to redeem. */
const CONSENT_LINK_STATE_HELP: Record<string, string> = {
  Accepted:
    "Connected by consent link alone, with no guest account in your tenant; they have not granted the permissions yet.",
  Consented: "Connected by consent link alone; the person granted the permissions, so Guestpass can act for them.",
  Revoked: "An administrator revoked this connection.",
};

export default async function InvitationPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const staff = await requireStaff(`/invitations/${id}`);
  const detail = await getInvitationDetail(id);
  if (!detail) notFound();
  const { invitation, lastError, grant, timeline, consent } = detail;
  const liveLink = await findLiveConsentLink(invitation.id);
  const nextResend = resendAvailableAt(invitation.lastResentAt);
  // Only administrators are offered revoke and reset; what Microsoft lets the app do decides whether they work.
  const userManagement = isAdmin(staff) ? await userManagementAvailability() : null;
  // The primary action is the one that moves this invitation on: a resend while the person has not
  // redeemed, a consent link once they have (or their consent lapsed); none once consented.
  const primaryAction = PRIMARY_ACTION[invitation.status] ?? null;
  const linkOnly = invitation.kind === "consent_link";
  const consentCard = canSendConsentLink(staff, invitation) ? (
    <Card title="Consent">
      <ConsentLinkAction
        invitationId={invitation.id}
        primary={primaryAction === "consent"}
        hint={
          linkOnly
            ? "A new link replaces the one sent before: for a lost or expired link, or permissions that need renewing."
            : undefined
        }
      />
    </Card>
  ) : null;
  // Consenting proves the person redeemed, even before the sync reads Microsoft's changed state.
  const redeemedButNotSynced =
    !linkOnly &&
    ["Accepted", "Consented", "ConsentExpired"].includes(invitation.status) &&
    invitation.externalUserState !== "Accepted";
  const messageInfo = invitation.messageInfo as {
    customizedMessageBody?: string;
    messageLanguage?: string;
    ccRecipients?: Array<{ emailAddress?: { address?: string } }>;
  } | null;

  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-3 text-xs text-ink-muted">
        <Link href="/invitations" className="hover:text-ink hover:underline">
          Invitations
        </Link>{" "}
        / <span className="text-ink">{invitation.email}</span>
      </nav>
      <PageHeader
        title={invitation.displayName ?? invitation.email}
        description={invitation.displayName ? invitation.email : undefined}
        actions={
          <>
            <LiveRefresh invitationId={invitation.id} />
            <span data-testid="invitation-status" data-status={invitation.status}>
              <InvitationStatusBadge status={invitation.status} />
            </span>
          </>
        }
      />
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-[minmax(0,1fr)_20rem]">
        <div className="space-y-6">
          <Card title="Current state">
            <p className="mb-3 text-sm text-ink-muted" data-testid="state-help">
              {(linkOnly ? CONSENT_LINK_STATE_HELP[invitation.status] : undefined) ?? STATE_HELP[invitation.status]}
            </p>
            {invitation.mailboxBlocker ? (
              <p
                role="status"
                data-testid="mailbox-blocker"
                data-blocker={invitation.mailboxBlocker}
                className="mb-3 rounded-md bg-danger-soft px-3 py-2 text-sm text-ink"
              >
                <span className="font-medium">{MAILBOX_BLOCKER_TEXT[invitation.mailboxBlocker]}</span>
                <span className="block text-xs text-ink-muted">
                  Consent cannot succeed and no mail can be sent as them. Once the address has a Microsoft work, school
                  or personal account, resend the invitation with &ldquo;Reset redemption&rdquo; so they accept it again
                  with that account.
                </span>
              </p>
            ) : null}
            {consent ? (
              <p
                data-testid="consent-outcome"
                data-outcome={consent.outcome}
                className="mb-3 rounded-md bg-surface-muted px-3 py-2 text-sm text-ink"
              >
                <span className="font-medium">
                  Last consent attempt, <Timestamp date={consent.startedAt} />:
                </span>{" "}
                {consent.explanation.title}.
                {consent.explanation.fix[0] ? (
                  <span className="block text-xs text-ink-muted">{consent.explanation.fix[0]}</span>
                ) : null}
              </p>
            ) : null}
            <dl className="grid grid-cols-1 gap-x-6 gap-y-3 text-sm sm:grid-cols-2">
              <Fact label="Status in Microsoft" testId="external-user-state">
                {linkOnly ? (
                  "No guest account (consent link only)"
                ) : redeemedButNotSynced ? (
                  <>
                    Redeemed
                    <span className="block text-xs text-ink-muted">
                      Microsoft&apos;s record is read again at the next status sync.
                    </span>
                  </>
                ) : invitation.externalUserState === "PendingAcceptance" ? (
                  "Pending acceptance"
                ) : (
                  (invitation.externalUserState ?? "Not known yet")
                )}
                {invitation.externalUserStateChangedAt && !redeemedButNotSynced ? (
                  <span className="block text-xs text-ink-muted">
                    since <Timestamp date={invitation.externalUserStateChangedAt} />
                  </span>
                ) : null}
              </Fact>
              {linkOnly ? null : <Fact label="User type">{invitation.userType}</Fact>}
              <Fact label={linkOnly ? "Added" : "Invited"}>
                <Timestamp date={invitation.createdAt} />
                {invitation.createdBy ? (
                  <span className="block text-xs text-ink-muted">
                    by {invitation.createdBy.name ?? invitation.createdBy.email}
                  </span>
                ) : null}
              </Fact>
              {linkOnly ? null : (
                <Fact label="Last checked with Microsoft">
                  {invitation.lastSyncedAt ? <Timestamp date={invitation.lastSyncedAt} /> : "Never"}
                </Fact>
              )}
              <Fact label="Invitation mail" testId="invitation-mail">
                {invitationMailFact(invitation)}
              </Fact>
              <Fact label="Permissions (grant)">
                {grant ? (
                  <>
                    {GRANT_STATUS_LABELS[grant.status]}
                    <span className="block text-xs text-ink-muted">
                      consented <Timestamp date={grant.consentedAt} />
                      {grant.failureCode ? ` · ${grant.failureCode}` : ""}
                    </span>
                  </>
                ) : (
                  "Not granted yet"
                )}
              </Fact>
              {invitation.graphUserId ? (
                <Fact label="Guest object id">
                  <code className="text-xs select-all">{invitation.graphUserId}</code>
                </Fact>
              ) : null}
              {invitation.bulkRunId ? (
                <Fact label="Bulk run">
                  <Link href={`/invitations/bulk/${invitation.bulkRunId}`} className="text-accent hover:underline">
                    Open the run
                  </Link>
                </Fact>
              ) : null}
              {messageInfo?.customizedMessageBody || messageInfo?.messageLanguage ? (
                <Fact label="Message">
                  {messageInfo.customizedMessageBody ? (
                    <span className="whitespace-pre-line">{messageInfo.customizedMessageBody}</span>
                  ) : null}
                  {messageInfo.messageLanguage ? (
                    <span className="block text-xs text-ink-muted">Language {messageInfo.messageLanguage}</span>
                  ) : null}
                </Fact>
              ) : null}
            </dl>
          </Card>

          {invitation.inviteRedeemUrl ? (
            <Card title="Redeem link">
              <p className="mb-2 text-sm text-ink-muted">{redeemLinkText(invitation)}</p>
              <div className="flex items-center gap-2">
                <code
                  data-testid="redeem-url"
                  className="min-w-0 flex-1 truncate rounded-md border border-line bg-surface-muted px-2.5 py-1.5 text-xs select-all"
                  title={invitation.inviteRedeemUrl}
                >
                  {invitation.inviteRedeemUrl}
                </code>
                <CopyButton value={invitation.inviteRedeemUrl} label="Copy link" />
              </div>
            </Card>
          ) : null}

          {consent && !consent.explanation.transient ? (
            <ErrorExplanation error={consent.explanation} heading="Why the last consent attempt did not connect" />
          ) : null}
          {lastError ? <ErrorExplanation error={lastError} heading="Last error from Microsoft" /> : null}

          <Card title="Timeline">
            <Timeline events={timeline} />
          </Card>
        </div>

        <aside className="space-y-6">
          {primaryAction === "consent" ? consentCard : null}
          <Card title="Actions">
            <InvitationActions
              invitationId={invitation.id}
              email={invitation.email}
              canResend={canResendInvitation(staff, invitation)}
              canResetRedemption={canResetRedemption(staff, invitation)}
              resendIsPrimary={primaryAction === "resend"}
              canCheck={canCheckInvitationNow(staff, invitation)}
              canRevoke={canRevokeInvitation(staff, invitation)}
              nextResendAt={nextResend ? nextResend.toISOString() : null}
              mailMode={invitation.mailMode}
              resetRedemptionBlockedReason={userManagement?.resetRedemption.reason ?? null}
              // With no guest account there is nothing to remove in Microsoft, so no permission is needed.
              revokeBlockedReason={invitation.graphUserId ? (userManagement?.revoke.reason ?? null) : null}
              hasGuestAccount={invitation.graphUserId !== null}
            />
          </Card>
          {primaryAction !== "consent" ? consentCard : null}
          {grant || liveLink ? (
            <Card title="Mail access">
              <GrantControls
                email={invitation.email}
                grant={
                  grant
                    ? {
                        id: grant.id,
                        status: grant.status,
                        suspendedAt: grant.suspendedAt?.toISOString() ?? null,
                        erasedAt: grant.erasedAt?.toISOString() ?? null,
                      }
                    : null
                }
                canSuspend={grant ? canSuspendGrant(staff, grant) : false}
                canResume={grant ? canResumeGrant(staff, grant) : false}
                canErase={grant ? canEraseGrant(staff, grant) : false}
                liveLink={
                  liveLink
                    ? {
                        consentRequestId: liveLink.id,
                        createdAt: liveLink.createdAt.toISOString(),
                        expiresAt: liveLink.expiresAt.toISOString(),
                      }
                    : null
                }
                canRevokeLink={canRevokeConsentLink(staff)}
              />
            </Card>
          ) : null}
          {canSendTestMail(staff, invitation) && grant?.status === "Active" ? (
            <Card title="Test mail">
              <TestMailForm
                invitationId={invitation.id}
                userAddress={invitation.email}
                staffAddress={staff.email}
                from={grant.username}
                requestedBy={staff.name ?? staff.email}
              />
            </Card>
          ) : null}
        </aside>
      </div>
    </>
  );
}

function Card({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section aria-label={title} className="rounded-lg border border-line bg-surface p-5 shadow-sm">
      <h2 className="mb-3 text-sm font-semibold text-ink">{title}</h2>
      {children}
    </section>
  );
}

function Fact({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div>
      <dt className="text-xs text-ink-muted">{label}</dt>
      <dd className="mt-0.5 text-ink" data-testid={testId}>
        {children}
      </dd>
    </div>
  );
}
