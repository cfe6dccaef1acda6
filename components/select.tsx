import clsx from "clsx";
import type { SelectHTMLAttributes } from "react";

/** A native <select> in the portal's look: keyboard and screen-reader behaviour come from the browser. */
export function Select({ className, ...props }: SelectHTMLAttributes<HTMLSelectElement>) {
  return (
    <select
      className={clsx(
        "h-9 rounded-md border border-line bg-surface pl-3 pr-8 text-sm text-ink shadow-sm",
        "aria-[invalid=true]:border-danger disabled:cursor-not-allowed disabled:opacity-60",
        className,
      )}
      {...props}
    />
  );
}
