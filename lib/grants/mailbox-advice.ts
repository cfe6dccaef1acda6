import "server-only";
// MailboxNotEnabledForRESTAPI has two causes that need opposite fixes: a tenant consent authority
// (the token looks for the mailbox in our tenant, where the guest has none) or a mailbox outside
// Exchange Online (on-premises, inactive, soft-deleted). Which one it is follows from the
// configured authority, so the advice names the one that applies instead of both.
import type { ExplainedError } from "@/lib/errors/explain";

const CROSS_TENANT_AUTHORITIES = new Set(["common", "organizations"]);

/** The part of an explanation the advice rewrites: the catalogue's words, wherever they came from. */
type Advisable = Pick<ExplainedError, "catalogueKey" | "title" | "meaning" | "fix">;

export function adviseOnMailbox<Explained extends Advisable>(
  explained: Explained,
  consentAuthority: string,
): Explained {
  if (explained.catalogueKey !== "MailboxNotEnabledForRESTAPI") return explained;
  if (!CROSS_TENANT_AUTHORITIES.has(consentAuthority.toLowerCase())) {
    return { ...explained, fix: explained.fix.filter((step) => !/already common/i.test(step)) };
  }
  return {
    ...explained,
    title: "Mail could not be sent: the user's mailbox is not in Exchange Online",
    meaning: `CONSENT_AUTHORITY is already ${consentAuthority}, so the token is the user's own organisation's. Microsoft Graph still found no Exchange Online mailbox for them: it is hosted on the organisation's own Exchange servers (on-premises), inactive or soft-deleted. Graph cannot send mail from such a mailbox.`,
    fix: [
      "Ask the user's IT whether their mailbox is on-premises. Mail can be sent as them once it is moved to Exchange Online; nothing in Guestpass changes that.",
      "If the mailbox was recently deleted or deactivated, ask them to restore it, then send the test mail again.",
    ],
  };
}
