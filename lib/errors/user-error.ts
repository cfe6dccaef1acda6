import "server-only";
import { randomUUID } from "node:crypto";
import { DATABASE_UNAVAILABLE_MESSAGE, isDatabaseUnavailable } from "@/lib/shared/database-unavailable";
import { explainMicrosoftError, errorReference, type ExplainedError } from "./explain";
import { redactSecrets } from "./redact";
import { logger } from "@/lib/log";

/**
 * An error whose message was written for the person who will read it (staff or invited user).
 * Server actions and route handlers may return its message as is; any other error is replaced by
 * a generic message with a correlation id (see `toUserFacingMessage`).
 */
export class UserFacingError extends Error {
  override readonly name = "UserFacingError";
  /** Form field the message belongs to, for inline display. */
  readonly field?: string;
  /** Short stable code for tests and the UI ("invitation.already_exists"). */
  readonly code?: string;
  /** The Microsoft error behind it, already explained through the catalogue. */
  readonly explained?: ExplainedError;

  constructor(
    message: string,
    options: { field?: string; code?: string; explained?: ExplainedError; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.field = options.field;
    this.code = options.code;
    this.explained = options.explained;
  }
}

export function isUserFacingError(e: unknown): e is UserFacingError {
  return e instanceof UserFacingError;
}

export interface UserFacingMessage {
  message: string;
  /** For Microsoft errors: the catalogue's explanation (staff pages show meaning and fix). */
  explained?: ExplainedError;
  /** Present when the real error was logged; quote it to find the log line. */
  correlationId?: string;
  field?: string;
  code?: string;
}

export type ErrorLogger = (entry: { correlationId: string; context?: string; error: string; stack?: string }) => void;

const defaultLogger: ErrorLogger = (entry) => logger.error(entry, "unexpected error");

/** Describes an unknown thrown value for the server log, with anything secret-looking removed. */
export function describeErrorForLog(error: unknown): { error: string; stack?: string } {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? ` (cause: ${error.cause.name}: ${error.cause.message})` : "";
    return {
      error: redactSecrets(`${error.name}: ${error.message}${cause}`),
      stack: error.stack ? redactSecrets(error.stack) : undefined,
    };
  }
  let text: string;
  try {
    text = typeof error === "string" ? error : (JSON.stringify(error) ?? String(error));
  } catch {
    text = String(error);
  }
  return { error: redactSecrets(text) };
}

/** UserFacingMessage.code of a database outage (lib/shared/database-unavailable.ts recognises it). */
export const DATABASE_UNAVAILABLE_CODE = "database_unavailable";

export const GENERIC_ERROR_MESSAGE =
  "Something went wrong on our side. Please try again; if it keeps happening, contact support and quote the reference.";

const MICROSOFT_ERROR_NAMES = new Set([
  "GraphRequestError",
  "AmbiguousWriteError", // lib/graph
  "ServerError",
  "InteractionRequiredAuthError",
  "AuthError",
  "ClientAuthError",
  "ClientConfigurationError", // MSAL
]);

/** Errors that came from Microsoft (or from talking to it) and that the catalogue can explain. */
export function isMicrosoftError(error: unknown): error is Error {
  return error instanceof Error && MICROSOFT_ERROR_NAMES.has(error.name);
}

/**
 * Turns anything thrown into a message fit for people. A UserFacingError keeps its message; a
 * Microsoft error is explained through the catalogue (staff see its title, the invited user the
 * catalogue's wording for them); anything else becomes a generic message. Microsoft and unknown
 * errors are logged server-side (redacted) under a fresh correlation id shown with the message -
 * never `e.message` of an unknown error.
 */
export function toUserFacingMessage(
  error: unknown,
  options: { context?: string; log?: ErrorLogger; audience?: "staff" | "invited-user" } = {},
): UserFacingMessage {
  if (isUserFacingError(error))
    return { message: error.message, field: error.field, code: error.code, explained: error.explained };
  const correlationId = randomUUID();
  (options.log ?? defaultLogger)({ correlationId, context: options.context, ...describeErrorForLog(error) });
  if (isDatabaseUnavailable(error)) {
    return {
      message: `${DATABASE_UNAVAILABLE_MESSAGE} (reference ${correlationId})`,
      correlationId,
      code: DATABASE_UNAVAILABLE_CODE,
    };
  }
  if (isMicrosoftError(error)) {
    const explained = explainMicrosoftError(error);
    const reference = [errorReference(explained), `reference ${correlationId}`].filter(Boolean).join(", ");
    const text =
      options.audience === "invited-user" ? explained.invitedUserMessage : `${explained.title} (${explained.code})`;
    return { message: `${text} (${reference})`, correlationId, explained, code: explained.code };
  }
  return { message: `${GENERIC_ERROR_MESSAGE} (reference ${correlationId})`, correlationId };
}
