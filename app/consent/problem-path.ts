// Where a consent route handler sends the browser after an error it did not expect: the
// "temporarily unavailable" page while the database is down (nothing was done; the link still
// works once it is back), the generic problem page otherwise, each with the correlation id the
// error was logged under (redacted) for support.
import { toUserFacingMessage } from "@/lib/errors/user-error";
import { isDatabaseUnavailable } from "@/lib/shared/database-unavailable";

export function unexpectedErrorPath(error: unknown, context: string): string {
  const shown = toUserFacingMessage(error, { context });
  const ref = encodeURIComponent(shown.correlationId ?? "");
  return isDatabaseUnavailable(error) ? `/consent/problem/unavailable?ref=${ref}` : `/consent/problem/error?ref=${ref}`;
}
