"use client";
// Filters of the audit log, kept in the URL. A plain GET form: Enter or "Apply" filters.
import Link from "next/link";
import { Button } from "@/components/button";
import { Input } from "@/components/input";
import { Select } from "@/components/select";

export interface AuditFilterValues {
  actor?: string;
  action?: string;
  target?: string;
  outcome?: string;
  from?: string;
  to?: string;
}

export interface AuditActionOption {
  /** The verb as stored, e.g. "invitation.resend". */
  value: string;
  /** The verb in words, e.g. "Resend an invitation". */
  label: string;
}

export function AuditFilters({ values, actions }: { values: AuditFilterValues; actions: AuditActionOption[] }) {
  return (
    <form
      method="get"
      action="/audit"
      role="search"
      aria-label="Filter the audit log"
      className="grid grid-cols-2 items-end gap-3 sm:flex sm:flex-wrap"
    >
      <Labelled id="audit-actor" label="Actor" width="col-span-2 sm:w-56">
        <Input
          id="audit-actor"
          name="actor"
          defaultValue={values.actor}
          placeholder="Part of an address"
          autoComplete="off"
        />
      </Labelled>
      <Labelled id="audit-action" label="Action" width="col-span-2 sm:w-60">
        <Select id="audit-action" name="action" defaultValue={values.action ?? ""} className="w-full">
          <option value="">Any action</option>
          {actions.map((action) => (
            <option key={action.value} value={action.value}>
              {action.label}
            </option>
          ))}
        </Select>
      </Labelled>
      <Labelled id="audit-target" label="Target" width="col-span-2 sm:w-56">
        <Input
          id="audit-target"
          name="target"
          defaultValue={values.target}
          placeholder="Address, file name or id"
          autoComplete="off"
        />
      </Labelled>
      <Labelled id="audit-outcome" label="Outcome" width="col-span-2 sm:w-32">
        <Select id="audit-outcome" name="outcome" defaultValue={values.outcome ?? ""} className="w-full">
          <option value="">Any</option>
          <option value="Success">Success</option>
          <option value="Denied">Denied</option>
          <option value="Failed">Failed</option>
        </Select>
      </Labelled>
      <Labelled id="audit-from" label="From" width="sm:w-40">
        <Input id="audit-from" name="from" type="date" defaultValue={values.from} />
      </Labelled>
      <Labelled id="audit-to" label="To" width="sm:w-40">
        <Input id="audit-to" name="to" type="date" defaultValue={values.to} />
      </Labelled>
      <div className="col-span-2 flex gap-2">
        <Button type="submit" variant="secondary">
          Apply
        </Button>
        <Link href="/audit" className="inline-flex h-9 items-center px-2 text-sm text-ink-muted hover:text-ink">
          Clear
        </Link>
      </div>
    </form>
  );
}

function Labelled({
  id,
  label,
  width,
  children,
}: {
  id: string;
  label: string;
  width: string;
  children: React.ReactNode;
}) {
  return (
    <div className={width}>
      <label htmlFor={id} className="mb-1 block text-xs font-medium text-ink-muted">
        {label}
      </label>
      {children}
    </div>
  );
}
