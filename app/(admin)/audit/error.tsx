"use client";
// When the audit log fails to render: a calm message (a database outage in its own words), a retry,
// and the reference for the server log.
import { StaffPageError, type PageErrorProps } from "@/components/page-error";

export default function AuditError(props: PageErrorProps) {
  return (
    <StaffPageError
      {...props}
      what="the audit log"
      fallback={{
        title: "The audit log could not be loaded",
        body: "Try again; if it keeps happening, the database may be unreachable.",
      }}
    />
  );
}
