import "server-only";
import { UserFacingError } from "@/lib/errors/user-error";
import type { ExplainedError } from "@/lib/errors/explain";
import type { ActionErrorCode, ErrorExplanation } from "@/lib/shared/action-result";

/**
 * A refusal an action wants to show as is: a UserFacingError (message written for people) that
 * also carries the stable code, inline field errors, a retry time or Microsoft's explained error.
 */
export class ActionError extends UserFacingError {
  readonly actionCode: ActionErrorCode;
  readonly fieldErrors?: Record<string, string[]>;
  readonly retryAt?: Date;

  constructor(
    actionCode: ActionErrorCode,
    message: string,
    options: {
      fieldErrors?: Record<string, string[]>;
      retryAt?: Date;
      explained?: ExplainedError;
      cause?: unknown;
    } = {},
  ) {
    super(message, { code: actionCode, explained: options.explained, cause: options.cause });
    this.actionCode = actionCode;
    this.fieldErrors = options.fieldErrors;
    this.retryAt = options.retryAt;
  }
}

/** The catalogue's explanation, trimmed to what a page shows (no raw Microsoft message). */
export function toErrorExplanation(explained: ExplainedError): ErrorExplanation {
  return {
    code: explained.code,
    title: explained.title,
    meaning: explained.meaning,
    fix: explained.fix,
    requestId: explained.requestId,
    timestamp: explained.timestamp,
  };
}
