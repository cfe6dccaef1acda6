// A consent link support sent: /consent/{token}. The token is the only credential in it, so the
// page tells browsers not to leak it in a Referer header.
import type { Metadata } from "next";
import { resolveConsentEntry } from "@/lib/consent/links";
import { ConsentEntryView } from "../consent-entry-view";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Connect your account", referrer: "no-referrer", robots: { index: false, follow: false } };

export default async function ConsentLinkPage({ params, searchParams }: { params: Promise<{ token: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { token } = await params;
  const { error } = await searchParams;
  const entry = await resolveConsentEntry({ token });
  return <ConsentEntryView entry={entry} entryKey={{ token }} startError={error === "start"} />;
}
