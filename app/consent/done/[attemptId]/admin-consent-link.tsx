"use client";
// The admin-consent link with a copy button: the user forwards it to their IT administrator.
import { useState } from "react";
import { buttonClasses } from "@/components/button";

export function AdminConsentLink({ url }: { url: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="space-y-2">
      <label htmlFor="admin-consent-url" className="block font-medium text-ink">
        Link for your administrator
      </label>
      <input id="admin-consent-url" readOnly value={url} className="w-full rounded-md border border-line bg-surface-muted px-3 py-2 font-mono text-xs text-ink" onFocus={(event) => event.currentTarget.select()} />
      <button
        type="button"
        className={buttonClasses("secondary", "sm")}
        onClick={async () => {
          await navigator.clipboard.writeText(url);
          setCopied(true);
        }}
      >
        {copied ? "Copied" : "Copy link"}
      </button>
      <span aria-live="polite" className="sr-only">
        {copied ? "Link copied" : ""}
      </span>
    </div>
  );
}
