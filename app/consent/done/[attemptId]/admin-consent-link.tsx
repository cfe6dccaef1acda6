"use client";
// The admin-consent link with a copy button: the user forwards it to their IT administrator. The
// labels come from the page, in the visitor's language.
import { useState } from "react";
import { buttonClasses } from "@/components/button";

export interface AdminConsentLinkLabels {
  link: string;
  copy: string;
  copied: string;
  announcement: string;
}

export function AdminConsentLink({ url, labels }: { url: string; labels: AdminConsentLinkLabels }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="space-y-2">
      <label htmlFor="admin-consent-url" className="block font-medium text-ink">
        {labels.link}
      </label>
      <input
        id="admin-consent-url"
        readOnly
        value={url}
        className="w-full rounded-md border border-line bg-surface-muted px-3 py-2 font-mono text-xs text-ink"
        onFocus={(event) => event.currentTarget.select()}
      />
      <button
        type="button"
        className={buttonClasses("secondary", "sm")}
        onClick={async () => {
          await navigator.clipboard.writeText(url);
          setCopied(true);
        }}
      >
        {copied ? labels.copied : labels.copy}
      </button>
      <span aria-live="polite" className="sr-only">
        {copied ? labels.announcement : ""}
      </span>
    </div>
  );
}
