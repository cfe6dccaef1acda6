import "server-only";
// Writing CSV for people to open in a spreadsheet (bulk-invite results, the audit export).
import Papa from "papaparse";

/**
 * Spreadsheet apps run a cell that starts with = + - @ (or tab/CR) as a formula; a guest's
 * display name like "=HYPERLINK(…)" must come back as text. Papa's own escapeFormulae pattern
 * ends in ".*$", which misses values containing a newline, hence our own pattern (also the
 * full-width variants some spreadsheet apps accept).
 */
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

export type CsvCell = string | number | boolean | null | undefined;

/**
 * Writes rows (e.g. bulk-invite results) as CSV with formula injection neutralised (OWASP's CSV
 * injection advice): a formula-looking cell gets a leading apostrophe, and every field is quoted.
 * The quotes matter where Excel's list separator is ";" (much of Europe): an unquoted cell
 * `x;=HYPERLINK(…)` opens there as two cells, the second a live formula.
 */
export function toSafeCsv(rows: ReadonlyArray<Record<string, CsvCell>>, columns: readonly string[]): string {
  const data = rows.map((row) =>
    columns.map((c) => {
      const v = row[c];
      return v === null || v === undefined ? "" : typeof v === "string" ? v : String(v);
    }),
  );
  return Papa.unparse({ fields: [...columns], data }, { escapeFormulae: FORMULA_START, newline: "\r\n", quotes: true });
}
