"use client";
// Staff pages without their own boundary (invitation detail, new, bulk, settings): the shell stays,
// the page says what went wrong.
import { StaffPageError, type PageErrorProps } from "@/components/page-error";

export default function StaffError(props: PageErrorProps) {
  return (
    <StaffPageError
      {...props}
      what="this page"
      fallback={{
        title: "This page could not be loaded",
        body: "Try again; if it keeps happening, quote the reference below to whoever runs Guestpass.",
      }}
    />
  );
}
