// A record a staff link points to that does not exist (any more): said inside the staff layout,
// in words for staff, with the way back to its list. The site-wide not-found page speaks to
// invited users too and brings its own logo, so staff routes use this one instead.
import Link from "next/link";
import { buttonClasses } from "./button";

export function StaffNotFound({
  title,
  body,
  back,
}: {
  title: string;
  body: string;
  back: { href: string; label: string };
}) {
  return (
    <section
      aria-labelledby="staff-not-found-title"
      className="rounded-lg border border-line bg-surface px-6 py-10 shadow-sm"
    >
      <h1 id="staff-not-found-title" className="text-xl font-semibold tracking-tight text-ink">
        {title}
      </h1>
      <p className="mt-2 max-w-2xl text-sm text-ink-muted">{body}</p>
      <div className="mt-6">
        <Link href={back.href} className={buttonClasses("secondary")}>
          {back.label}
        </Link>
      </div>
    </section>
  );
}
