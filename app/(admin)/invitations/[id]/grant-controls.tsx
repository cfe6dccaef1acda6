"use client";
// The kill switch of this invitation's grant (suspend, resume, erase: admins) and the consent link
// that still works (withdraw it: support and admins). The page offers only what the same permission
// checks allow; each server action checks again.
import { useRouter } from "next/navigation";
import { LocalTime } from "@/components/local-time";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/button";
import { ConfirmDialog } from "@/components/confirm-dialog";
import type { LiveConsentLink } from "@/lib/shared/grants";
import type { ActionFailure, ActionResult } from "@/lib/shared/action-result";
import { eraseGrant, resumeGrant, revokeConsentLink, suspendGrant } from "./grant-actions";

export interface GrantControlsProps {
  email: string;
  grant: { id: string; status: string; suspendedAt: string | null; erasedAt: string | null } | null;
  canSuspend: boolean;
  canResume: boolean;
  canErase: boolean;
  liveLink: LiveConsentLink | null;
  canRevokeLink: boolean;
}

const STATUS_WORDS: Record<string, string> = {
  Active: "In use: Guestpass refreshes the tokens and can send mail as this person.",
  NeedsRenewal: "Needs renewal: the tokens no longer work; the person needs a new consent link.",
  Suspended: "Suspended: the tokens are kept encrypted but nothing uses or refreshes them.",
  Erased: "Erased: the tokens are gone. The person can connect again through a new consent link.",
  Revoked: "Revoked with the invitation: the tokens are gone.",
};

export function GrantControls(props: GrantControlsProps) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [failure, setFailure] = useState<ActionFailure | null>(null);
  const run = <T,>(work: () => Promise<ActionResult<T>>) =>
    startTransition(async () => {
      setFailure(null);
      const result = await work();
      if (result.ok) {
        toast.success(result.message ?? "Done");
        router.refresh();
      } else {
        setFailure(result);
        toast.error(result.message);
      }
    });
  const { grant, liveLink } = props;

  return (
    <div className="space-y-4 text-sm" data-testid="grant-controls">
      {grant ? (
        <div className="space-y-2">
          <p data-testid="grant-state" data-grant-status={grant.status} className="text-ink-muted">
            {STATUS_WORDS[grant.status] ?? grant.status}
          </p>
          <div className="flex flex-wrap gap-2">
            {props.canSuspend ? (
              <ConfirmDialog
                trigger={
                  <Button variant="secondary" disabled={pending} id="grant-suspend">
                    Suspend…
                  </Button>
                }
                title={`Suspend mail as ${props.email}?`}
                description={
                  <p>
                    Nothing is sent or refreshed for this person until an administrator resumes. Their tokens stay
                    encrypted; the guest account is not touched.
                  </p>
                }
                confirmLabel="Suspend"
                tone="primary"
                onConfirm={() => run(() => suspendGrant(grant.id))}
              />
            ) : null}
            {props.canResume ? (
              <Button
                variant="secondary"
                disabled={pending}
                id="grant-resume"
                onClick={() => run(() => resumeGrant(grant.id))}
              >
                Resume
              </Button>
            ) : null}
            {props.canErase ? (
              <ConfirmDialog
                trigger={
                  <Button variant="ghost" className="text-danger" disabled={pending} id="grant-erase">
                    Erase tokens…
                  </Button>
                }
                title={`Erase the tokens of ${props.email}?`}
                description={
                  <>
                    <p>
                      Their encrypted tokens are deleted for good; Guestpass can no longer send mail as them. The record
                      that they consented stays for the audit log.
                    </p>
                    <p>The guest account is not touched. To connect again they need a new consent link.</p>
                  </>
                }
                confirmLabel="Erase tokens"
                onConfirm={() => run(() => eraseGrant(grant.id))}
              />
            ) : null}
          </div>
        </div>
      ) : null}
      {liveLink ? (
        <div className="space-y-1.5" data-testid="live-consent-link">
          <p className="text-ink-muted">
            A consent link sent <LocalTime date={liveLink.createdAt} part="date" /> works until{" "}
            <LocalTime date={liveLink.expiresAt} part="date" />. A new link replaces it.
          </p>
          {props.canRevokeLink ? (
            <ConfirmDialog
              trigger={
                <Button variant="ghost" className="text-danger" disabled={pending} id="consent-link-revoke">
                  Withdraw link…
                </Button>
              }
              title="Withdraw the consent link?"
              description={
                <p>
                  Whoever opens it sees that it was withdrawn; nothing can be connected with it. You can create a new
                  link afterwards.
                </p>
              }
              confirmLabel="Withdraw link"
              onConfirm={() => run(() => revokeConsentLink(liveLink.consentRequestId))}
            />
          ) : null}
        </div>
      ) : null}
      {failure ? (
        <p role="alert" className="rounded-md bg-danger-soft px-3 py-2 text-danger">
          {failure.message}
          {failure.correlationId ? <span className="block text-xs">Reference: {failure.correlationId}</span> : null}
        </p>
      ) : null}
    </div>
  );
}
