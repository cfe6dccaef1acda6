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

export function AuditFilters({ values, actions }: { values: AuditFilterValues; actions: string[] }) {
  return (
    <form method="get" action="/audit" role="search" className="flex flex-wrap items-end gap-3">
      <Labelled id="audit-actor" label="Actor" width="w-56">
        <Input id="audit-actor" name="actor" defaultValue={values.actor} placeholder="Address" autoComplete="off" />
      </Labelled>
      <Labelled id="audit-action" label="Action" width="w-56">
        <Select id="audit-action" name="action" defaultValue={values.action ?? ""} className="w-full">
          <option value="">Any action</option>
          {actions.map((action) => (
            <option key={action} value={action}>{action}</option>
          ))}
        </Select>
      </Labelled>
      <Labelled id="audit-target" label="Target" width="w-48">
        <Input id="audit-target" name="target" defaultValue={values.target} placeholder="Id or type" autoComplete="off" />
      </Labelled>
      <Labelled id="audit-outcome" label="Outcome" width="w-32">
        <Select id="audit-outcome" name="outcome" defaultValue={values.outcome ?? ""} className="w-full">
          <option value="">Any</option>
          <option value="Success">Success</option>
          <option value="Denied">Denied</option>
          <option value="Failed">Failed</option>
        </Select>
      </Labelled>
      <Labelled id="audit-from" label="From" width="w-40">
        <Input id="audit-from" name="from" type="date" defaultValue={values.from} />
      </Labelled>
      <Labelled id="audit-to" label="To" width="w-40">
        <Input id="audit-to" name="to" type="date" defaultValue={values.to} />
      </Labelled>
      <div className="flex gap-2">
        <Button type="submit" variant="secondary">Apply</Button>
        <Link href="/audit" className="inline-flex h-9 items-center px-2 text-sm text-ink-muted hover:text-ink">Clear</Link>
      </div>
    </form>
  );
}

function Labelled({ id, label, width, children }: { id: string; label: string; width: string; children: React.ReactNode }) {
  return (
    <div className={width}>
      <label htmlFor={id} className="mb-1 block text-xs font-medium text-ink-muted">{label}</label>
      {children}
    </div>
  );
}
