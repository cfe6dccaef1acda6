import type { Metadata } from "next";
import { connection } from "next/server";
import type { ReactNode } from "react";
import { Toaster } from "@/components/toaster";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Guestpass", template: "%s · Guestpass" },
  description: "Invite external Microsoft 365 users, collect their consent, and keep their grants alive.",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page renders per request, none is prerendered: Next stamps the request's CSP nonce (set by
  // proxy.ts) on its scripts while rendering, and HTML made at build time would carry none, so its
  // scripts would be blocked.
  await connection();
  return (
    <html lang="en">
      <body>
        {children}
        <Toaster />
      </body>
    </html>
  );
}
