import { CopyButton } from "@/components/copy-button";
import type { PasteValue } from "@/lib/shared/registration";

/** A value to paste into the Entra admin center: selectable as text, with a copy button beside it. */
export function PasteValueRow({ item }: { item: PasteValue }) {
  return (
    <div className="flex flex-col gap-1 sm:flex-row sm:items-center sm:gap-3">
      <span className="shrink-0 text-xs font-medium text-ink-muted sm:w-44">{item.label}</span>
      <div className="flex min-w-0 flex-1 items-center gap-2">
        <code
          className="min-w-0 flex-1 rounded-md bg-surface-muted px-2 py-1 font-mono text-xs text-ink [overflow-wrap:anywhere]"
          data-testid="paste-value"
        >
          {item.value}
        </code>
        <div className="shrink-0">
          <CopyButton value={item.value} label="Copy" />
        </div>
      </div>
    </div>
  );
}
