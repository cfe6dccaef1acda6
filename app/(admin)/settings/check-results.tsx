// The stored report: one section per check, each finding with what it means, the fix and the
// values to paste. Problems first within a check, so the page reads as a to-do list.
import type { RegistrationCheckResult, RegistrationFinding, RegistrationReport } from "@/lib/shared/registration";
import { CheckStatusBadge } from "./check-status-badge";
import { PasteValueRow } from "./paste-value";

const ORDER = { fail: 0, warn: 1, info: 2, pass: 3 } as const;

function Finding({ item }: { item: RegistrationFinding }) {
  return (
    <li className="space-y-2 py-3" data-finding={item.id} data-status={item.status}>
      <div className="flex flex-wrap items-start justify-between gap-2">
        <p className="min-w-0 text-sm font-medium text-ink [overflow-wrap:anywhere]">{item.title}</p>
        <CheckStatusBadge status={item.status} />
      </div>
      <p className="text-sm text-ink-muted [overflow-wrap:anywhere]">
        {item.detail}
        {item.code ? <span className="ml-1 text-xs">(Microsoft’s code: {item.code})</span> : null}
      </p>
      {item.fix.length > 0 ? (
        <ol className="list-decimal space-y-1 pl-5 text-sm text-ink [overflow-wrap:anywhere]">
          {item.fix.map((step) => (
            <li key={step}>{step}</li>
          ))}
        </ol>
      ) : null}
      {item.values?.length ? (
        <div className="space-y-2">
          {item.values.map((value) => (
            <PasteValueRow key={`${value.label}:${value.value}`} item={value} />
          ))}
        </div>
      ) : null}
      {item.guideStep && item.status !== "pass" ? (
        <p className="text-xs text-ink-muted">Setup guide (docs/setup-entra.md), step {item.guideStep}.</p>
      ) : null}
    </li>
  );
}

function Check({ check }: { check: RegistrationCheckResult }) {
  const findings = [...check.findings].sort((a, b) => ORDER[a.status] - ORDER[b.status]);
  const headingId = `check-${check.id}`;
  return (
    <section
      aria-labelledby={headingId}
      className="rounded-lg border border-line bg-surface px-4 py-3"
      data-check={check.id}
      data-status={check.status}
    >
      <div className="flex flex-wrap items-center justify-between gap-2 border-b border-line pb-2">
        <h2 id={headingId} className="text-base font-semibold text-ink">
          {check.title}
        </h2>
        <CheckStatusBadge status={check.status} />
      </div>
      <ul className="divide-y divide-line">
        {findings.map((item) => (
          <Finding key={item.id} item={item} />
        ))}
      </ul>
    </section>
  );
}

export function CheckResults({ report }: { report: RegistrationReport }) {
  return (
    <div className="space-y-4">
      {report.checks.map((check) => (
        <Check key={check.id} check={check} />
      ))}
    </div>
  );
}
