// Pages for callbacks that could not be matched to a consent in this browser, and for an
// administrator's answer to the admin-consent link (approved only for a state the portal issued).
import type { Metadata } from "next";
import { ConsentShell } from "../../consent-shell";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Connect your account", referrer: "no-referrer", robots: { index: false, follow: false } };

const START_AGAIN = "Open the link from your email again to start over.";
const START_ADMIN_AGAIN = "Open the approval link you were sent again to start over.";

const PAGES: Record<string, { title: string; body: string; tone: "success" | "problem" }> = {
  admin_approved: {
    title: "Thank you, the app is approved",
    body: "You approved the app for your organisation. The person who asked you can now open the link from their email again and finish connecting their account.",
    tone: "success",
  },
  admin_not_started: {
    title: "This approval was not started here",
    body: "Guestpass did not send you to Microsoft for this approval, so it cannot confirm anything was approved. If someone asked you to approve the app, open the approval link they sent you.",
    tone: "problem",
  },
  admin_expired: { title: "This approval link has expired", body: `An approval has to finish within an hour of opening the link. ${START_ADMIN_AGAIN}`, tone: "problem" },
  admin_replayed: { title: "This approval was already recorded", body: "Each approval is confirmed once. If you already approved, there is nothing more to do.", tone: "problem" },
  admin_other_browser: {
    title: "Please finish in the browser where you started",
    body: `The approval was started in another browser or window (or your browser blocked our cookie), so Guestpass cannot confirm it. ${START_ADMIN_AGAIN}`,
    tone: "problem",
  },
  admin_declined: { title: "The app was not approved", body: "You chose not to approve the app on Microsoft's page, so nothing was granted. If you change your mind, open the approval link again.", tone: "problem" },
  admin_failed: {
    title: "Microsoft did not record an approval",
    body: "Approving the app for an organisation needs an administrator of that organisation (for example a Global Administrator or Cloud Application Administrator). Sign in with such an account and open the approval link again.",
    tone: "problem",
  },
  admin_link_unknown: {
    title: "This approval link does not work",
    body: "It does not match any request for approval, or it is too old. Ask the person who sent it to open the link from their email again; they will be given a new one if approval is still needed.",
    tone: "problem",
  },
  missing_state: { title: "This page was opened without a sign-in", body: `It looks like this address was bookmarked or typed in. ${START_AGAIN}`, tone: "problem" },
  state_invalid: { title: "We could not match this sign-in", body: `The answer from Microsoft does not belong to any sign-in we started. ${START_AGAIN}`, tone: "problem" },
  state_replayed: { title: "This sign-in was already used", body: `Each sign-in can be used once. If you already finished, there is nothing more to do; otherwise ${START_AGAIN.toLowerCase()}`, tone: "problem" },
  state_expired: { title: "This took too long", body: `For your security, the sign-in has to finish within a few minutes. ${START_AGAIN}`, tone: "problem" },
  other_browser: {
    title: "Please finish in the browser where you started",
    body: "The sign-in was started in another browser or window (or your browser blocked our cookie). Open the link from your email in this browser and try again.",
    tone: "problem",
  },
  unavailable: {
    title: "Guestpass is temporarily unavailable",
    body: "We cannot reach our database for a moment, so nothing was connected and nothing was used up: the link from your email still works. Please open it again in a minute.",
    tone: "problem",
  },
  error: { title: "Something went wrong on our side", body: "Nothing was connected. Please try again in a few minutes; if it keeps happening, contact the person who invited you and quote the reference below.", tone: "problem" },
};

export default async function ConsentProblemPage({ params, searchParams }: { params: Promise<{ reason: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { reason } = await params;
  const { ref } = await searchParams;
  const page = PAGES[reason] ?? PAGES.state_invalid!;
  return (
    <ConsentShell title={page.title} tone={page.tone}>
      <p data-testid={`consent-problem-${reason in PAGES ? reason : "state_invalid"}`}>{page.body}</p>
      {(reason === "error" || reason === "unavailable") && typeof ref === "string" && /^[0-9a-f-]{36}$/i.test(ref) ? <p className="text-xs">Reference: <code>{ref}</code></p> : null}
    </ConsentShell>
  );
}
