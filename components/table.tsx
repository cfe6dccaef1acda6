// Plain, semantic table parts with the portal's look. Lists stay real <table>s so screen readers
// announce rows and columns. Below the sm breakpoint (phones) each row becomes a small card: the
// cells wrap side by side instead of a table wider than the screen hiding its last columns, and a
// cell given a `label` shows it before its value (the column headers are only read out there).
import clsx from "clsx";
import Link from "next/link";
import type { ComponentProps, HTMLAttributes, TdHTMLAttributes, ThHTMLAttributes } from "react";

export function Table({ className, ...props }: HTMLAttributes<HTMLTableElement>) {
  return (
    <div className="overflow-x-auto rounded-lg border border-line bg-surface shadow-sm">
      <table className={clsx("w-full border-collapse text-left text-sm max-sm:block", className)} {...props} />
    </div>
  );
}

export function TableHead(props: HTMLAttributes<HTMLTableSectionElement>) {
  return <thead className="border-b border-line bg-surface-muted/60 max-sm:sr-only" {...props} />;
}

export function TableBody(props: HTMLAttributes<HTMLTableSectionElement>) {
  return <tbody className="divide-y divide-line max-sm:block" {...props} />;
}

export function TableRow({ className, ...props }: HTMLAttributes<HTMLTableRowElement>) {
  return <tr className={clsx("gp-tr", className)} {...props} />;
}

export function TableHeaderCell({ className, ...props }: ThHTMLAttributes<HTMLTableCellElement>) {
  return (
    <th
      scope="col"
      className={clsx("px-4 py-2.5 text-xs font-semibold uppercase tracking-wide text-ink-muted", className)}
      {...props}
    />
  );
}

/** `label`: the column's name, shown before the value when the row is a card (phones). */
export function TableCell({ className, label, ...props }: TdHTMLAttributes<HTMLTableCellElement> & { label?: string }) {
  // Its look comes from the row (`.gp-tr > td` in app/globals.css).
  return <td {...(label ? { "data-label": label } : {})} className={className} {...props} />;
}

/**
 * A link that makes its whole row the target (the row is `relative`; the link's ::after covers
 * it), so a click anywhere on the row opens it while keyboard users still Tab to one link per row.
 * Put it in the row's first cell; nothing else in the row may be interactive.
 */
export function TableRowLink({ className, ...props }: ComponentProps<typeof Link>) {
  return <Link className={clsx("gp-row-link", className)} {...props} />;
}
