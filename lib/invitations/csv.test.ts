import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CSV_MAX_BYTES, CSV_MAX_ROWS, parseInvitationCsv } from "./csv";

const utf8 = (s: string) => new TextEncoder().encode(s);

describe("parseInvitationCsv", () => {
  it("finds columns whatever their spelling, strips the BOM and validates each row", () => {
    const file = utf8(
      "\uFEFFE-Mail Address;Display Name;User_Type;Personal message;Favourite colour\n" +
        "ada@Contoso.com;Ada Lovelace;member;Welcome!;blue\n" +
        "grace!@contoso.com;Grace;guest;;red\n" +
        "\n" +
        "ADA@contoso.com;Ada again;;;green\n",
    );
    const result = parseInvitationCsv(file);
    expect(result.fileError).toBeUndefined();
    expect(result.summary).toMatchObject({
      totalRows: 3,
      validRows: 1,
      invalidRows: 2,
      duplicateRows: 1,
      headerDetected: true,
      columns: {
        email: "E-Mail Address",
        displayName: "Display Name",
        userType: "User_Type",
        customMessage: "Personal message",
      },
      ignoredColumns: ["Favourite colour"],
    });
    const [ada, grace, again] = result.rows;
    expect(ada).toMatchObject({
      rowNumber: 2,
      ok: true,
      value: { email: "ada@contoso.com", userType: "Member", customMessage: "Welcome!" },
    });
    expect(grace).toMatchObject({ rowNumber: 3, ok: false });
    expect(grace?.errors[0]).toMatch(/^Email: .*exclamation mark/);
    expect(again).toMatchObject({ rowNumber: 5, ok: false, duplicateOf: 2 });
    expect(again?.errors[0]).toMatch(/Same address as row 2/);
  });

  it("takes any header that mentions email when no exact name matches", () => {
    const result = parseInvitationCsv("Name,Work Email (primary),CC email\nAda,ada@contoso.com,\n");
    expect(result.summary.columns).toEqual({
      displayName: "Name",
      email: "Work Email (primary)",
      ccRecipients: "CC email",
    });
    expect(result.summary.ignoredColumns).toEqual([]);
    expect(result.rows[0]?.value?.email).toBe("ada@contoso.com");
  });

  it("reads a file without a header as email[,name] lines", () => {
    const result = parseInvitationCsv("ada@contoso.com,Ada\r\ngrace@contoso.com\r\n");
    expect(result.summary.headerDetected).toBe(false);
    expect(result.rows.map((r) => [r.rowNumber, r.ok, r.value?.displayName])).toEqual([
      [1, true, "Ada"],
      [2, true, undefined],
    ]);
  });

  it("splits semicolon and tab files at their separator, and says which it was", () => {
    const semicolons = parseInvitationCsv(
      "email;displayName\nada@fabrikam.com;Ada Lovelace\nbob@fabrikam.com;Lovelace, Bob\n",
    );
    expect(semicolons.summary).toMatchObject({ delimiter: ";", validRows: 2, invalidRows: 0 });
    expect(semicolons.rows.map((r) => r.value?.displayName)).toEqual(["Ada Lovelace", "Lovelace, Bob"]);
    expect(parseInvitationCsv("email\tname\nada@fabrikam.com\tAda\n").summary).toMatchObject({
      delimiter: "\t",
      validRows: 1,
    });
    // Excel's "sep=;" first line names the separator and is not the header.
    const declared = parseInvitationCsv("sep=;\r\nemail;name\r\nada@fabrikam.com;Ada\r\n");
    expect(declared.summary).toMatchObject({ delimiter: ";", validRows: 1, headerDetected: true });
    // A comma inside a quoted header does not outvote the real separator.
    expect(parseInvitationCsv('"Email, work";name\nada@fabrikam.com;Ada\n').summary.delimiter).toBe(";");
    expect(parseInvitationCsv("email\nada@fabrikam.com\n").summary.delimiter).toBe(",");
  });

  it("makes the display name from First, Middle and Last Name when there is no display name column", () => {
    const outlook = parseInvitationCsv(
      '"First Name","Middle Name","Last Name","Company","E-mail Address"\n"Grace","Brewster","Hopper","US Navy","grace@fabrikam.com"\n"Ada","","Lovelace","","ada@fabrikam.com"\n',
    );
    expect(outlook.rows.map((r) => r.value?.displayName)).toEqual(["Grace Brewster Hopper", "Ada Lovelace"]);
    expect(outlook.summary.columns).toMatchObject({
      email: "E-mail Address",
      displayName: "First Name + Middle Name + Last Name",
    });
    expect(outlook.summary.ignoredColumns).toEqual(["Company"]);
    // A display name column wins; the name parts are then reported as not used.
    const both = parseInvitationCsv("email,displayName,First Name\nada@fabrikam.com,Countess Lovelace,Ada\n");
    expect(both.rows[0]?.value?.displayName).toBe("Countess Lovelace");
    expect(both.summary.ignoredColumns).toEqual(["First Name"]);
  });

  it("keeps quoted commas and line breaks inside cells", () => {
    const result = parseInvitationCsv('email,message\nada@contoso.com,"Hello, Ada.\nSee you soon."\n');
    expect(result.rows[0]?.value?.customMessage).toBe("Hello, Ada.\nSee you soon.");
  });

  it.each([
    ["UTF-16 with BOM", new Uint8Array([0xff, 0xfe, 0x65, 0x00, 0x6d, 0x00]), /UTF-16/],
    ["Windows-1252", new Uint8Array([...utf8("email,name\nada@contoso.com,Ren"), 0xe9, 0x0a]), /not UTF-8.*line 2/],
    ["an xlsx workbook", new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]), /Excel workbook/],
    ["an empty file", new Uint8Array(), /empty/],
  ])("refuses %s with instructions", (_name, bytes, message) => {
    const result = parseInvitationCsv(bytes);
    expect(result.rows).toEqual([]);
    expect(result.fileError).toMatch(message);
  });

  it("refuses files without an email column, without rows, or over the caps", () => {
    expect(parseInvitationCsv("name,type\nAda,Guest\n").fileError).toMatch(/No email column/);
    expect(parseInvitationCsv("email\n\n").fileError).toMatch(/no invitations/);
    const tooMany = "email\n" + Array.from({ length: CSV_MAX_ROWS + 1 }, (_, i) => `u${i}@contoso.com`).join("\n");
    expect(parseInvitationCsv(tooMany).fileError).toMatch(/10,001 rows.*at most 10,000/);
    expect(parseInvitationCsv(new Uint8Array(CSV_MAX_BYTES + 1)).fileError).toMatch(/at most 5 MB/);
  });

  it("accepts exactly the row cap", () => {
    const atCap = "email\n" + Array.from({ length: CSV_MAX_ROWS }, (_, i) => `u${i}@contoso.com`).join("\n");
    const result = parseInvitationCsv(atCap);
    expect(result.summary.validRows).toBe(CSV_MAX_ROWS);
  });

  it("reports a cell with an unclosed quote", () => {
    const result = parseInvitationCsv('email,displayName\nada@contoso.com,"Ada\n');
    expect(result.rows[0]?.errors.join(" ")).toMatch(/quotation mark/);
    expect(result.rows[0]?.ok).toBe(false);
  });

  it("never throws and gives every rejected row a reason (property)", () => {
    const cell = fc.oneof(
      fc.emailAddress(),
      fc.string({ unit: "binary", maxLength: 20 }),
      fc.constantFrom("Guest", "member", "", '"', "=1+1"),
    );
    const file = fc.oneof(
      fc
        .array(fc.array(cell, { minLength: 1, maxLength: 5 }), { maxLength: 20 })
        .map((rows) => "email,displayName,userType,message,cc\n" + rows.map((r) => r.join(",")).join("\n")),
      fc.string({ unit: "binary", maxLength: 300 }),
      fc.uint8Array({ maxLength: 300 }),
    );
    fc.assert(
      fc.property(file, (input) => {
        const result = parseInvitationCsv(input);
        if (result.fileError) expect(result.rows).toEqual([]);
        for (const row of result.rows) {
          if (!row.ok) expect(row.errors.length).toBeGreaterThan(0);
          else expect(row.value?.email).toBeTruthy();
        }
        expect(result.summary.validRows + result.summary.invalidRows).toBe(result.rows.length);
      }),
      { numRuns: 300 },
    );
    // ~1 s of CPU; on a shared CI machine that can take longer than vitest's default 5 s.
  }, 60_000);
});
