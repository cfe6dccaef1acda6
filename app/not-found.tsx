// Shown for any address the portal does not know — including a mistyped or truncated consent link, so
// the page speaks to both staff and invited users and never exposes what exists.
import type { Metadata } from "next";
import Link from "next/link";
import { buttonClasses } from "@/components/button";
import { CardPage } from "@/components/card-page";

export const metadata: Metadata = { title: "Page not found" };

export default function NotFound() {
  return (
    <CardPage labelledBy="not-found-title" width="md">
      <h1 id="not-found-title" className="text-xl font-semibold tracking-tight">
        This page does not exist
      </h1>
      <p className="mt-2 text-sm text-ink-muted">
        The address may be mistyped or cut short. If you followed a link from an email, open it again from the email, or
        ask the person who sent it for a new one.
      </p>
      <div className="mt-6">
        <Link href="/" className={buttonClasses("secondary")}>
          Go to the start page
        </Link>
      </div>
    </CardPage>
  );
}
