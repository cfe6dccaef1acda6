// Bad input, generated: 10,000 invite forms, 10,000 CSV files (text and raw bytes), the big and
// strange files people really upload, and the results CSV's formula neutralising. Nothing may
// throw, every refusal must say why, and no exported cell may start a spreadsheet formula.
import fc from "fast-check";
import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { runStaffAction } from "@/lib/actions/staff-action";
import { startBulkInviteAction } from "@/lib/invitations/actions/bulk-upload";
import { toSafeCsv } from "@/lib/csv/safe-csv";
import { CSV_MAX_BYTES, CSV_MAX_ROWS, parseInvitationCsv, type CsvImportResult } from "@/lib/invitations/csv";
import { adminSession } from "@/test/int-support";
import { inviteUserAction } from "@/lib/invitations/actions/invite";
import { INVITATION_FIELDS } from "@/lib/shared/invitation-validation";

const RUNS = 10_000;
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

const nasty = fc.constantFrom(
  '=HYPERLINK("https://evil.example","click")',
  "+cmd|' /C calc'!A0",
  "-2+3",
  "@SUM(A1:A9)",
  "\t=1+1",
  "\r=1",
  "＝1+1",
  "<script>alert(1)</script>",
  "a@b.c",
  "user+tag@fabrikam.com",
  "Ünïcødé@例え.jp",
  "\u0000",
  "\uFEFF",
  "\uD800",
  "' OR 1=1 --",
  "x".repeat(5_000),
  "",
  " ",
  "\n",
  '"',
  ",",
  "Guest",
  "Member",
  "true",
  "en-US",
);
const cell = fc.oneof(
  fc.string(),
  fc.string({ unit: "grapheme" }),
  fc.string({ unit: "binary" }),
  nasty,
  fc.emailAddress(),
);
const formFields = fc.oneof(
  fc.dictionary(fc.oneof(fc.constantFrom(...INVITATION_FIELDS), fc.string()), cell, { maxKeys: 10 }),
  // Plausible forms: a real-looking address with strange everything else.
  fc.record(
    {
      email: fc.emailAddress(),
      displayName: fc.oneof(fc.string({ maxLength: 40 }), nasty),
      userType: fc.constantFrom("Guest", "Member", "guest", "", "Admin"),
      customMessage: fc.oneof(fc.string({ maxLength: 80 }), nasty),
      ccRecipients: fc.oneof(fc.constant(""), fc.emailAddress(), nasty),
      messageLanguage: fc.constantFrom("", "en-US", "fr-FR", "xx", "en_US"),
    },
    { requiredKeys: ["email"] },
  ),
);

function explained(result: CsvImportResult): void {
  if (result.fileError !== undefined) {
    expect(result.fileError.trim().length).toBeGreaterThan(10);
    expect(result.rows).toEqual([]);
    return;
  }
  for (const row of result.rows) {
    if (row.ok) {
      expect(row.errors).toEqual([]);
      expect(row.value?.email).toMatch(/^[^@\s]+@[^@\s]+$/);
    } else {
      expect(row.errors.length).toBeGreaterThan(0);
      for (const error of row.errors) expect(error.trim().length).toBeGreaterThan(3);
    }
    if (row.duplicateOf !== undefined) expect(row.duplicateOf).toBeLessThan(row.rowNumber);
  }
  expect(result.summary.validRows + result.summary.invalidRows).toBe(result.rows.length);
}

describe("invite form validation under 10,000 generated forms", () => {
  it("never throws; accepts only a checked address; every refusal names its field", async () => {
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(formFields, async (fields) => {
        const form = new FormData();
        for (const [name, value] of Object.entries(fields)) form.set(name, value);
        const result = await inviteUserAction.validate(form);
        if (result.ok) {
          accepted += 1;
          expect(result.value.email).toMatch(/^[^@\s]+@[^@\s]+$/);
          expect((result.value.displayName ?? "").length).toBeLessThanOrEqual(256);
        } else {
          const messages = Object.values(result.fieldErrors ?? {}).flat();
          expect(messages.length + (result.message ? 1 : 0)).toBeGreaterThan(0);
          for (const key of Object.keys(result.fieldErrors ?? {})) expect(INVITATION_FIELDS).toContain(key);
          for (const message of messages) expect(message.trim().length).toBeGreaterThan(3);
        }
      }),
      { numRuns: RUNS },
    );
    console.log(
      `[fuzz] invite form: ${RUNS} inputs, ${accepted} accepted, ${RUNS - accepted} refused with reasons, 0 thrown`,
    );
  });
});

describe("CSV importer under 10,000 generated files", () => {
  const csvText = fc
    .tuple(
      fc.constantFrom("", "\uFEFF"),
      fc.constantFrom("email,displayName,userType,message\n", "Email Address;Name\n", "", "mail\n"),
      fc.array(fc.array(cell, { maxLength: 6 }), { maxLength: 30 }),
      fc.constantFrom("\n", "\r\n", "\r"),
    )
    .map(([bom, header, records, newline]) => bom + header + records.map((r) => r.join(",")).join(newline));

  it("text: never throws, explains every refused row and the file errors", () => {
    fc.assert(
      fc.property(csvText, (text) => explained(parseInvitationCsv(text))),
      { numRuns: RUNS / 2 },
    );
  });

  it("raw bytes (any encoding, binary, UTF-16): never throws, explains itself", () => {
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 2_000 }),
      csvText.map((t) => new TextEncoder().encode(t)),
      csvText.map((t) => Buffer.from(t, "latin1")),
      csvText.map((t) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(t, "utf16le")])),
    );
    fc.assert(
      fc.property(bytes, (data) => explained(parseInvitationCsv(new Uint8Array(data)))),
      { numRuns: RUNS / 2 },
    );
  });

  it("the files people really upload: 100k rows, over 5 MB, Windows-1252, UTF-16, xlsx, BOM, duplicates, formulas", () => {
    const big = ["email", ...Array.from({ length: 100_000 }, (_, i) => `u${i}@fabrikam.com`)].join("\n");
    const tooManyRows = parseInvitationCsv(big);
    expect(tooManyRows.fileError).toMatch(/100,000 rows.*at most 10,000/);
    const atLimit = parseInvitationCsv(
      ["email", ...Array.from({ length: CSV_MAX_ROWS }, (_, i) => `u${i}@fabrikam.com`)].join("\n"),
    );
    expect(atLimit.summary.validRows).toBe(CSV_MAX_ROWS);

    expect(parseInvitationCsv(new Uint8Array(CSV_MAX_BYTES + 1).fill(0x61)).fileError).toMatch(/at most 5 MB/);
    expect(parseInvitationCsv(Buffer.from("email\nrené@fabrikam.com\n", "latin1")).fileError).toMatch(
      /not UTF-8.*line 2/,
    );
    expect(
      parseInvitationCsv(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("email\na@b.com", "utf16le")]))
        .fileError,
    ).toMatch(/UTF-16/);
    expect(parseInvitationCsv(Buffer.from("PK\u0003\u0004 workbook")).fileError).toMatch(/Excel workbook/);
    expect(parseInvitationCsv(new Uint8Array(0)).fileError).toMatch(/empty/);
    expect(parseInvitationCsv("email,displayName\nada@fabrikam.com,A\u0000da").fileError).toMatch(/NUL/);

    const withBom = parseInvitationCsv(
      Buffer.from('\uFEFFEmail,Name\nada@fabrikam.com,Ada\nADA@fabrikam.com,Ada again\n=HYPERLINK("x"),Eve\n', "utf8"),
    );
    expect(withBom.summary).toMatchObject({ headerDetected: true, totalRows: 3, validRows: 1, duplicateRows: 1 });
    expect(withBom.rows[1]?.errors.join(" ")).toMatch(/Same address as row 2/);
    expect(withBom.rows[2]?.errors.join(" ")).toMatch(/^Email: /);
  });

  it("through the upload action too: 300 generated files give a preview or a field error, never an internal failure", async () => {
    const admin = await adminSession();
    const seen = new Set<string>();
    await fc.assert(
      fc.asyncProperty(csvText, async (text) => {
        const form = new FormData();
        form.set("file", new File([text], "fuzz.csv", { type: "text/csv" }));
        const result = await runStaffAction(startBulkInviteAction, admin, form);
        seen.add(result.ok ? "preview" : result.code);
        if (!result.ok) {
          expect(result.code).toBe("invalid");
          expect(result.fieldErrors?.file?.join(" ") ?? result.message).toMatch(/\w{4,}/);
        }
      }),
      { numRuns: 300 },
    );
    expect([...seen].every((code) => code === "preview" || code === "invalid")).toBe(true);
  }, 240_000);
});

describe("results CSV export", () => {
  it("neutralises formula injection in every cell of 10,000 generated rows", () => {
    const value = fc.oneof(cell, fc.integer(), fc.double(), fc.boolean(), fc.constant(null));
    fc.assert(
      fc.property(
        fc.array(fc.record({ email: value, displayName: value, reason: value }), { minLength: 1, maxLength: 5 }),
        (rows) => {
          const csv = toSafeCsv(rows, ["email", "displayName", "reason"]);
          const parsed = Papa.parse<string[]>(csv, { header: false, delimiter: ",", newline: "\r\n" });
          for (const record of parsed.data.slice(1))
            for (const exported of record) expect(exported).not.toMatch(FORMULA_START);
        },
      ),
      { numRuns: RUNS },
    );
  });
});
