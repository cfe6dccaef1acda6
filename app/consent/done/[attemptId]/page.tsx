// How a consent ended, written for the invited user: success, declined, admin approval needed (with
// the link to forward), wrong account, not the account that redeemed, or another error explained
// through the catalogue.
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { invitedUserExplanation, loadAttemptOutcome } from "@/lib/consent/queries";
import { ConsentShell } from "../../consent-shell";
import { AdminConsentLink } from "./admin-consent-link";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Connect your account", referrer: "no-referrer", robots: { index: false, follow: false } };

export default async function ConsentDonePage({ params }: { params: Promise<{ attemptId: string }> }) {
  const { attemptId } = await params;
  const view = await loadAttemptOutcome(attemptId);
  if (!view) notFound();
  const { outcome } = view;
  switch (outcome.kind) {
    case "consented":
      return (
        <ConsentShell title="You're all set" tone="success">
          <p data-testid="consent-success">
            Your account <strong className="text-ink">{outcome.account}</strong> is connected with the permissions you granted; you can close this page. The organisation that invited you will check that sending mail works and contact you if it does not.
          </p>
          <p>You can remove this access at any time in your Microsoft account&apos;s app permissions.</p>
        </ConsentShell>
      );
    case "declined":
      return (
        <ConsentShell title="You did not give permission" tone="problem">
          <p>Nothing was connected. If you change your mind, open the link from your email again and accept on Microsoft&apos;s page.</p>
        </ConsentShell>
      );
    case "admin_approval_required":
      return (
        <ConsentShell title="Your organisation's administrator needs to approve" tone="problem">
          <p>Your organisation only lets administrators approve apps like this one. Send the link below to your IT administrator. Once they approve, open the link from your email again.</p>
          <AdminConsentLink url={outcome.adminConsentUrl} />
        </ConsentShell>
      );
    case "wrong_account":
      return (
        <ConsentShell title="You signed in with a different account" tone="problem">
          <p>
            You signed in as <strong className="text-ink">{outcome.signedInAs}</strong>, but the invitation is for <strong className="text-ink">{outcome.invitedAddress}</strong>. Nothing was saved.
          </p>
          <p>Open the link from your email again and, on Microsoft&apos;s page, choose or sign in with {outcome.invitedAddress}. If you have no such account, contact the person who invited you.</p>
        </ConsentShell>
      );
    case "account_conflict":
      return (
        <ConsentShell title="This account cannot be connected here" tone="problem">
          {outcome.reason === "invitation_has_other_account" ? (
            <p data-testid="consent-account-conflict">
              You signed in as <strong className="text-ink">{outcome.signedInAs}</strong>, but the invitation for <strong className="text-ink">{outcome.invitedAddress}</strong> is
              already connected to a different Microsoft account. To protect that account, nothing was changed.
            </p>
          ) : (
            <p data-testid="consent-account-conflict">
              Your account <strong className="text-ink">{outcome.signedInAs}</strong> is already connected for another invitation, so it cannot also be connected for{" "}
              <strong className="text-ink">{outcome.invitedAddress}</strong>. Nothing was changed.
            </p>
          )}
          <p>If your account or address changed, contact the person who invited you: they can review it and remove the old connection.</p>
        </ConsentShell>
      );
    case "not_redeemer":
      return outcome.reason === "not_redeemed" ? (
        <ConsentShell title="Please accept the invitation first" tone="problem">
          <p data-testid="consent-not-redeemer" data-reason={outcome.reason}>
            You signed in as <strong className="text-ink">{outcome.signedInAs}</strong>, and Microsoft says this account has not accepted the invitation for{" "}
            <strong className="text-ink">{outcome.invitedAddress}</strong> yet. Nothing was saved.
          </p>
          <p>Open the invitation email from Microsoft (or ask the person who invited you for the invitation link), accept it with this account, then open your link again.</p>
        </ConsentShell>
      ) : (
        <ConsentShell title="This is not the account that accepted the invitation" tone="problem">
          <p data-testid="consent-not-redeemer" data-reason={outcome.reason}>
            You signed in as <strong className="text-ink">{outcome.signedInAs}</strong>, but the invitation for <strong className="text-ink">{outcome.invitedAddress}</strong> was
            accepted with a different Microsoft account. To protect that account, nothing was saved.
          </p>
          <p>Open your link again and sign in with the account you used to accept the invitation. If your account changed, contact the person who invited you.</p>
        </ConsentShell>
      );
    case "expired_state":
      return (
        <ConsentShell title="This took too long" tone="problem">
          <p>For your security, the sign-in has to finish within a few minutes. Open the link from your email again to start over.</p>
        </ConsentShell>
      );
    case "pending":
      return (
        <ConsentShell title="Not finished yet">
          <p>The connection was started but not completed. Open the link from your email again to continue.</p>
        </ConsentShell>
      );
    case "failed": {
      const explained = invitedUserExplanation(outcome.code);
      return (
        <ConsentShell title={explained.title} tone="problem">
          <p>{explained.message}</p>
          <p className="text-xs">
            Reference for support: <code>{outcome.code}</code>, {attemptId}
          </p>
        </ConsentShell>
      );
    }
  }
}
