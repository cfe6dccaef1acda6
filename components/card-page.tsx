// The frame of every page that stands outside the staff shell (sign-in, no access, not found, the
// invited user's consent pages): the Guestpass mark (or the page's own `brand` row) above one
// centred card. Server component.
import type { HTMLAttributes, ReactNode } from "react";
import { clsx } from "clsx";
import { GuestpassMark } from "@/components/icons";

const widths = { sm: "max-w-sm", md: "max-w-md", lg: "max-w-lg" } as const;

export function CardPage({
  labelledBy,
  width = "md",
  children,
  footer,
  brand,
  lang,
  className,
  ...section
}: {
  labelledBy: string;
  width?: keyof typeof widths;
  children: ReactNode;
  footer?: ReactNode;
  brand?: ReactNode;
} & HTMLAttributes<HTMLElement>) {
  return (
    <main lang={lang} className="flex min-h-dvh items-center justify-center bg-canvas px-4 py-12">
      <div className={clsx("w-full", widths[width])}>
        {brand ?? (
          <div className="mb-8 flex items-center justify-center gap-2.5">
            <GuestpassMark />
            <span className="text-lg font-semibold tracking-tight">Guestpass</span>
          </div>
        )}
        <section
          aria-labelledby={labelledBy}
          className={clsx("rounded-xl border border-line bg-surface p-8 shadow-sm", className)}
          {...section}
        >
          {children}
        </section>
        {footer}
      </div>
    </main>
  );
}
