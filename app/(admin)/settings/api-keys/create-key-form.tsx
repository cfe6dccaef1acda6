"use client";
// Creates a key: a name, what it may do, how long it lasts. The key is shown once, right here,
// with a copy button; Guestpass keeps only its hash, so it cannot be shown again.
import { Button } from "@/components/button";
import { Field } from "@/components/field";
import { Input } from "@/components/input";
import { Select } from "@/components/select";
import { ShownOnce } from "@/components/shown-once";
import { useCreateForm } from "@/components/use-create-form";
import { API_KEY_LIFETIMES, API_SCOPE_DESCRIPTIONS, API_SCOPES, type ApiKeyCreated } from "@/lib/shared/api-scopes";
import { createApiKey } from "./actions";

export function CreateKeyForm({ tokenIssueEnabled }: { tokenIssueEnabled: boolean }) {
  const { pending, hydrated, created, failure, errorOf, onSubmit } = useCreateForm<ApiKeyCreated>(
    createApiKey,
    "API key created",
  );
  // Handing out tokens can only be chosen when the operator turned it on; otherwise it is listed,
  // not selectable, with how to turn it on, so an admin looking for it learns why it is missing.
  const isOff = (scope: (typeof API_SCOPES)[number]) => scope === "tokens:issue" && !tokenIssueEnabled;

  return (
    <div className="space-y-6">
      {created ? (
        <ShownOnce
          testId="created-key"
          message={
            <>
              Key &ldquo;{created.name}&rdquo; created. Copy it now: Guestpass keeps only a hash and cannot show it
              again.
            </>
          }
          value={created.key}
          copyLabel="Copy key"
          footer={
            <>
              Send it as <code>Authorization: Bearer &lt;key&gt;</code>.
            </>
          }
        />
      ) : null}
      <form noValidate className="space-y-4" onSubmit={onSubmit}>
        <fieldset className="space-y-4" disabled={pending}>
          <legend className="sr-only">New API key</legend>
          <Field
            id="api-key-name"
            label="Name"
            hint="Who or what uses it, e.g. “CRM production”."
            error={errorOf("name")}
          >
            <Input name="name" autoComplete="off" maxLength={80} />
          </Field>
          <fieldset aria-describedby={errorOf("scopes") ? "api-key-scopes-error" : undefined}>
            <legend className="text-sm font-medium text-ink">What it may do</legend>
            <ul className="mt-2 space-y-2">
              {API_SCOPES.map((scope) => {
                const words = API_SCOPE_DESCRIPTIONS[scope];
                const off = isOff(scope);
                return (
                  <li key={scope}>
                    <label className={`flex items-start gap-2 text-sm${off ? " text-ink-muted" : ""}`}>
                      <input
                        type="checkbox"
                        name="scopes"
                        value={scope}
                        className="mt-1"
                        disabled={off}
                        aria-describedby={off ? "api-key-token-issue-off" : undefined}
                      />
                      <span>
                        <span className="font-medium text-ink">{words.label}</span>{" "}
                        <code className="text-xs text-ink-muted">{scope}</code>
                        {words.dangerous ? (
                          <span className="ml-2 rounded bg-danger/10 px-1.5 py-0.5 text-xs font-semibold text-danger">
                            Dangerous
                          </span>
                        ) : null}
                        <span className="block text-xs text-ink-muted">{words.description}</span>
                        {off ? (
                          <span id="api-key-token-issue-off" className="block text-xs font-medium text-ink">
                            Turned off on this Guestpass: the operator enables it by setting
                            API_TOKEN_ISSUE_ENABLED=true and restarting the portal.
                          </span>
                        ) : null}
                      </span>
                    </label>
                  </li>
                );
              })}
            </ul>
            {errorOf("scopes") ? (
              <p id="api-key-scopes-error" role="alert" className="mt-1 text-xs font-medium text-danger">
                {errorOf("scopes")}
              </p>
            ) : null}
          </fieldset>
          <Field id="api-key-lifetime" label="Expires after" error={errorOf("lifetime")}>
            <Select name="lifetime" defaultValue="90">
              {API_KEY_LIFETIMES.map((lifetime) => (
                <option key={lifetime.value} value={lifetime.value}>
                  {lifetime.label}
                </option>
              ))}
            </Select>
          </Field>
          {failure && !failure.fieldErrors ? (
            <p role="alert" className="text-sm text-danger">
              {failure.message}
            </p>
          ) : null}
          <Button type="submit" disabled={pending || !hydrated}>
            {pending ? "Creating…" : "Create key"}
          </Button>
        </fieldset>
      </form>
    </div>
  );
}
