"use client";
// The settings sections as tabs under the staff shell: one entry per page under /settings. Marks the
// current one for sighted and screen-reader users alike; scrolls sideways on a phone instead of
// wrapping into a second row.
import clsx from "clsx";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { currentSectionHref } from "@/lib/shared/current-section";

export interface SettingsSection {
  href: string;
  label: string;
}

/** Every settings page, in the order the tabs show them; a new section adds its entry here. */
export const SETTINGS_SECTIONS: readonly SettingsSection[] = [
  { href: "/settings", label: "Registration" },
  { href: "/settings/api-keys", label: "API keys" },
  { href: "/settings/webhooks", label: "Webhooks" },
  { href: "/settings/brand", label: "Brand" },
  { href: "/settings/invitation-mail", label: "Invitation mail" },
];

export function SettingsNav({ sections = SETTINGS_SECTIONS }: { sections?: readonly SettingsSection[] }) {
  const pathname = usePathname();
  // /settings/brand is "Brand", not "Registration".
  const current = currentSectionHref(
    pathname,
    sections.map((section) => section.href),
  );
  return (
    <nav aria-label="Settings" className="-mx-1 mb-6 overflow-x-auto border-b border-line">
      <ul className="flex min-w-max gap-1 px-1">
        {sections.map((section) => {
          const active = section.href === current;
          return (
            <li key={section.href}>
              <Link
                href={section.href}
                aria-current={active ? "page" : undefined}
                className={clsx(
                  "-mb-px inline-flex items-center border-b-2 px-3 py-2 text-sm font-medium transition-colors",
                  active
                    ? "border-accent text-accent"
                    : "border-transparent text-ink-muted hover:border-line hover:text-ink",
                )}
              >
                {section.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
