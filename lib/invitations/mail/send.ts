import "server-only";
// Sends Guestpass's own invitation mail: app-only POST /users/{sender}/sendMail (application
// Mail.Send) from the sender mailbox of Settings → Invitation mail, in the invitation's language,
// with the brand. Graph's sendMail is not idempotent: an unknown outcome is reported as such and
// never sent again here; the callers record what happened with the invitation's state.
import type { Prisma } from "@/lib/db/generated/client";
import { loadBrand } from "@/lib/brand/queries";
import type { ExplainedError } from "@/lib/errors/explain";
import { explainMicrosoftError, explainMicrosoftErrorAs } from "@/lib/errors/explain";
import type { GraphClient } from "@/lib/graph/client";
import { isAmbiguousWriteError, isGraphRequestError } from "@/lib/graph/errors";
import type { InvitationMessageInfo } from "@/lib/graph/invitations";
import { sendMailFrom } from "@/lib/graph/mail";
import { DEFAULT_LOCALE, supportedLocale, type Locale } from "@/lib/shared/locales";
import { composeInvitationMail } from "./compose";
import { loadInvitationMailSettings } from "./settings";

export interface InvitationMailSource {
  id: string;
  email: string;
  displayName: string | null;
  messageInfo: Prisma.JsonValue;
}

export type InvitationMailOutcome =
  | { kind: "sent"; sender: string; locale: Locale }
  /** Microsoft certainly did not send it; `transient`: the same request may work later. */
  | { kind: "notSent"; explained: ExplainedError; transient: boolean; retryAfterSeconds?: number }
  /** The request went out and no clear answer came back: it may have been sent. */
  | { kind: "unknown"; explained: ExplainedError };

/** The invitation's mail language (staff's messageLanguage, when it is one Guestpass writes), else English. */
export function invitationMailLocale(messageInfo: Prisma.JsonValue): Locale {
  const info = messageInfo as InvitationMessageInfo | null;
  return supportedLocale(info?.messageLanguage) ?? DEFAULT_LOCALE;
}

/** What a refused app-only sendMail means for the invitation mail, in the catalogue's words. */
export function explainInvitationMailError(error: unknown): ExplainedError {
  if (isGraphRequestError(error)) {
    if (error.code.toLowerCase() === "mailboxnotenabledforrestapi")
      return explainMicrosoftErrorAs(error, "InvitationMail.MailboxNotEnabledForRESTAPI");
    if (error.status === 403) return explainMicrosoftErrorAs(error, "InvitationMail.ErrorAccessDenied");
    if (error.status === 404) return explainMicrosoftErrorAs(error, "InvitationMail.SenderNotFound");
  }
  return explainMicrosoftError(error);
}

export async function sendInvitationMail(
  graph: GraphClient,
  invitation: InvitationMailSource,
  redeemUrl: string,
): Promise<InvitationMailOutcome> {
  const [settings, brand] = await Promise.all([loadInvitationMailSettings(), loadBrand()]);
  if (!settings.senderMailbox) {
    const explained = explainMicrosoftErrorAs(new Error("No sender mailbox is set."), "InvitationMail.SenderMissing");
    return { kind: "notSent", explained, transient: false };
  }
  const info = invitation.messageInfo as InvitationMessageInfo | null;
  const locale = invitationMailLocale(invitation.messageInfo);
  const message = composeInvitationMail({
    invitationId: invitation.id,
    locale,
    brand,
    invitee: { email: invitation.email, displayName: invitation.displayName },
    customMessage: info?.customizedMessageBody ?? null,
    cc: (info?.ccRecipients ?? []).map((recipient) => recipient.emailAddress.address),
    redeemUrl,
  });
  try {
    await sendMailFrom(graph, settings.senderMailbox, message);
    return { kind: "sent", sender: settings.senderMailbox, locale };
  } catch (error) {
    if (isAmbiguousWriteError(error))
      return { kind: "unknown", explained: explainMicrosoftErrorAs(error, "InvitationMail.OutcomeUnknown") };
    if (!isGraphRequestError(error)) throw error;
    return {
      kind: "notSent",
      explained: explainInvitationMailError(error),
      transient: error.transient,
      retryAfterSeconds: error.retryAfterSeconds,
    };
  }
}
