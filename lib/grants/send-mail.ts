import "server-only";
// sendMailAs(grantId, message): the single way the product sends mail as an invited user. Takes the
// grant's delegated token (refreshing it under the grant's lock if it is near expiry), then posts
// /me/sendMail through lib/graph. Graph's 401 on a token revoked mid-life gets one forced refresh
// and one retry with the new token, by the Graph client (a 401 means nothing was sent). Every failure comes out as a SendAsError carrying
// the catalogue's explanation (MailboxNotEnabledForRESTAPI, 429, consent expired …) and no token.
import { explainMicrosoftError, type ExplainedError } from "@/lib/errors/explain";
import { AmbiguousWriteError } from "@/lib/graph/errors";
import { sendMailAs as postSendMail, type MailMessage } from "@/lib/graph/mail";
import type { DelegatedClientConfig } from "@/lib/tokens/delegated-client";
import { acquireGrantToken, type GrantTokenOutcome } from "./grant-token";
import { NOT_ACTIVE_REASONS } from "@/lib/shared/grants";

export type { MailMessage } from "@/lib/graph/mail";

export type SendAsFailureKind =
  /** The grant does not exist or is not Active (consent expired, suspended, erased, revoked): the message says which. */
  | "grant_unusable"
  /** The user's consent was found gone while getting a token; the grant is now ConsentExpired. */
  | "consent_expired"
  /** Getting a token failed for a reason that may pass (network, Microsoft unavailable). */
  | "token_unavailable"
  /** Graph refused or failed the send. */
  | "graph";

export class SendAsError extends Error {
  override readonly name = "SendAsError";
  constructor(
    readonly kind: SendAsFailureKind,
    readonly code: string,
    readonly explained: ExplainedError | undefined,
    message: string,
    /** The request reached Microsoft and no answer came back: the mail may have been sent. */
    readonly outcomeUnknown = false,
  ) {
    super(message);
  }
}

async function tokenOrThrow(
  grantId: string,
  options: { forceRefresh?: boolean; config?: DelegatedClientConfig },
): Promise<string> {
  const outcome: GrantTokenOutcome = await acquireGrantToken(grantId, options);
  switch (outcome.kind) {
    case "token":
      return outcome.accessToken;
    case "missing":
      throw new SendAsError("grant_unusable", "grant_missing", undefined, "This user has not granted access yet.");
    case "not_active":
      throw new SendAsError(
        "grant_unusable",
        `grant_${outcome.status}`,
        undefined,
        NOT_ACTIVE_REASONS[outcome.status] ?? NOT_ACTIVE_REASONS.NeedsRenewal!,
      );
    case "failed": {
      const { failure } = outcome;
      if (failure.kind === "consent_lost") {
        throw new SendAsError(
          "consent_expired",
          failure.code,
          failure.explained,
          `The user's consent has expired (${failure.explained.title}): send them a fresh consent link.`,
        );
      }
      throw new SendAsError(
        "token_unavailable",
        failure.code,
        failure.explained,
        `Could not get a token for this user right now (${failure.explained.title}). Try again later.`,
      );
    }
    case "not_due":
      throw new Error("unreachable: not_due without onlyIfDue");
  }
}

export interface SentAs {
  sentAt: Date;
}

export async function sendMailAs(
  grantId: string,
  message: MailMessage,
  options: { config?: DelegatedClientConfig; saveToSentItems?: boolean } = {},
): Promise<SentAs> {
  try {
    // The Graph client asks again with forceRefresh after a 401, so the repeat carries a new token.
    await postSendMail(
      (token) => tokenOrThrow(grantId, { config: options.config, forceRefresh: token?.forceRefresh }),
      message,
      {
        saveToSentItems: options.saveToSentItems,
      },
    );
    return { sentAt: new Date() };
  } catch (error) {
    if (error instanceof SendAsError) throw error;
    const explained = explainMicrosoftError(error);
    throw new SendAsError("graph", explained.code, explained, explained.title, error instanceof AmbiguousWriteError);
  }
}
