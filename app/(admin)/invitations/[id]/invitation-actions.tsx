"use client";
// What the viewer may do with this invitation. The page decides which actions to offer (from the
// same permission checks the server actions run); each action still checks again on the server.
import { useRouter } from "next/navigation";
import { formatDateTime, useViewerTimeZone } from "@/components/local-time";
import { useEffect, useState, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/button";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { ErrorExplanation } from "@/components/error-explanation";
import { RESEND_COOLDOWN_MS } from "@/lib/shared/invitations";
import { type ActionFailure, type ActionResult } from "@/lib/shared/action-result";
import { checkInvitationNow, resendInvitation, revokeInvitation } from "../actions";

export interface InvitationActionsProps {
  invitationId: string;
  email: string;
  canResend: boolean;
  canResetRedemption: boolean;
  /** Resend is what moves this invitation on (not redeemed yet, or refused); otherwise it is secondary. */
  resendIsPrimary: boolean;
  canCheck: boolean;
  canRevoke: boolean;
  /** When the 10-minute resend limit lifts (ISO), or null if a resend is allowed now. */
  nextResendAt: string | null;
  /** Why reset redemption cannot work (the app lacks User.ReadWrite.All), or null when it can. */
  resetRedemptionBlockedReason: string | null;
  /** Why revoke cannot work, or null when it can. */
  revokeBlockedReason: string | null;
  /** Whether Microsoft holds a guest account for it (revoking removes it); false for a consent-link connection. */
  hasGuestAccount: boolean;
  /** Who mails the invitation again: Microsoft, or Guestpass from the sender mailbox. */
  mailMode: "microsoft" | "guestpass";
}

function useNow(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [active]);
  return now;
}

function latest(a: string | null, b: string | null): string | null {
  if (!a || !b) return a ?? b;
  return new Date(a).getTime() >= new Date(b).getTime() ? a : b;
}

function remaining(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const minutes = Math.floor(total / 60);
  return `${minutes}:${String(total % 60).padStart(2, "0")}`;
}

export function InvitationActions(props: InvitationActionsProps) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [failure, setFailure] = useState<ActionFailure | null>(null);
  const [checkAnswer, setCheckAnswer] = useState<string | null>(null);
  const [resetRedemption, setResetRedemption] = useState(false);
  // The server's answer (props, refreshed with the page) or a later one an action just returned.
  const [answeredResendAt, setNextResendAt] = useState<string | null>(null);
  const nextResendAt = latest(props.nextResendAt, answeredResendAt);
  const now = useNow(nextResendAt !== null);
  // Clamped: a browser clock a little behind the server's must not show more than the limit.
  const waitMs = nextResendAt ? Math.min(new Date(nextResendAt).getTime() - now, RESEND_COOLDOWN_MS) : 0;
  const resendBlocked = waitMs > 0;
  const timeZone = useViewerTimeZone();

  const run = <T,>(work: () => Promise<ActionResult<T>>, onSuccess?: (data: T, message: string | undefined) => void) =>
    startTransition(async () => {
      setFailure(null);
      setCheckAnswer(null);
      const result = await work();
      if (result.ok) {
        toast.success(result.message ?? "Done");
        onSuccess?.(result.data, result.message);
        router.refresh();
      } else {
        if (result.retryAt) setNextResendAt(result.retryAt);
        setFailure(result);
        toast.error(result.message);
      }
    });

  return (
    <div className="space-y-4">
      {props.canResend ? (
        <div className="space-y-2">
          <div className="flex flex-wrap items-center gap-3">
            <Button
              variant={props.resendIsPrimary ? "primary" : "secondary"}
              disabled={pending || resendBlocked}
              aria-describedby="resend-limit"
              onClick={() =>
                run(
                  () =>
                    resendInvitation(props.invitationId, {
                      resetRedemption: props.canResetRedemption && resetRedemption,
                    }),
                  (data) => setNextResendAt(data.nextResendAt),
                )
              }
            >
              Resend invitation
            </Button>
            <span
              id="resend-limit"
              data-testid="resend-limit"
              className="text-xs text-ink-muted"
              suppressHydrationWarning
            >
              {resendBlocked
                ? `Resent recently — possible again in ${remaining(waitMs)} (at ${formatDateTime(new Date(nextResendAt!), timeZone, "time")}; one resend per 10 minutes).`
                : `Sends ${props.mailMode === "guestpass" ? "Guestpass's" : "Microsoft's"} invitation mail again. One resend per 10 minutes.`}
            </span>
          </div>
          {props.canResetRedemption ? (
            <label className="flex items-start gap-2 text-xs text-ink-muted">
              <input
                type="checkbox"
                className="mt-0.5"
                checked={resetRedemption && !props.resetRedemptionBlockedReason}
                disabled={props.resetRedemptionBlockedReason !== null}
                aria-describedby={props.resetRedemptionBlockedReason ? "reset-redemption-blocked" : undefined}
                onChange={(event) => setResetRedemption(event.target.checked)}
              />
              <span className="min-w-0">
                <span className="font-medium text-ink">Reset redemption</span> — they redeem again, possibly with
                another account.
                {props.resetRedemptionBlockedReason ? (
                  <span id="reset-redemption-blocked" data-testid="reset-redemption-blocked" className="mt-1 block">
                    Not available: {props.resetRedemptionBlockedReason}
                  </span>
                ) : null}
              </span>
            </label>
          ) : null}
        </div>
      ) : null}
      <div className="flex flex-wrap gap-2">
        {props.canCheck ? (
          <Button
            variant="secondary"
            disabled={pending}
            onClick={() =>
              run(
                () => checkInvitationNow(props.invitationId),
                (_data, message) => setCheckAnswer(message ?? null),
              )
            }
          >
            Check status now
          </Button>
        ) : null}
        {props.canRevoke && props.revokeBlockedReason ? (
          <Button variant="ghost" className="text-danger" disabled aria-describedby="revoke-blocked">
            Revoke…
          </Button>
        ) : props.canRevoke ? (
          <ConfirmDialog
            trigger={
              <Button variant="ghost" className="text-danger" disabled={pending}>
                Revoke…
              </Button>
            }
            title={`Revoke ${props.email}?`}
            description={
              <>
                <p>
                  {props.hasGuestAccount
                    ? "The guest account is removed from your tenant and any permissions they granted are revoked. They will need a new invitation to come back."
                    : "Any permissions they granted are revoked and their stored tokens erased; their links stop working."}
                </p>
              </>
            }
            confirmLabel="Revoke"
            onConfirm={() => run(() => revokeInvitation(props.invitationId))}
          />
        ) : null}
      </div>
      {props.canRevoke && props.revokeBlockedReason ? (
        <p id="revoke-blocked" data-testid="revoke-blocked" className="text-xs text-ink-muted">
          Revoke is not available: {props.revokeBlockedReason}
        </p>
      ) : null}
      {checkAnswer ? (
        <p role="status" data-testid="check-answer" className="text-sm text-ink">
          {checkAnswer}
        </p>
      ) : null}
      {failure ? (
        failure.explanation ? (
          <ErrorExplanation error={failure.explanation} heading={failure.message} />
        ) : (
          <p role="alert" className="rounded-md bg-danger-soft px-3 py-2 text-sm text-danger [overflow-wrap:anywhere]">
            {failure.message}
            {failure.correlationId ? <span className="block text-xs">Reference: {failure.correlationId}</span> : null}
          </p>
        )
      ) : null}
    </div>
  );
}
