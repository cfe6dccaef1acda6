// On every staff page while the newest registration check found something broken or the credential
// Guestpass uses ends within 30 days: what, and where it is fixed. Admins get the link to Settings;
// support staff are told whom to ask (they cannot open Settings).
import Link from "next/link";
import { isAdmin, type StaffSession } from "@/lib/auth/permissions";
import { latestRegistrationAttention } from "@/lib/registration/store";
import { CREDENTIAL_EXPIRY_WARNING_DAYS, daysUntil, needsAttention } from "@/lib/shared/registration";
import { logFor } from "@/lib/log";

export async function RegistrationBanner({ staff }: { staff: StaffSession }) {
  if (staff.databaseUnavailable) return null;
  let attention: Awaited<ReturnType<typeof latestRegistrationAttention>>;
  try {
    attention = await latestRegistrationAttention();
  } catch (error) {
    // The banner is a hint; a page must not fail because of it.
    logFor("registration").warn(
      { error: error instanceof Error ? error.name : "unknown" },
      "registration banner could not be read",
    );
    return null;
  }
  if (!attention || !needsAttention(attention)) return null;
  const messages: string[] = [];
  if (attention.status === "fail")
    messages.push(
      "The app registration check found a problem: inviting people or keeping their consent working may fail.",
    );
  const days = attention.credentialExpiresAt ? daysUntil(attention.credentialExpiresAt) : null;
  if (attention.credentialExpiresAt && days !== null && days < CREDENTIAL_EXPIRY_WARNING_DAYS) {
    const when = attention.credentialExpiresAt.slice(0, 10);
    messages.push(
      days < 0
        ? `The app's credential expired on ${when}: Guestpass cannot reach Microsoft until it is replaced.`
        : `The app's credential (its client secret or certificate) expires in ${days} day${days === 1 ? "" : "s"}, on ${when}. Replace it before then.`,
    );
  }
  return (
    <div
      role="status"
      className="mb-6 rounded-lg border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950/60 dark:text-amber-100"
      data-testid="registration-banner"
    >
      {messages.map((message) => (
        <p key={message} className="[overflow-wrap:anywhere]">
          {message}
        </p>
      ))}
      <p className="mt-1">
        {isAdmin(staff) ? (
          <Link href="/settings" className="font-medium underline underline-offset-2">
            Open Settings → Registration
          </Link>
        ) : (
          "Ask a Guestpass administrator to open Settings → Registration."
        )}
      </p>
    </div>
  );
}
