// Where Microsoft sends the invited user after they redeem the invitation (inviteRedirectUrl):
// /consent/i/{invitationId}. Usable until the first grant exists; renewals need a consent link.
// Landing here marks the invitation Accepted at once, once Graph confirms the redemption.
import type { Metadata } from "next";
import { confirmRedemptionOnLanding } from "@/lib/consent/landing-check";
import { ConsentEntryView } from "../../consent-entry-view";
import {
  consentEntryPage,
  consentPageMetadata,
  inviteeBrand,
  langParam,
  type ConsentPageProps,
} from "../../page-metadata";

export const dynamic = "force-dynamic";

type Props = ConsentPageProps<{ invitationId: string }>;

export async function generateMetadata({ params, searchParams }: Props): Promise<Metadata> {
  const { locale } = await consentEntryPage("invitationId", (await params).invitationId, langParam(await searchParams));
  return consentPageMetadata(locale);
}

export default async function RedemptionLandingPage({ params, searchParams }: Props) {
  const { invitationId } = await params;
  const query = await searchParams;
  const { key, entry, locale } = await consentEntryPage("invitationId", invitationId, langParam(query));
  // Microsoft sends the person here right after redeeming: confirm that with Graph now.
  if (entry.kind === "ready") await confirmRedemptionOnLanding(invitationId);
  return (
    <ConsentEntryView
      entry={entry}
      entryKey={key}
      frame={{ locale, path: `/consent/i/${encodeURIComponent(invitationId)}`, brand: await inviteeBrand() }}
      startError={query.error === "start"}
    />
  );
}
