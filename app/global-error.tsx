"use client";
// When the root layout itself fails: this replaces it, so it brings its own <html> and styles.
import { PublicPageError, type PageErrorProps } from "@/components/page-error";
import "./globals.css";

export default function GlobalError(props: PageErrorProps) {
  return (
    <html lang="en">
      <body>
        <PublicPageError {...props} />
      </body>
    </html>
  );
}
