"use client";
// Connect by consent link: who the person is and the language of their consent page. The link is
// shown once, right here (Guestpass keeps only its hash); a new one can be made on the person's page.
import Link from "next/link";
import { Button } from "@/components/button";
import { Field } from "@/components/field";
import { Input } from "@/components/input";
import { LocalTime } from "@/components/local-time";
import { Select } from "@/components/select";
import { ShownOnce } from "@/components/shown-once";
import { useCreateForm } from "@/components/use-create-form";
import type { ConnectionOutcome } from "@/lib/shared/invitations";
import { connectByLink } from "../actions";

export function ConnectForm() {
  const { pending, hydrated, created, failure, errorOf, onSubmit } = useCreateForm<ConnectionOutcome>(
    connectByLink,
    "Consent link ready",
  );

  return (
    <div className="space-y-6">
      {created?.kind === "connected" ? (
        <div className="space-y-2">
          <ShownOnce
            testId="connection-link"
            message="Consent link ready. Copy it now and send it to the person: it is shown only once."
            value={created.url}
            copyLabel="Copy link"
            footer={
              <>
                Valid until <LocalTime date={created.expiresAt} part="date" />. It works once, for an account that owns
                the address.
              </>
            }
          />
          <Link href={`/invitations/${created.invitationId}`} className="text-sm text-accent hover:underline">
            Open their page to follow the consent
          </Link>
        </div>
      ) : null}
      {created?.kind === "exists" ? (
        <p role="status" className="rounded-md bg-surface-muted px-3 py-2 text-sm text-ink">
          Guestpass already has this address; nothing was created.{" "}
          <Link href={`/invitations/${created.invitationId}`} className="text-accent underline">
            Open it
          </Link>{" "}
          to create a consent link there.
        </p>
      ) : null}
      <form noValidate className="space-y-4" onSubmit={onSubmit}>
        <fieldset className="space-y-4" disabled={pending}>
          <legend className="sr-only">Person to connect</legend>
          <Field
            id="connect-email"
            label="Email address"
            hint="The address of the account they will sign in with."
            error={errorOf("email")}
          >
            <Input name="email" type="email" inputMode="email" autoComplete="off" placeholder="name@example.com" />
          </Field>
          <Field id="connect-name" label="Display name (optional)" error={errorOf("displayName")}>
            <Input name="displayName" autoComplete="off" maxLength={256} />
          </Field>
          <Field
            id="connect-language"
            label="Consent page language"
            hint="Automatic follows the person's browser."
            error={errorOf("messageLanguage")}
          >
            <Select name="messageLanguage" defaultValue="">
              <option value="">Automatic</option>
              <option value="en">English</option>
              <option value="zh-CN">中文（简体）</option>
            </Select>
          </Field>
          {failure && !failure.fieldErrors ? (
            <p role="alert" className="text-sm text-danger">
              {failure.message}
            </p>
          ) : null}
          <Button type="submit" disabled={pending || !hydrated}>
            {pending ? "Creating…" : "Create consent link"}
          </Button>
        </fieldset>
      </form>
    </div>
  );
}
