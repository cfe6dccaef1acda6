// What every staff action returns (ActionResult) and how a failure is described: codes for the UI
// to branch on, a message for people, a Microsoft error as the catalogue explains it. Shared by the
// server actions of every domain and the pages and forms that call them; types only, safe in a
// browser bundle.

/** Why an action did not do what was asked; stable, for the UI to branch on. */
export type ActionErrorCode =
  /** No signed-in staff session: the page should send the person to sign in. */
  | "unauthenticated"
  /** Signed in, but the role does not allow this action. */
  | "forbidden"
  /** Input failed validation; see fieldErrors / message. */
  | "invalid"
  | "not_found"
  /** Rate limited by Guestpass (resend): see retryAt. */
  | "rate_limited"
  /** The state of the record does not allow it (e.g. resend of a revoked invitation). */
  | "conflict"
  /** Microsoft refused or failed; see explanation. */
  | "microsoft_error"
  /** A part of this action is not built yet. */
  | "not_ready"
  /** The database is down or restarting: nothing was done, try again in a minute. */
  | "unavailable"
  /** Anything unexpected; see correlationId (the server log has the details). */
  | "internal";

/** A Microsoft error as explained by the catalogue (lib/errors), trimmed to what a page shows. */
export interface ErrorExplanation {
  code: string;
  title: string;
  meaning: string;
  fix: readonly string[];
  requestId?: string;
  /** When Microsoft answered, e.g. "2026-11-24T14:02:11Z" (quote it to Microsoft support with the request id). */
  timestamp?: string;
}

export interface ActionSuccess<T> {
  ok: true;
  data: T;
  /** A short confirmation for a toast, e.g. "Invitation queued for ada@fabrikam.com". */
  message?: string;
}

export interface ActionFailure {
  ok: false;
  code: ActionErrorCode;
  /** Written for people; safe to show as is. */
  message: string;
  /** Inline errors keyed by form field name (the same names the form posts). */
  fieldErrors?: Record<string, string[]>;
  /** For code "rate_limited": when the action is available again (ISO 8601). */
  retryAt?: string;
  explanation?: ErrorExplanation;
  /** Quote it to find the server log line (unexpected errors only). */
  correlationId?: string;
}

/** What every staff action returns. */
export type ActionResult<T> = ActionSuccess<T> | ActionFailure;
