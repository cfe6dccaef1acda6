import "server-only";
import Papa from "papaparse";
import { decodeCsvBytes } from "./csv-decode";
import { CSV_MAX_ROWS } from "@/lib/shared/csv-limits";
import {
  validateInvitationInput,
  type InvitationField,
  type InvitationInput,
} from "@/lib/shared/invitation-validation";

export { CSV_MAX_BYTES, decodeCsvBytes } from "./csv-decode";
export { CSV_MAX_ROWS } from "@/lib/shared/csv-limits";

/**
 * Bulk-invite CSV import: decode, find the columns, validate every row with the same rules as
 * the single-invite form, and flag duplicates, so the preview can show each row's fate before
 * anything is sent. Never throws on what a user uploads.
 */
export const CSV_FIELD_LABELS: Record<InvitationField, string> = {
  email: "Email",
  displayName: "Display name",
  userType: "User type",
  sendInvitationMessage: "Send invitation mail",
  customMessage: "Message",
  ccRecipients: "Cc",
  messageLanguage: "Language",
  mailMode: "Mail mode",
};

// Header spellings, compared after lower-casing and dropping spaces, dashes, underscores and dots.
const HEADER_ALIASES: Record<string, InvitationField> = {};
const aliases: Record<InvitationField, string[]> = {
  email: [
    "email",
    "emailaddress",
    "mail",
    "invitedemail",
    "invitedemailaddress",
    "invitedaddress",
    "inviteduseremailaddress",
    "address",
  ],
  displayName: ["displayname", "name", "fullname", "inviteduserdisplayname"],
  userType: ["usertype", "type", "invitedusertype", "guestormember"],
  sendInvitationMessage: [
    "sendinvitationmessage",
    "sendinvitation",
    "sendinvite",
    "sendemail",
    "sendmail",
    "sendmessage",
  ],
  customMessage: ["message", "custommessage", "personalmessage", "customizedmessagebody", "invitationmessage"],
  ccRecipients: ["cc", "ccrecipient", "ccrecipients", "ccemail", "ccaddress"],
  messageLanguage: ["language", "messagelanguage", "lang", "locale"],
  mailMode: ["mailmode", "mailfrom", "sentby"],
};
for (const [field, names] of Object.entries(aliases) as [InvitationField, string[]][])
  for (const n of names) HEADER_ALIASES[n] = field;

// Contact exports (Outlook, Google) have no display name but split names; in this order they make one.
const NAME_PART_HEADERS: Array<[part: "first" | "middle" | "last", names: string[]]> = [
  ["first", ["firstname", "givenname", "forename", "first"]],
  ["middle", ["middlename", "middle"]],
  ["last", ["lastname", "surname", "familyname", "last"]],
];

const normaliseHeader = (h: string) =>
  h
    .replace(/^\uFEFF/, "")
    .toLowerCase()
    .replace(/[\s_\-.]+/g, "");

export type CsvRowInput = Partial<Record<InvitationField, string>>;

export interface CsvImportRow {
  /** The row as a spreadsheet numbers it (the header row is 1). */
  rowNumber: number;
  input: CsvRowInput;
  ok: boolean;
  /** The checked invitation, when ok. */
  value?: InvitationInput;
  /** Reasons in plain words, each prefixed with its column ("Email: …"). */
  errors: string[];
  /** Row number of the first row with the same address, when this row repeats it. */
  duplicateOf?: number;
}

/** The characters a CSV's columns may be separated by: Excel writes ";" where "," is the decimal mark. */
export type CsvDelimiter = "," | ";" | "\t" | "|";

export interface CsvImportSummary {
  /** The character that separated the columns. */
  delimiter: CsvDelimiter;
  totalRows: number;
  validRows: number;
  invalidRows: number;
  duplicateRows: number;
  headerDetected: boolean;
  /** Which column (by header text) feeds which field; "First Name + Last Name" when names are composed. */
  columns: Partial<Record<InvitationField, string>>;
  ignoredColumns: string[];
}

export interface CsvImportResult {
  rows: CsvImportRow[];
  summary: CsvImportSummary;
  /** Set when the file as a whole cannot be used; rows is then empty. */
  fileError?: string;
}

const emptySummary = (): CsvImportSummary => ({
  delimiter: ",",
  totalRows: 0,
  validRows: 0,
  invalidRows: 0,
  duplicateRows: 0,
  headerDetected: false,
  columns: {},
  ignoredColumns: [],
});
const fail = (fileError: string): CsvImportResult => ({ rows: [], summary: emptySummary(), fileError });

const isBlankRecord = (record: string[]) => record.every((cell) => cell.trim() === "");

interface ColumnMap {
  byIndex: Map<number, InvitationField>;
  /** Columns whose cells, joined by spaces, are the display name (when the file has none). */
  nameParts: number[];
  columns: Partial<Record<InvitationField, string>>;
  ignored: string[];
  headerDetected: boolean;
}

function mapColumns(first: string[]): ColumnMap | { error: string } {
  const byIndex = new Map<number, InvitationField>();
  const columns: Partial<Record<InvitationField, string>> = {};
  const ignored: string[] = [];
  first.forEach((raw, i) => {
    const field = HEADER_ALIASES[normaliseHeader(raw)];
    if (field && !columns[field]) {
      byIndex.set(i, field);
      columns[field] = raw.trim();
    } else if (raw.trim() !== "") ignored.push(raw.trim());
  });
  if (!columns.email) {
    // "Work email", "E-mail (primary)"…: any header that mentions email, except a cc column.
    const index = first.findIndex((raw) => /e?mail/.test(normaliseHeader(raw)) && !/^cc/.test(normaliseHeader(raw)));
    if (index >= 0 && !byIndex.has(index)) {
      byIndex.set(index, "email");
      columns.email = (first[index] ?? "").trim();
      const at = ignored.indexOf(columns.email);
      if (at >= 0) ignored.splice(at, 1);
    }
  }
  const nameParts: number[] = [];
  if (!columns.displayName) {
    const headers: string[] = [];
    for (const [, names] of NAME_PART_HEADERS) {
      const index = first.findIndex((raw, i) => !byIndex.has(i) && names.includes(normaliseHeader(raw)));
      if (index < 0) continue;
      const header = (first[index] ?? "").trim();
      nameParts.push(index);
      headers.push(header);
      const at = ignored.indexOf(header);
      if (at >= 0) ignored.splice(at, 1);
    }
    if (nameParts.length > 0) columns.displayName = headers.join(" + ");
  }
  if (columns.email) return { byIndex, nameParts, columns, ignored, headerDetected: true };
  // No header row: a first cell that is an address means the file is just "email[,name]" lines.
  if (first[0]?.includes("@")) {
    return {
      byIndex: new Map<number, InvitationField>([
        [0, "email"],
        [1, "displayName"],
      ]),
      nameParts: [],
      columns: { email: "column 1", displayName: "column 2" },
      ignored: first.slice(2).map((_, i) => `column ${i + 3}`),
      headerDetected: false,
    };
  }
  return {
    error:
      "No email column found. The first row should name the columns, for example: email,displayName,userType,message.",
  };
}

const PARSE_ERROR_TEXT: Record<string, string> = {
  MissingQuotes:
    "A quotation mark opened in this row is never closed, so the rest of the file may be read as one cell.",
  UndetectableDelimiter: "Could not tell which character separates the columns; use commas or semicolons.",
  InvalidQuotes: "A quotation mark is in the wrong place.",
};

const DELIMITERS: readonly CsvDelimiter[] = [",", ";", "\t", "|"];

/** The separator in words, as the preview names it. */
export const CSV_DELIMITER_NAMES: Record<CsvDelimiter, string> = {
  ",": "commas",
  ";": "semicolons",
  "\t": "tabs",
  "|": "vertical bars (|)",
};

/**
 * Which character separates the columns: Excel's "sep=;" line when the file starts with one,
 * else the candidate found most often outside quotes in the first line (the header), commas when
 * none is. Papa's own guess needs more than two columns, so "email;name" files were read as one
 * column. Returns the text without a "sep=" line.
 */
export function detectDelimiter(text: string): { delimiter: CsvDelimiter; text: string } {
  const sep = /^sep=(.)\r?\n/i.exec(text);
  const declared = DELIMITERS.find((d) => d === sep?.[1]);
  if (sep && declared) return { delimiter: declared, text: text.slice(sep[0].length) };
  const firstLine = text.replace(/^\s*\n/, "").split(/\r?\n/, 1)[0] ?? "";
  const unquoted = firstLine.replace(/"[^"]*"/g, "");
  let best: CsvDelimiter = ",";
  let bestCount = 0;
  for (const d of DELIMITERS) {
    const count = unquoted.split(d).length - 1;
    if (count > bestCount) [best, bestCount] = [d, count];
  }
  return { delimiter: best, text };
}

/** Parses and checks a bulk-invite CSV (bytes or text). */
export function parseInvitationCsv(data: Uint8Array | ArrayBuffer | string): CsvImportResult {
  const decoded = decodeCsvBytes(data);
  if (!decoded.ok) return fail(decoded.error);
  const { delimiter, text } = detectDelimiter(decoded.text);
  const parsed = Papa.parse<string[]>(text, { header: false, skipEmptyLines: false, delimiter });
  const records = parsed.data.filter((r): r is string[] => Array.isArray(r));
  const firstIndex = records.findIndex((r) => !isBlankRecord(r));
  if (firstIndex < 0) return fail("The file has no rows.");
  const map = mapColumns(records[firstIndex] ?? []);
  if ("error" in map) return fail(map.error);

  const dataStart = map.headerDetected ? firstIndex + 1 : firstIndex;
  const dataCount = records.slice(dataStart).filter((r) => !isBlankRecord(r)).length;
  if (dataCount === 0) return fail("The file has a header row but no invitations below it.");
  if (dataCount > CSV_MAX_ROWS)
    return fail(
      `The file has ${dataCount.toLocaleString("en-US")} rows; one upload takes at most ${CSV_MAX_ROWS.toLocaleString("en-US")}. Split it into several files.`,
    );

  const parseErrorsByRecord = new Map<number, string[]>();
  for (const e of parsed.errors) {
    if (e.row === undefined) continue;
    const list = parseErrorsByRecord.get(e.row) ?? [];
    list.push(PARSE_ERROR_TEXT[e.code] ?? e.message);
    parseErrorsByRecord.set(e.row, list);
  }

  const rows: CsvImportRow[] = [];
  const firstRowByEmail = new Map<string, number>();
  for (let i = dataStart; i < records.length; i++) {
    const record = records[i] ?? [];
    if (isBlankRecord(record)) continue;
    const rowNumber = i + 1;
    const input: CsvRowInput = {};
    for (const [index, field] of map.byIndex) {
      const cell = record[index];
      if (cell !== undefined) input[field] = cell;
    }
    if (map.nameParts.length > 0) {
      const name = map.nameParts
        .map((index) => (record[index] ?? "").trim())
        .filter(Boolean)
        .join(" ");
      if (name) input.displayName = name;
    }
    const errors = [...(parseErrorsByRecord.get(i) ?? [])];
    const checked = validateInvitationInput({ ...input, email: input.email ?? "" });
    let value: InvitationInput | undefined;
    if (checked.ok) value = checked.value;
    else {
      for (const [field, messages] of Object.entries(checked.fieldErrors) as [InvitationField, string[]][])
        for (const m of messages) errors.push(`${CSV_FIELD_LABELS[field]}: ${m}`);
      errors.push(...checked.formErrors);
    }
    let duplicateOf: number | undefined;
    if (value) {
      // Entra matches addresses without regard to case, so Ada@x and ada@x are one person.
      const key = value.email.toLowerCase();
      duplicateOf = firstRowByEmail.get(key);
      if (duplicateOf !== undefined)
        errors.push(`Email: Same address as row ${duplicateOf}; each person is invited once.`);
      else firstRowByEmail.set(key, rowNumber);
    }
    const ok = errors.length === 0;
    rows.push({ rowNumber, input, ok, value: ok ? value : undefined, errors, duplicateOf });
  }

  const summary: CsvImportSummary = {
    delimiter,
    totalRows: rows.length,
    validRows: rows.filter((r) => r.ok).length,
    invalidRows: rows.filter((r) => !r.ok).length,
    duplicateRows: rows.filter((r) => r.duplicateOf !== undefined).length,
    headerDetected: map.headerDetected,
    columns: map.columns,
    ignoredColumns: map.ignored,
  };
  return { rows, summary };
}
