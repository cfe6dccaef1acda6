import clsx from "clsx";
import type { ComponentProps } from "react";

export function Input({ className, ...props }: ComponentProps<"input">) {
  return (
    <input
      className={clsx(
        "h-9 w-full rounded-md border border-line bg-surface px-3 text-sm text-ink shadow-sm",
        "placeholder:text-ink-muted/70",
        "aria-[invalid=true]:border-danger",
        "disabled:cursor-not-allowed disabled:opacity-60",
        className,
      )}
      {...props}
    />
  );
}
