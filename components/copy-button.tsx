"use client";
// Copies a value (e.g. a redeem link) and says so, for sighted and screen-reader users alike.
import { useState } from "react";
import { Button } from "./button";

export function CopyButton({
  value,
  label = "Copy",
  copiedLabel = "Copied",
}: {
  value: string;
  label?: string;
  copiedLabel?: string;
}) {
  const [copied, setCopied] = useState<"idle" | "copied" | "failed">("idle");
  return (
    <Button
      variant="secondary"
      size="sm"
      onClick={async () => {
        try {
          await navigator.clipboard.writeText(value);
          setCopied("copied");
        } catch {
          // Clipboard refused (insecure context, permissions): the value stays selectable beside the button.
          setCopied("failed");
        }
        setTimeout(() => setCopied("idle"), 2000);
      }}
    >
      <span aria-live="polite">
        {copied === "copied" ? copiedLabel : copied === "failed" ? "Select and copy" : label}
      </span>
    </Button>
  );
}
