// A value Guestpass shows once and never again (an API key, a signing secret), with a copy button.
import type { ReactNode } from "react";
import { CopyButton } from "./copy-button";

export function ShownOnce({
  message,
  value,
  copyLabel,
  footer,
  testId,
}: {
  message: ReactNode;
  value: string;
  copyLabel: string;
  footer: ReactNode;
  testId: string;
}) {
  return (
    <div role="status" className="space-y-2 rounded-md border border-success/40 bg-success/5 p-4" data-testid={testId}>
      <p className="text-sm font-medium text-ink">{message}</p>
      <div className="flex flex-wrap items-center gap-2">
        <code className="break-all rounded bg-surface-muted px-2 py-1 text-xs" data-testid={`${testId}-value`}>
          {value}
        </code>
        <CopyButton value={value} label={copyLabel} />
      </div>
      <p className="text-xs text-ink-muted">{footer}</p>
    </div>
  );
}
