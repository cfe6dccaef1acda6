"use client";
// The single invite form. Errors sit beside their field (checked in the browser as you leave a
// field, with the same rules the server applies, then again by the server). Leaving the address
// field looks it up: an existing user or an earlier invitation is shown (under the Invite button,
// where it cannot move it) before anything is sent.
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, useTransition, type ReactNode } from "react";
import { toast } from "sonner";
import { Button } from "@/components/button";
import { ErrorExplanation } from "@/components/error-explanation";
import { Field } from "@/components/field";
import { Input } from "@/components/input";
import { InvitationStatusBadge } from "@/components/invitation-status-badge";
import {
  CUSTOM_MESSAGE_MAX,
  invitationFormValues,
  validateInvitationInput,
  type InvitationField,
} from "@/lib/shared/invitation-validation";
import {
  INVITATION_MAIL_MODE_LABELS,
  invitationMailReceipt,
  type InvitationMailMode,
  type InvitationMailSettingsView,
} from "@/lib/shared/invitation-mail";
import type { InviteeLookup, InviteUserOutcome } from "@/lib/shared/invitations";
import type { ActionFailure } from "@/lib/shared/action-result";
import { inviteUser, lookupInvitee } from "../actions";
import { useHydrated } from "@/components/use-hydrated";

type FieldErrors = Partial<Record<string, string[]>>;

const LANGUAGES = ["en-US", "en-GB", "de-DE", "fr-FR", "es-ES", "it-IT", "nl-NL", "pt-BR", "ja-JP", "zh-CN"];

const formValues = (form: HTMLFormElement) => invitationFormValues(new FormData(form));

export function InviteForm({
  memberAllowed,
  memberReason,
  mail,
}: {
  memberAllowed: boolean;
  memberReason?: string;
  /** The deployment's invitation mail: the default mode, and whether Guestpass has a sender mailbox. */
  mail: InvitationMailSettingsView;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<ActionFailure | null>(null);
  const [outcome, setOutcome] = useState<InviteUserOutcome | null>(null);
  const [lookup, setLookup] = useState<InviteeLookup | null>(null);
  const [lookingUp, setLookingUp] = useState(false);
  const [sendMail, setSendMail] = useState(true);
  const [mailMode, setMailMode] = useState<InvitationMailMode>(
    mail.mode === "guestpass" && mail.senderMailbox ? "guestpass" : "microsoft",
  );
  const [messageLength, setMessageLength] = useState(0);
  const emailInput = useRef<HTMLInputElement>(null);
  // Invite waits until the page is live (a click before then would be a plain GET, nothing invited).
  const live = useHydrated();

  const errorOf = (field: InvitationField) => errors[field]?.[0] ?? null;

  /** Re-checks one field with the shared rules, keeping other fields' server errors. */
  const checkField = (form: HTMLFormElement, field: InvitationField) => {
    const result = validateInvitationInput(formValues(form));
    setErrors((previous) => ({ ...previous, [field]: result.ok ? undefined : result.fieldErrors[field] }));
    return result.ok || !result.fieldErrors[field];
  };

  const lookUp = async (form: HTMLFormElement) => {
    setLookup(null);
    if (!checkField(form, "email")) return;
    const email = String(formValues(form).email ?? "");
    if (!email) return;
    setLookingUp(true);
    try {
      const result = await lookupInvitee(email);
      if (result.ok) setLookup(result.data);
    } finally {
      setLookingUp(false);
    }
  };

  // An address typed and left before this script ran had its blur before any handler existed:
  // look it up once the form is live, as leaving the field would have.
  useEffect(() => {
    const input = emailInput.current;
    if (input?.form && input.value.trim() !== "" && document.activeElement !== input) void lookUp(input.form);
    // Once, on mount: later look-ups come from leaving the field.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return (
    <form
      noValidate
      className="space-y-6"
      onSubmit={(event) => {
        event.preventDefault();
        const form = event.currentTarget;
        const local = validateInvitationInput(formValues(form));
        if (!local.ok) {
          setErrors(local.fieldErrors);
          setFailure(null);
          form.querySelector<HTMLElement>("[aria-invalid=true]")?.focus();
          return;
        }
        const data = new FormData(form);
        startTransition(async () => {
          setFailure(null);
          setOutcome(null);
          const result = await inviteUser(data);
          if (!result.ok) {
            setErrors(result.fieldErrors ?? {});
            setFailure(result);
            return;
          }
          setErrors({});
          if (result.data.kind === "queued") {
            toast.success(result.message ?? "Invitation queued");
            router.push(`/invitations/${result.data.invitationId}`);
          } else {
            setOutcome(result.data);
          }
        });
      }}
    >
      <fieldset className="space-y-4" disabled={pending}>
        <legend className="sr-only">Who to invite</legend>
        <Field
          id="email"
          label="Email address"
          hint="Their work or personal Microsoft address, e.g. ada@fabrikam.com."
          error={errorOf("email")}
        >
          <Input
            ref={emailInput}
            name="email"
            type="email"
            required
            autoComplete="off"
            autoFocus
            onBlur={(event) => {
              if (event.currentTarget.form && event.currentTarget.value.trim() !== "")
                void lookUp(event.currentTarget.form);
            }}
            onChange={() => {
              setLookup(null);
              setOutcome(null);
            }}
          />
        </Field>
        <Field
          id="displayName"
          label="Display name (optional)"
          hint="How they appear in your directory."
          error={errorOf("displayName")}
        >
          <Input
            name="displayName"
            autoComplete="off"
            onBlur={(e) => e.currentTarget.form && checkField(e.currentTarget.form, "displayName")}
          />
        </Field>
        <fieldset aria-describedby={errorOf("userType") ? "userType-error" : "userType-hint"}>
          <legend className="text-sm font-medium text-ink">User type</legend>
          <div className="mt-2 flex flex-wrap gap-3">
            <Choice
              name="userType"
              value="Guest"
              defaultChecked
              title="Guest"
              detail="Limited directory access. The usual choice."
            />
            <Choice
              name="userType"
              value="Member"
              disabled={!memberAllowed}
              title="Member"
              detail={memberAllowed ? "Same directory access as your own staff." : "Not available — see below."}
            />
          </div>
          {errorOf("userType") ? (
            <p id="userType-error" role="alert" className="mt-1.5 text-xs font-medium text-danger">
              {errorOf("userType")}
            </p>
          ) : !memberAllowed ? (
            <p
              id="userType-hint"
              data-testid="member-unavailable"
              className="mt-2 rounded-md bg-surface-muted px-3 py-2 text-xs text-ink-muted"
            >
              {memberReason ?? "Member invites need more permission than the app has."}
            </p>
          ) : null}
        </fieldset>
      </fieldset>

      <fieldset className="space-y-4 border-t border-line pt-5" disabled={pending}>
        <legend className="sr-only">Invitation mail</legend>
        <label className="flex items-start gap-2.5 text-sm">
          <input
            type="checkbox"
            name="sendInvitationMessage"
            value="true"
            checked={sendMail}
            onChange={(e) => setSendMail(e.target.checked)}
            className="mt-1"
          />
          <span>
            <span className="font-medium text-ink">
              Send {mailMode === "guestpass" ? "Guestpass's" : "Microsoft's"} invitation mail
            </span>
            <span className="block text-xs text-ink-muted" data-testid="invite-mail-mode">
              {sendMail
                ? `On: the person receives ${invitationMailReceipt(mailMode, mail.senderMailbox)}`
                : "Off: nothing is mailed; you copy the redeem link from the invitation page and send it yourself."}
            </span>
          </span>
        </label>
        {sendMail ? (
          <fieldset
            aria-describedby={
              errorOf("mailMode") ? "mailMode-error" : !mail.senderMailbox ? "mailMode-hint" : undefined
            }
          >
            <legend className="text-sm font-medium text-ink">Who sends it</legend>
            <div className="mt-2 flex flex-wrap gap-3">
              <Choice
                name="mailMode"
                value="microsoft"
                checked={mailMode === "microsoft"}
                onChange={() => setMailMode("microsoft")}
                title={INVITATION_MAIL_MODE_LABELS.microsoft}
                detail="From invites@microsoft.com. Leaves your personal message out."
              />
              <Choice
                name="mailMode"
                value="guestpass"
                checked={mailMode === "guestpass"}
                onChange={() => setMailMode("guestpass")}
                disabled={!mail.senderMailbox}
                title={INVITATION_MAIL_MODE_LABELS.guestpass}
                detail={
                  mail.senderMailbox
                    ? `From ${mail.senderMailbox}, with your brand and message.`
                    : "Not available — see below."
                }
              />
            </div>
            {errorOf("mailMode") ? (
              <p id="mailMode-error" role="alert" className="mt-1.5 text-xs font-medium text-danger">
                {errorOf("mailMode")}
              </p>
            ) : !mail.senderMailbox ? (
              <p id="mailMode-hint" className="mt-2 rounded-md bg-surface-muted px-3 py-2 text-xs text-ink-muted">
                Guestpass sends its own mail once an administrator names a sender mailbox in{" "}
                <Link href="/settings/invitation-mail" className="font-medium underline">
                  Settings → Invitation mail
                </Link>
                .
              </p>
            ) : null}
          </fieldset>
        ) : null}
        {sendMail ? (
          <>
            <Field
              id="customMessage"
              label="Personal message (optional)"
              hint={`${
                mailMode === "guestpass"
                  ? "Shown in Guestpass's mail, as plain text."
                  : "Microsoft leaves a personal message out of invitations that an app sends, and Guestpass sends them as an app: the person will not see this text. It is kept on the invitation for your records."
              } ${messageLength}/${CUSTOM_MESSAGE_MAX}`}
              error={errorOf("customMessage")}
            >
              <textarea
                name="customMessage"
                rows={3}
                maxLength={CUSTOM_MESSAGE_MAX + 100}
                onChange={(e) => setMessageLength(e.target.value.length)}
                onBlur={(e) => e.currentTarget.form && checkField(e.currentTarget.form, "customMessage")}
                className="block w-full rounded-md border border-line bg-surface px-3 py-2 text-sm text-ink shadow-sm aria-[invalid=true]:border-danger"
              />
            </Field>
            <div className="grid gap-4 sm:grid-cols-2">
              <Field
                id="ccRecipients"
                label="Cc (optional)"
                hint="One extra address that gets a copy."
                error={errorOf("ccRecipients")}
              >
                <Input
                  name="ccRecipients"
                  type="email"
                  autoComplete="off"
                  onBlur={(e) => e.currentTarget.form && checkField(e.currentTarget.form, "ccRecipients")}
                />
              </Field>
              <Field
                id="messageLanguage"
                label="Mail language (optional)"
                hint={
                  mailMode === "guestpass"
                    ? "zh-CN for Chinese, anything else English; it also sets the language of the pages where the person connects. Empty: English, and the person's browser for the pages."
                    : "A language code for Microsoft's mail; zh-CN or en also sets the language of the pages where the person connects. Empty: Microsoft's default and the person's browser."
                }
                error={errorOf("messageLanguage")}
              >
                <Input
                  name="messageLanguage"
                  list="invite-languages"
                  placeholder="en-US"
                  autoComplete="off"
                  onBlur={(e) => e.currentTarget.form && checkField(e.currentTarget.form, "messageLanguage")}
                />
              </Field>
              <datalist id="invite-languages">
                {LANGUAGES.map((code) => (
                  <option key={code} value={code} />
                ))}
              </datalist>
            </div>
          </>
        ) : null}
      </fieldset>

      {failure && !failure.fieldErrors ? (
        failure.explanation ? (
          <ErrorExplanation error={failure.explanation} heading={failure.message} />
        ) : (
          <p role="alert" className="rounded-md bg-danger-soft px-3 py-2 text-sm text-danger">
            {failure.message}
            {failure.correlationId ? <span className="block text-xs">Reference: {failure.correlationId}</span> : null}
          </p>
        )
      ) : null}
      {outcome ? <OutcomeNotice outcome={outcome} /> : null}

      <div className="flex items-center gap-3 border-t border-line pt-5">
        <Button type="submit" disabled={pending || !live}>
          {pending ? "Inviting…" : "Invite"}
        </Button>
        <Link href="/invitations" className="text-sm text-ink-muted hover:text-ink">
          Cancel
        </Link>
      </div>
      {/* Below the buttons, not beside the address field: the look-up starts when the field loses
          focus, which is also the mouse-down of a click on Invite; a notice above the button would
          move it away before the mouse-up and the click would be lost. */}
      <div aria-live="polite" id="email-lookup">
        {lookingUp ? <p className="text-xs text-ink-muted">Looking the address up in your tenant…</p> : null}
        {lookup ? <LookupNotice lookup={lookup} /> : null}
      </div>
    </form>
  );
}

function Choice({
  name,
  value,
  title,
  detail,
  defaultChecked,
  checked,
  onChange,
  disabled,
}: {
  name: string;
  value: string;
  title: string;
  detail: string;
  defaultChecked?: boolean;
  checked?: boolean;
  onChange?: () => void;
  disabled?: boolean;
}) {
  return (
    <label className="flex min-w-48 flex-1 cursor-pointer items-start gap-2.5 rounded-md border border-line bg-surface px-3 py-2.5 has-[:checked]:border-accent has-[:checked]:bg-accent-soft has-[:disabled]:cursor-not-allowed has-[:disabled]:opacity-60">
      <input
        type="radio"
        name={name}
        value={value}
        defaultChecked={defaultChecked}
        checked={checked}
        onChange={onChange}
        disabled={disabled}
        className="mt-1"
      />
      <span>
        <span className="block text-sm font-medium text-ink">{title}</span>
        <span className="block text-xs text-ink-muted">{detail}</span>
      </span>
    </label>
  );
}

function Notice({ tone, children, testId }: { tone: "info" | "warning"; children: ReactNode; testId?: string }) {
  return (
    <div
      data-testid={testId}
      className={
        tone === "warning"
          ? "rounded-md border border-amber-200 bg-amber-50 px-3 py-2.5 text-sm text-amber-950 dark:border-amber-900 dark:bg-amber-950/40 dark:text-amber-100"
          : "rounded-md border border-sky-200 bg-sky-50 px-3 py-2.5 text-sm text-sky-950 dark:border-sky-900 dark:bg-sky-950/40 dark:text-sky-100"
      }
    >
      {children}
    </div>
  );
}

function LookupNotice({ lookup }: { lookup: InviteeLookup }) {
  if (lookup.invitation) {
    return (
      <Notice tone="warning" testId="lookup-notice">
        Guestpass already invited this address <InvitationStatusBadge status={lookup.invitation.status} />.{" "}
        <Link href={`/invitations/${lookup.invitation.id}`} className="font-medium underline">
          Open the invitation
        </Link>{" "}
        to resend it instead.
      </Notice>
    );
  }
  if (lookup.existingUser) {
    const user = lookup.existingUser;
    return (
      <Notice tone="warning" testId="lookup-notice">
        <strong>{user.displayName ?? user.mail ?? lookup.email}</strong> is already a
        {user.userType === "Member" ? " member" : user.userType === "Guest" ? " guest" : " user"} of your tenant
        {user.externalUserState ? ` (${user.externalUserState})` : ""}. Inviting is not needed; nothing will be sent.
      </Notice>
    );
  }
  if (lookup.partialLookup) {
    return (
      <Notice tone="warning" testId="lookup-notice">
        Not found in your tenant, but the search was incomplete. {lookup.partialLookup.message}
      </Notice>
    );
  }
  return (
    <Notice tone="info" testId="lookup-notice">
      Not in your tenant yet — ready to invite.
    </Notice>
  );
}

function OutcomeNotice({ outcome }: { outcome: InviteUserOutcome }) {
  if (outcome.kind === "alreadyInvited") {
    return (
      <Notice tone="warning" testId="invite-outcome">
        This address was already invited.{" "}
        <Link href={`/invitations/${outcome.invitation.id}`} className="font-medium underline">
          Open the invitation
        </Link>
        .
      </Notice>
    );
  }
  if (outcome.kind === "existingUser") {
    return (
      <Notice tone="warning" testId="invite-outcome">
        {outcome.existingUser.displayName ?? outcome.existingUser.mail ?? "This person"} is already a user of your
        tenant; no invitation was sent.
      </Notice>
    );
  }
  return null;
}
