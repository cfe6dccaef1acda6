// What a visitor of a consent URL sees: the request and one button, or why the link cannot be used.
// Shared by /consent/{token} (link from support) and /consent/i/{invitationId} (after redemption).
import { buttonClasses } from "@/components/button";
import { MicrosoftLogo } from "@/components/icons";
import type { ConsentEntry, ConsentEntryKey } from "@/lib/consent/links";
import { describeConsentScopes } from "@/lib/consent/permissions-text";
import { inviterOf } from "@/lib/consent/queries";
import { getEnv } from "@/lib/env";
import { ConsentShell } from "./consent-shell";

export async function ConsentEntryView({ entry, entryKey, startError }: { entry: ConsentEntry; entryKey: ConsentEntryKey; startError?: boolean }) {
  switch (entry.kind) {
    case "unknown":
      return (
        <ConsentShell title="This link does not work" tone="problem">
          <p>The link is incomplete or was never issued. Check that you opened the whole link from your email, or ask the person who invited you for a new one.</p>
        </ConsentShell>
      );
    case "expired":
      return (
        <ConsentShell title="This link has expired" tone="problem">
          <p>Links to connect your account are valid for a limited time. Ask the person who invited you to send a new link to {entry.invitee.email}.</p>
        </ConsentShell>
      );
    case "spent":
      return (
        <ConsentShell title="This link was already used" tone="problem">
          <p>You have already connected your account with this link; nothing more is needed. If you were asked to connect again, ask the person who invited you for a new link.</p>
        </ConsentShell>
      );
    case "revoked":
      return (
        <ConsentShell title="This invitation was withdrawn" tone="problem">
          <p>The organisation that invited {entry.invitee.email} has withdrawn the invitation. If you think this is a mistake, contact the person who invited you.</p>
        </ConsentShell>
      );
    case "replaced":
      return (
        <ConsentShell title="This link was replaced" tone="problem">
          <p data-testid="consent-entry-replaced">
            A newer link to connect {entry.invitee.email} was sent after this one, so this one no longer works. Use the newest link you received, or ask the person who invited you to send it again.
          </p>
        </ConsentShell>
      );
    case "withdrawn":
      return (
        <ConsentShell title="This link was withdrawn" tone="problem">
          <p data-testid="consent-entry-withdrawn">
            The organisation that invited {entry.invitee.email} withdrew this link, so it no longer works and nothing was connected. If you still need to connect your account, ask the person who invited you for a new link.
          </p>
        </ConsentShell>
      );
    case "landing_closed":
      return (
        <ConsentShell title="This page can no longer connect your account" tone="problem">
          <p data-testid="consent-entry-landing-closed">
            This address connects an account only right after the invitation for {entry.invitee.email} is accepted, and only once. To connect now, ask the person who invited you to send you a new link.
          </p>
        </ConsentShell>
      );
    case "already_consented":
      return (
        <ConsentShell title="Your account is already connected" tone="success">
          <p>{entry.invitee.email} has already given access; there is nothing more to do. If you are asked to connect again, use the new link you receive by email.</p>
        </ConsentShell>
      );
    case "ready":
      break;
  }
  const inviter = await inviterOf(entry.invitee.invitationId);
  const inviterDomain = inviter?.email.split("@")[1];
  const permissions = describeConsentScopes(getEnv().CONSENT_SCOPES);
  const hidden = "token" in entryKey ? { name: "link", value: entryKey.token } : { name: "invitation", value: entryKey.invitationId };
  return (
    <ConsentShell title={entry.renewing ? "Reconnect your Microsoft account" : "Connect your Microsoft account"}>
      <p>
        {inviter ? (
          <>
            <strong className="text-ink">{inviter.name ?? inviter.email}</strong>
            {inviterDomain ? ` (${inviterDomain})` : ""} invited <strong className="text-ink">{entry.invitee.email}</strong>
          </>
        ) : (
          <>
            You were invited as <strong className="text-ink">{entry.invitee.email}</strong>
          </>
        )}{" "}
        and asks for your permission to send email on your behalf through Guestpass.
      </p>
      {entry.renewing ? <p>Your earlier permission has expired or was removed. Granting it again lets mail be sent for you as before.</p> : null}
      <div>
        <p className="font-medium text-ink">If you agree, Guestpass will be able to:</p>
        <ul className="mt-1 list-disc space-y-1 pl-5" data-testid="consent-permissions">
          {permissions.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      </div>
      <p>Microsoft will ask you to sign in as {entry.invitee.email} and to confirm. You can remove this access at any time in your Microsoft account&apos;s app permissions.</p>
      {startError ? (
        <p role="alert" className="rounded-md bg-danger-soft px-3 py-2.5 text-danger">
          We could not start the connection. Please try again in a moment.
        </p>
      ) : null}
      <form method="post" action="/consent/start" className="pt-2">
        <input type="hidden" name={hidden.name} value={hidden.value} />
        <button type="submit" id="consent-start" className={buttonClasses("primary", "lg", "w-full")}>
          <MicrosoftLogo />
          Continue with Microsoft
        </button>
      </form>
    </ConsentShell>
  );
}
