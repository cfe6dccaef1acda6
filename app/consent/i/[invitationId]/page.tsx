// Where Microsoft sends the invited user after they redeem the invitation (inviteRedirectUrl):
// /consent/i/{invitationId}. Usable until the first grant exists; renewals need a consent link.
import type { Metadata } from "next";
import { resolveConsentEntry } from "@/lib/consent/links";
import { ConsentEntryView } from "../../consent-entry-view";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Connect your account", referrer: "no-referrer", robots: { index: false, follow: false } };

export default async function RedemptionLandingPage({ params, searchParams }: { params: Promise<{ invitationId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { invitationId } = await params;
  const { error } = await searchParams;
  const entry = await resolveConsentEntry({ invitationId });
  return <ConsentEntryView entry={entry} entryKey={{ invitationId }} startError={error === "start"} />;
}
