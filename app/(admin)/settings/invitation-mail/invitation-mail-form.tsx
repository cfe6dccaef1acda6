"use client";
// The deployment's invitation mail: Microsoft's standard mail or Guestpass's own, and the mailbox
// Guestpass's mail comes from. Each choice says what the invited person receives.
import { useState } from "react";
import { Button } from "@/components/button";
import { Field } from "@/components/field";
import { Input } from "@/components/input";
import { useSaveForm } from "@/components/use-save-form";
import {
  INVITATION_MAIL_MODES,
  INVITATION_MAIL_MODE_LABELS,
  invitationMailReceipt,
  type InvitationMailMode,
  type InvitationMailSettingsView,
} from "@/lib/shared/invitation-mail";
import { saveInvitationMailSettings } from "./actions";

export function InvitationMailForm({ settings }: { settings: InvitationMailSettingsView }) {
  const { pending, hydrated, failure, save } = useSaveForm(saveInvitationMailSettings, "Saved");
  const [mode, setMode] = useState<InvitationMailMode>(settings.mode);
  const [sender, setSender] = useState(settings.senderMailbox ?? "");
  const errorOf = (field: string) => failure?.fieldErrors?.[field]?.[0] ?? null;

  return (
    <form
      noValidate
      className="max-w-2xl space-y-6"
      onSubmit={(event) => {
        event.preventDefault();
        save(event.currentTarget);
      }}
    >
      <fieldset className="space-y-3" disabled={pending}>
        <legend className="text-sm font-medium text-ink">Who sends the invitation mail</legend>
        {INVITATION_MAIL_MODES.map((value) => (
          <label
            key={value}
            className="flex cursor-pointer items-start gap-2.5 rounded-md border border-line bg-surface px-3 py-2.5 has-[:checked]:border-accent has-[:checked]:bg-accent-soft"
          >
            <input
              type="radio"
              name="mode"
              value={value}
              checked={mode === value}
              onChange={() => setMode(value)}
              className="mt-1"
            />
            <span>
              <span className="block text-sm font-medium text-ink">{INVITATION_MAIL_MODE_LABELS[value]}</span>
              <span className="block text-xs text-ink-muted" data-testid={`mail-mode-${value}`}>
                The invited person receives: {invitationMailReceipt(value, sender.trim() || null)}
              </span>
            </span>
          </label>
        ))}
      </fieldset>
      <Field
        id="senderMailbox"
        label={mode === "guestpass" ? "Sender mailbox" : "Sender mailbox (for Guestpass's own mail)"}
        hint="A mailbox of your tenant in Exchange Online, e.g. invitations@contoso.com. The app needs the Mail.Send application permission; limit it to this mailbox with an Exchange policy (see the setup guide). Settings → Registration checks it."
        error={errorOf("senderMailbox")}
      >
        <Input
          name="senderMailbox"
          type="email"
          autoComplete="off"
          value={sender}
          onChange={(event) => setSender(event.target.value)}
          disabled={pending}
        />
      </Field>
      {failure && !failure.fieldErrors ? (
        <p role="alert" className="rounded-md bg-danger-soft px-3 py-2.5 text-sm text-danger">
          {failure.message}
        </p>
      ) : null}
      <Button type="submit" disabled={pending || !hydrated}>
        {pending ? "Saving…" : "Save"}
      </Button>
    </form>
  );
}
