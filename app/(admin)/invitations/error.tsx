"use client";
// When an invitations page fails to render: say so calmly (a database outage in its own words),
// offer a retry, and give the reference (Next's digest) that matches the server log line.
import { useEffect } from "react";
import { StaffPageError, type PageErrorProps } from "@/components/page-error";

export default function InvitationsError(props: PageErrorProps) {
  useEffect(() => {
    console.error(props.error);
  }, [props.error]);
  return (
    <StaffPageError
      {...props}
      what="the invitations"
      fallback={{
        title: "This page could not be loaded",
        body: "Guestpass could not read the invitations just now. Try again; if it keeps happening, the database or the server may be down.",
      }}
    />
  );
}
