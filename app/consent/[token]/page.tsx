// A consent link support sent: /consent/{token}. The token is the only credential in it, so the
// page tells browsers not to leak it in a Referer header.
import type { Metadata } from "next";
import { ConsentEntryView } from "../consent-entry-view";
import {
  consentEntryPage,
  consentPageMetadata,
  inviteeBrand,
  langParam,
  type ConsentPageProps,
} from "../page-metadata";

export const dynamic = "force-dynamic";

type Props = ConsentPageProps<{ token: string }>;

export async function generateMetadata({ params, searchParams }: Props): Promise<Metadata> {
  const { locale } = await consentEntryPage("token", (await params).token, langParam(await searchParams));
  return consentPageMetadata(locale);
}

export default async function ConsentLinkPage({ params, searchParams }: Props) {
  const { token } = await params;
  const query = await searchParams;
  const { key, entry, locale } = await consentEntryPage("token", token, langParam(query));
  return (
    <ConsentEntryView
      entry={entry}
      entryKey={key}
      frame={{ locale, path: `/consent/${encodeURIComponent(token)}`, brand: await inviteeBrand() }}
      startError={query.error === "start"}
    />
  );
}
