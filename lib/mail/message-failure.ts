import "server-only";
// Why a message sent as a user failed, in the error catalogue's words, for the API's answer and the
// message.failed event. The same advice the staff test mail gives: MailboxNotEnabledForRESTAPI
// names the cause that follows from the configured consent authority (lib/grants/mailbox-advice.ts),
// and a failure that means the user must consent again says where the reconnect link is.
import type { z } from "zod";
import type { explanationSchema } from "@/lib/api/schemas/common";
import { getEnv } from "@/lib/env";
import { lookupError } from "@/lib/errors/catalogue";
import { isConsentLostCode } from "@/lib/grants/failures";
import { adviseOnMailbox } from "@/lib/grants/mailbox-advice";

export type MessageFailure = z.output<typeof explanationSchema>;

export const OUTCOME_UNKNOWN_REASON =
  "Guestpass cannot tell whether Microsoft sent this message (the connection was lost during the send). It was not sent again, so that it cannot arrive twice: check the user's Sent Items before sending it again with a new Idempotency-Key.";

/** Grant states a send meets when the user must consent again (codes `grant_<status>`). */
const RECONNECT_STATUSES = new Set(["grant_NeedsRenewal", "grant_Erased"]);

const reconnectStep = (grantId: string) =>
  `Send the user the grant's reconnect link (reconnectUrl in GET /api/v1/grants/${grantId}); once they have consented again, send the message again with a new Idempotency-Key.`;

export function explainMessageFailure(
  failure: { code: string | null; reason: string | null },
  grantId: string,
): MessageFailure | null {
  const { code, reason } = failure;
  if (!code) return null;
  if (code === "outcome_unknown")
    return {
      code,
      title: "Unknown whether it was sent",
      meaning: OUTCOME_UNKNOWN_REASON,
      fix: ["Check the user's Sent Items; send again with a new Idempotency-Key only if it is not there."],
    };
  const reconnect = isConsentLostCode(code) || RECONNECT_STATUSES.has(code) ? [reconnectStep(grantId)] : [];
  const entry = lookupError(code);
  if (entry) {
    const advised = adviseOnMailbox(
      { catalogueKey: entry.key, title: entry.title, meaning: entry.meaning, fix: entry.fix },
      getEnv().CONSENT_AUTHORITY,
    );
    return { code, title: advised.title, meaning: advised.meaning, fix: [...advised.fix, ...reconnect] };
  }
  const words = reason ?? code;
  return { code, title: words, meaning: words, fix: reconnect };
}
