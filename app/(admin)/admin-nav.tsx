"use client";
// The sidebar's links, and on a phone the menu button that folds them (with the account block)
// away so a page starts at its heading. Marks the current section for sighted and screen-reader
// users alike.
import clsx from "clsx";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useRef, useState, type KeyboardEvent, type ReactNode } from "react";
import { CloseIcon, MenuIcon } from "@/components/icons";
import { currentSectionHref } from "@/lib/shared/current-section";

export interface AdminNavItem {
  href: string;
  label: string;
  icon: ReactNode;
}

export function AdminNav({ items }: { items: AdminNavItem[] }) {
  const pathname = usePathname();
  const currentHref = currentSectionHref(
    pathname,
    items.map((item) => item.href),
  );
  return (
    <nav aria-label="Main" className="flex flex-col gap-0.5">
      {items.map((item) => {
        const current = item.href === currentHref;
        return (
          <Link
            key={item.href}
            href={item.href}
            aria-current={current ? "page" : undefined}
            className={clsx(
              "flex items-center gap-2.5 rounded-md px-2.5 py-2 text-sm font-medium transition-colors md:py-1.5",
              current ? "bg-accent-soft text-accent" : "text-ink-muted hover:bg-surface-muted hover:text-ink",
            )}
          >
            {item.icon}
            {item.label}
          </Link>
        );
      })}
    </nav>
  );
}

const MENU_ID = "staff-menu";

/**
 * The brand row with, below the md breakpoint, a Menu button; `children` (links and account) show
 * when it is open and always from md up. The menu remembers the address it was opened on, so
 * following one of its links folds it without an effect; Escape folds it and returns the focus.
 */
export function CollapsibleMenu({ brand, children }: { brand: ReactNode; children: ReactNode }) {
  const pathname = usePathname();
  const [openOn, setOpenOn] = useState<string | null>(null);
  const open = openOn === pathname;
  const button = useRef<HTMLButtonElement>(null);

  function onKeyDown(event: KeyboardEvent) {
    if (event.key === "Escape" && open) {
      setOpenOn(null);
      button.current?.focus();
    }
  }

  return (
    <div onKeyDown={onKeyDown} className="flex flex-col md:min-h-0 md:flex-1">
      <div className="flex items-center justify-between gap-2 px-4 py-3 md:py-4">
        {brand}
        <button
          ref={button}
          type="button"
          aria-expanded={open}
          aria-controls={MENU_ID}
          onClick={() => setOpenOn(open ? null : pathname)}
          className="inline-flex h-9 items-center gap-1.5 rounded-md border border-line px-3 text-sm font-medium text-ink hover:bg-surface-muted md:hidden"
        >
          {open ? <CloseIcon /> : <MenuIcon />}
          Menu
        </button>
      </div>
      <div id={MENU_ID} className={clsx("flex-col md:flex md:flex-1", open ? "flex" : "hidden")}>
        {children}
      </div>
    </div>
  );
}
