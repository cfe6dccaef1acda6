"use client";
// The invited user's pages: during a database outage they learn that their link still works and
// nothing was used up (a consent link is spent only by a finished consent), so they try again later.
import { PublicPageError, type PageErrorProps } from "@/components/page-error";

export default function ConsentError(props: PageErrorProps) {
  return <PublicPageError {...props} />;
}
