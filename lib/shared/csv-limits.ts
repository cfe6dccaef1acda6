/**
 * What one bulk-invite upload may hold, and the words for a file over it. Pure constants and
 * wording: the upload form checks a chosen file with them before sending it, and the server
 * checks again with the same ones (next.config's server-action body limit sits just above).
 */
export const CSV_MAX_BYTES = 5 * 1024 * 1024;
export const CSV_MAX_ROWS = 10_000;

export function megabytes(n: number): string {
  return `${(n / (1024 * 1024)).toFixed(n % (1024 * 1024) === 0 ? 0 : 1)} MB`;
}

/** The limits as the upload page states them: "10,000 rows, 5 MB". */
export const CSV_LIMITS_TEXT = `${CSV_MAX_ROWS.toLocaleString("en-US")} rows, ${megabytes(CSV_MAX_BYTES)}`;

/** Why a file of this many bytes cannot be uploaded, or null when its size is fine. */
export function csvTooLargeMessage(byteLength: number): string | null {
  if (byteLength <= CSV_MAX_BYTES) return null;
  return `The file is ${megabytes(byteLength)}; one upload takes at most ${megabytes(CSV_MAX_BYTES)} (about ${CSV_MAX_ROWS.toLocaleString("en-US")} rows). Split it into smaller files.`;
}
